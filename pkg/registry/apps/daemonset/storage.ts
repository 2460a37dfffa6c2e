/** DaemonSet storage with status (mirrors pkg/registry/apps/daemonset/storage/storage.go). */
import type { DaemonSet } from '../../../apis/apps/v1/types.js';
import { daemonSetTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import { newStoreWithSubresources } from '../../storage-helpers.js';
import { daemonSetStatusStrategy, daemonSetStrategy } from './strategy.js';

export function newDaemonSetStorage(opts: RESTOptions) {
  return newStoreWithSubresources<DaemonSet>(
    opts,
    {
      qualifiedResource: { group: 'apps', resource: 'daemonsets' },
      kind: { group: 'apps', version: 'v1', kind: 'DaemonSet' },
      strategy: daemonSetStrategy,
      tableConvertor: daemonSetTableConvertor,
    },
    { status: daemonSetStatusStrategy },
  );
}
