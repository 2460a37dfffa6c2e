/** ReplicaSet storage with status and scale (mirrors pkg/registry/apps/replicaset/storage/storage.go). */
import type { ReplicaSet } from '../../../apis/apps/v1/types.js';
import { replicaSetTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import { newStoreWithSubresources, replicasScale } from '../../storage-helpers.js';
import { replicaSetSelectableFields, replicaSetStatusStrategy, replicaSetStrategy } from './strategy.js';

export function newReplicaSetStorage(opts: RESTOptions) {
  return newStoreWithSubresources<ReplicaSet>(
    opts,
    {
      qualifiedResource: { group: 'apps', resource: 'replicasets' },
      kind: { group: 'apps', version: 'v1', kind: 'ReplicaSet' },
      strategy: replicaSetStrategy,
      selectableFields: replicaSetSelectableFields,
      tableConvertor: replicaSetTableConvertor,
    },
    { status: replicaSetStatusStrategy, scale: replicasScale() },
  );
}
