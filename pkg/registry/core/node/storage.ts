/** Node storage with its status subresource (mirrors pkg/registry/core/node/storage/storage.go). */
import type { Node } from '../../../apis/core/v1/types.js';
import type { RESTOptions } from '../../generic/options.js';
import { newStore, type Store } from '../../generic/registry/store.js';
import type { StoreOptions } from '../../generic/registry/store-options.js';
import type { Getter, Updater } from '../../rest/rest.js';
import { newStatusStorage } from '../../subresource/status.js';
import { nodeTableConvertor } from '../../../printers/internalversion/printers-core.js';
import { nodeSelectableFields, nodeStatusStrategy, nodeStrategy } from './strategy.js';

export function newNodeStorage(opts: RESTOptions): { store: Store; status: Getter & Updater } {
  const options: StoreOptions<Node> = {
    restOptions: opts,
    qualifiedResource: { group: '', resource: 'nodes' },
    kind: { group: '', version: 'v1', kind: 'Node' },
    resourcePrefix: 'minions',
    createStrategy: nodeStrategy,
    updateStrategy: nodeStrategy,
    deleteStrategy: nodeStrategy,
    selectableFields: nodeSelectableFields,
    tableConvertor: nodeTableConvertor,
  };
  return { store: newStore(options), status: newStatusStorage(options, nodeStatusStrategy) };
}
