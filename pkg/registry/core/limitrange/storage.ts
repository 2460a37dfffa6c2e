/** LimitRange storage (mirrors pkg/registry/core/limitrange/storage/storage.go); printed as Name + Created At, as upstream. */
import type { LimitRange } from '../../../apis/core/v1/types.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { limitRangeStrategy } from './strategy.js';

export function newLimitRangeStorage(opts: RESTOptions): Store<LimitRange> {
  return newRegistryStore(opts, {
    resource: { group: '', version: 'v1', resource: 'limitranges', kind: 'LimitRange' },
    strategy: limitRangeStrategy,
  });
}
