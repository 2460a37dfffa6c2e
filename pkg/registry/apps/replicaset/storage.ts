/** ReplicaSet storage with status and scale (mirrors pkg/registry/apps/replicaset/storage/storage.go). */
import type { ReplicaSet } from '../../../apis/apps/v1/types.js';
import { replicaSetTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { newScaleREST, replicasScale } from '../../subresource/scale.js';
import { newStatusREST } from '../../subresource/status.js';
import { replicaSetSelectableFields, replicaSetStatusStrategy, replicaSetStrategy } from './strategy.js';

export function newReplicaSetStorage(opts: RESTOptions) {
  const store = newRegistryStore<ReplicaSet>(opts, {
    resource: { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet' },
    strategy: replicaSetStrategy,
    selectableFields: replicaSetSelectableFields,
    tableConvertor: replicaSetTableConvertor,
  });
  return { store, status: newStatusREST(store, replicaSetStatusStrategy), scale: newScaleREST(store, replicasScale()) };
}
