/** PodDisruptionBudget storage with status (mirrors pkg/registry/policy/poddisruptionbudget/storage/storage.go). */
import type { PodDisruptionBudget } from '../../../apis/policy/v1/types.js';
import { podDisruptionBudgetTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { newStatusREST } from '../../subresource/status.js';
import { podDisruptionBudgetStatusStrategy, podDisruptionBudgetStrategy } from './strategy.js';

export function newPodDisruptionBudgetStorage(opts: RESTOptions) {
  const store = newRegistryStore<PodDisruptionBudget>(opts, {
    resource: { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget' },
    strategy: podDisruptionBudgetStrategy,
    tableConvertor: podDisruptionBudgetTableConvertor,
  });
  return { store, status: newStatusREST(store, podDisruptionBudgetStatusStrategy) };
}
