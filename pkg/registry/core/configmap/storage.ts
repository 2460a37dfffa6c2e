/** ConfigMap storage (mirrors pkg/registry/core/configmap/storage/storage.go). */
import type { RESTOptions } from '../../generic/options.js';
import { newStore, type Store } from '../../generic/registry/store.js';
import { configMapTableConvertor } from '../../../printers/internalversion/printers-core.js';
import { configMapStrategy } from './strategy.js';

export function newConfigMapStorage(opts: RESTOptions): Store {
  return newStore({
    restOptions: opts,
    qualifiedResource: { group: '', resource: 'configmaps' },
    kind: { group: '', version: 'v1', kind: 'ConfigMap' },
    createStrategy: configMapStrategy,
    updateStrategy: configMapStrategy,
    deleteStrategy: configMapStrategy,
    tableConvertor: configMapTableConvertor,
  });
}
