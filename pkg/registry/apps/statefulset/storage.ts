/** StatefulSet storage with status and scale (mirrors pkg/registry/apps/statefulset/storage/storage.go). */
import type { StatefulSet } from '../../../apis/apps/v1/types.js';
import { statefulSetTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { newScaleREST, replicasScale } from '../../subresource/scale.js';
import { newStatusREST } from '../../subresource/status.js';
import { statefulSetStatusStrategy, statefulSetStrategy } from './strategy.js';

export function newStatefulSetStorage(opts: RESTOptions) {
  const store = newRegistryStore<StatefulSet>(opts, {
    resource: { group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet' },
    strategy: statefulSetStrategy,
    tableConvertor: statefulSetTableConvertor,
  });
  return {
    store,
    status: newStatusREST(store, statefulSetStatusStrategy),
    scale: newScaleREST(store, replicasScale()),
  };
}
