/** apiextensions.k8s.io/v1 (mirrors apiextensions-apiserver's APIGroupInfo): CRDs as stored objects. */
import { groupInfo, storeInfo } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newCustomResourceDefinitionStorage } from '../customresourcedefinition/storage.js';

export function newAPIExtensionsAPIGroup(opts: RESTOptions): APIGroupInfo {
  return groupInfo({ group: 'apiextensions.k8s.io', version: 'v1' }, [
    storeInfo(newCustomResourceDefinitionStorage(opts), {
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
    }),
  ]);
}
