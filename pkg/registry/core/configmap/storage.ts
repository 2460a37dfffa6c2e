/** ConfigMap storage (mirrors pkg/registry/core/configmap/storage/storage.go). */
import type { ConfigMap } from '../../../apis/core/v1/types.js';
import { configMapTableConvertor } from '../../../printers/internalversion/printers-core.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { configMapStrategy } from './strategy.js';

export function newConfigMapStorage(opts: RESTOptions): Store<ConfigMap> {
  return newRegistryStore(opts, {
    resource: { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap' },
    strategy: configMapStrategy,
    tableConvertor: configMapTableConvertor,
  });
}
