/** CustomResourceDefinition storage with status (mirrors apiextensions-apiserver pkg/registry/customresourcedefinition/etcd.go). */
import type { CustomResourceDefinition } from '../../../apis/apiextensions/v1/types.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { newStatusREST } from '../../subresource/status.js';
import { customResourceDefinitionStatusStrategy, customResourceDefinitionStrategy } from './strategy.js';

export function newCustomResourceDefinitionStorage(opts: RESTOptions) {
  const store = newRegistryStore<CustomResourceDefinition>(opts, {
    resource: {
      group: 'apiextensions.k8s.io',
      version: 'v1',
      resource: 'customresourcedefinitions',
      kind: 'CustomResourceDefinition',
    },
    // Upstream stores CRDs under the group-qualified prefix.
    resourcePrefix: 'apiextensions.k8s.io/customresourcedefinitions',
    strategy: customResourceDefinitionStrategy,
  });
  return { store, status: newStatusREST(store, customResourceDefinitionStatusStrategy) };
}
