/** ControllerRevision storage (mirrors pkg/registry/apps/controllerrevision/storage/storage.go). */
import type { ControllerRevision } from '../../../apis/apps/v1/types.js';
import { controllerRevisionTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { controllerRevisionStrategy } from './strategy.js';

export function newControllerRevisionStorage(opts: RESTOptions): Store<ControllerRevision> {
  return newRegistryStore(opts, {
    resource: { group: 'apps', version: 'v1', resource: 'controllerrevisions', kind: 'ControllerRevision' },
    strategy: controllerRevisionStrategy,
    tableConvertor: controllerRevisionTableConvertor,
  });
}
