/** DaemonSet storage with status (mirrors pkg/registry/apps/daemonset/storage/storage.go). */
import type { DaemonSet } from '../../../apis/apps/v1/types.js';
import { daemonSetTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { newStatusREST } from '../../subresource/status.js';
import { daemonSetStatusStrategy, daemonSetStrategy } from './strategy.js';

export function newDaemonSetStorage(opts: RESTOptions) {
  const store = newRegistryStore<DaemonSet>(opts, {
    resource: { group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet' },
    strategy: daemonSetStrategy,
    tableConvertor: daemonSetTableConvertor,
  });
  return { store, status: newStatusREST(store, daemonSetStatusStrategy) };
}
