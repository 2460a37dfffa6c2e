/** apiextensions.k8s.io/v1 (mirrors apiextensions-apiserver's APIGroupInfo): CRDs as stored objects. */
import { resourceInfo as info, subresourcesOf as subs } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newCustomResourceDefinitionStorage } from '../customresourcedefinition/storage.js';

const v1 = { group: 'apiextensions.k8s.io', version: 'v1' };

export function newAPIExtensionsAPIGroup(opts: RESTOptions): APIGroupInfo {
  const crds = newCustomResourceDefinitionStorage(opts);
  return {
    group: v1.group,
    versions: [
      {
        version: 'v1',
        resources: [
          info(v1, 'customresourcedefinitions', 'CustomResourceDefinition', false, crds.store, {
            shortNames: ['crd', 'crds'],
            categories: ['api-extensions'],
            ...subs(crds),
          }),
        ],
      },
    ],
  };
}
