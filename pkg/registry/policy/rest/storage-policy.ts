/** policy/v1 (mirrors pkg/registry/policy/rest/storage_policy.go). */
import { resourceInfo as info, subresourcesOf as subs } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newPodDisruptionBudgetStorage } from '../poddisruptionbudget/storage.js';

const v1 = { group: 'policy', version: 'v1' };

export function newPolicyAPIGroup(opts: RESTOptions): APIGroupInfo {
  const pdb = newPodDisruptionBudgetStorage(opts);
  return {
    group: v1.group,
    versions: [
      {
        version: 'v1',
        resources: [
          info(v1, 'poddisruptionbudgets', 'PodDisruptionBudget', true, pdb.store, {
            shortNames: ['pdb'],
            ...subs(pdb),
          }),
        ],
      },
    ],
  };
}
