/**
 * PriorityClass storage (mirrors pkg/registry/scheduling/priorityclass/storage/storage.go): the
 * system priority classes cannot be deleted:
 *   403 priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted
 */
import { newForbidden } from '../../../api/errors/errors.js';
import type { PriorityClass } from '../../../apis/scheduling/v1/types.js';
import { systemPriorityClasses } from '../../../apis/scheduling/validation/validation.js';
import { priorityClassTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { priorityClassStrategy } from './strategy.js';

export function newPriorityClassStorage(opts: RESTOptions): Store<PriorityClass> {
  const store = newRegistryStore(opts, {
    resource: { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses', kind: 'PriorityClass' },
    strategy: priorityClassStrategy,
    tableConvertor: priorityClassTableConvertor,
  });
  return {
    ...store,
    delete(ctx, name, o) {
      if (systemPriorityClasses.some((pc) => pc.metadata.name === name)) {
        return Promise.reject(
          newForbidden(store.qualifiedResource, name, 'this is a system priority class and cannot be deleted'),
        );
      }
      return store.delete(ctx, name, o);
    },
  };
}
