/** LimitRange storage (mirrors pkg/registry/core/limitrange/storage/storage.go); printed as Name + Created At, as upstream. */
import type { RESTOptions } from '../../generic/options.js';
import { newStore, type Store } from '../../generic/registry/store.js';
import { limitRangeStrategy } from './strategy.js';

export function newLimitRangeStorage(opts: RESTOptions): Store {
  return newStore({
    restOptions: opts,
    qualifiedResource: { group: '', resource: 'limitranges' },
    kind: { group: '', version: 'v1', kind: 'LimitRange' },
    createStrategy: limitRangeStrategy,
    updateStrategy: limitRangeStrategy,
    deleteStrategy: limitRangeStrategy,
  });
}
