/** PodDisruptionBudget storage with status (mirrors pkg/registry/policy/poddisruptionbudget/storage/storage.go). */
import type { PodDisruptionBudget } from '../../../apis/policy/v1/types.js';
import { podDisruptionBudgetTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import { newStoreWithSubresources } from '../../storage-helpers.js';
import { podDisruptionBudgetStatusStrategy, podDisruptionBudgetStrategy } from './strategy.js';

export function newPodDisruptionBudgetStorage(opts: RESTOptions) {
  return newStoreWithSubresources<PodDisruptionBudget>(
    opts,
    {
      qualifiedResource: { group: 'policy', resource: 'poddisruptionbudgets' },
      kind: { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' },
      strategy: podDisruptionBudgetStrategy,
      tableConvertor: podDisruptionBudgetTableConvertor,
    },
    { status: podDisruptionBudgetStatusStrategy },
  );
}
