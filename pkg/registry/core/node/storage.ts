/** Node storage with its status subresource (mirrors pkg/registry/core/node/storage/storage.go). */
import type { Node } from '../../../apis/core/v1/types.js';
import { nodeTableConvertor } from '../../../printers/internalversion/printers-core.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { newStatusREST } from '../../subresource/status.js';
import { nodeSelectableFields, nodeStatusStrategy, nodeStrategy } from './strategy.js';

export function newNodeStorage(opts: RESTOptions) {
  const store = newRegistryStore<Node>(opts, {
    resource: { group: '', version: 'v1', resource: 'nodes', kind: 'Node' },
    resourcePrefix: 'minions',
    strategy: nodeStrategy,
    selectableFields: nodeSelectableFields,
    tableConvertor: nodeTableConvertor,
  });
  return { store, status: newStatusREST(store, nodeStatusStrategy) };
}
