/** CustomResourceDefinition storage with status (mirrors apiextensions-apiserver pkg/registry/customresourcedefinition/etcd.go). */
import type { CustomResourceDefinition } from '../../../apis/apiextensions/v1/types.js';
import type { RESTOptions } from '../../generic/options.js';
import { newStoreWithSubresources } from '../../storage-helpers.js';
import { customResourceDefinitionStatusStrategy, customResourceDefinitionStrategy } from './strategy.js';

export function newCustomResourceDefinitionStorage(opts: RESTOptions) {
  return newStoreWithSubresources<CustomResourceDefinition>(
    opts,
    {
      qualifiedResource: { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' },
      kind: { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' },
      // Upstream stores CRDs under the group-qualified prefix.
      resourcePrefix: 'apiextensions.k8s.io/customresourcedefinitions',
      strategy: customResourceDefinitionStrategy,
    },
    { status: customResourceDefinitionStatusStrategy },
  );
}
