/** ReplicationController storage with status and scale (mirrors pkg/registry/core/replicationcontroller/storage/storage.go). */
import type { ReplicationController } from '../../../apis/core/v1/types.js';
import { replicationControllerTableConvertor } from '../../../printers/internalversion/printers-core.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { newScaleREST, type ScaleAccessors } from '../../subresource/scale.js';
import { newStatusREST } from '../../subresource/status.js';
import {
  replicationControllerSelectableFields,
  replicationControllerStatusStrategy,
  replicationControllerStrategy,
} from './strategy.js';

/** A replication controller's selector is a plain label map, not a LabelSelector. */
const replicationControllerScale: ScaleAccessors<ReplicationController> = {
  specReplicas: (rc) => rc.spec?.replicas ?? 0,
  setSpecReplicas: (rc, n) => void ((rc.spec ??= {}).replicas = n),
  statusReplicas: (rc) => rc.status?.replicas ?? 0,
  // labels.SelectorFromSet(spec.selector).String(): sorted key=value pairs.
  selector: (rc) =>
    Object.keys(rc.spec?.selector ?? {})
      .sort()
      .map((k) => `${k}=${rc.spec?.selector?.[k] ?? ''}`)
      .join(','),
};

export function newReplicationControllerStorage(opts: RESTOptions) {
  const store = newRegistryStore<ReplicationController>(opts, {
    resource: { group: '', version: 'v1', resource: 'replicationcontrollers', kind: 'ReplicationController' },
    resourcePrefix: 'controllers',
    strategy: replicationControllerStrategy,
    selectableFields: replicationControllerSelectableFields,
    tableConvertor: replicationControllerTableConvertor,
  });
  return {
    store,
    status: newStatusREST(store, replicationControllerStatusStrategy),
    scale: newScaleREST(store, replicationControllerScale),
  };
}
