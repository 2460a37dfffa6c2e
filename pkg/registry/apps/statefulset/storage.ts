/** StatefulSet storage with status and scale (mirrors pkg/registry/apps/statefulset/storage/storage.go). */
import type { StatefulSet } from '../../../apis/apps/v1/types.js';
import { statefulSetTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import { newStoreWithSubresources, replicasScale } from '../../storage-helpers.js';
import { statefulSetStatusStrategy, statefulSetStrategy } from './strategy.js';

export function newStatefulSetStorage(opts: RESTOptions) {
  return newStoreWithSubresources<StatefulSet>(
    opts,
    {
      qualifiedResource: { group: 'apps', resource: 'statefulsets' },
      kind: { group: 'apps', version: 'v1', kind: 'StatefulSet' },
      strategy: statefulSetStrategy,
      tableConvertor: statefulSetTableConvertor,
    },
    { status: statefulSetStatusStrategy, scale: replicasScale() },
  );
}
