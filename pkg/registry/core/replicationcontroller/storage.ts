/** ReplicationController storage with status and scale (mirrors pkg/registry/core/replicationcontroller/storage/storage.go). */
import type { ReplicationController } from '../../../apis/core/v1/types.js';
import type { RESTOptions } from '../../generic/options.js';
import { newStore, type Store } from '../../generic/registry/store.js';
import type { StoreOptions } from '../../generic/registry/store-options.js';
import type { Getter, Updater } from '../../rest/rest.js';
import { newScaleREST } from '../../subresource/scale.js';
import { newStatusStorage } from '../../subresource/status.js';
import { replicationControllerTableConvertor } from '../../../printers/internalversion/printers-core.js';
import {
  replicationControllerSelectableFields,
  replicationControllerStatusStrategy,
  replicationControllerStrategy,
} from './strategy.js';

export function newReplicationControllerStorage(opts: RESTOptions): {
  store: Store;
  status: Getter & Updater;
  scale: Getter & Updater;
} {
  const options: StoreOptions<ReplicationController> = {
    restOptions: opts,
    qualifiedResource: { group: '', resource: 'replicationcontrollers' },
    kind: { group: '', version: 'v1', kind: 'ReplicationController' },
    resourcePrefix: 'controllers',
    createStrategy: replicationControllerStrategy,
    updateStrategy: replicationControllerStrategy,
    deleteStrategy: replicationControllerStrategy,
    selectableFields: replicationControllerSelectableFields,
    tableConvertor: replicationControllerTableConvertor,
  };
  const store = newStore(options);
  const scale = newScaleREST<ReplicationController>(store, {
    specReplicas: (rc) => rc.spec?.replicas ?? 0,
    setSpecReplicas: (rc, n) => void ((rc.spec ??= {}).replicas = n),
    statusReplicas: (rc) => rc.status?.replicas ?? 0,
    // labels.SelectorFromSet(spec.selector).String(): sorted key=value pairs.
    selector: (rc) =>
      Object.keys(rc.spec?.selector ?? {})
        .sort()
        .map((k) => `${k}=${rc.spec?.selector?.[k] ?? ''}`)
        .join(','),
  });
  return { store, status: newStatusStorage(options, replicationControllerStatusStrategy), scale };
}
