/** ControllerRevision storage (mirrors pkg/registry/apps/controllerrevision/storage/storage.go). */
import type { ControllerRevision } from '../../../apis/apps/v1/types.js';
import { controllerRevisionTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import type { Store } from '../../generic/registry/store.js';
import { newResourceStore } from '../../storage-helpers.js';
import { controllerRevisionStrategy } from './strategy.js';

export function newControllerRevisionStorage(opts: RESTOptions): Store {
  return newResourceStore<ControllerRevision>(opts, {
    qualifiedResource: { group: 'apps', resource: 'controllerrevisions' },
    kind: { group: 'apps', version: 'v1', kind: 'ControllerRevision' },
    strategy: controllerRevisionStrategy,
    tableConvertor: controllerRevisionTableConvertor,
  });
}
