/** policy/v1 (mirrors pkg/registry/policy/rest/storage_policy.go). */
import { groupInfo, storeInfo } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newPodDisruptionBudgetStorage } from '../poddisruptionbudget/storage.js';

export function newPolicyAPIGroup(opts: RESTOptions): APIGroupInfo {
  return groupInfo({ group: 'policy', version: 'v1' }, [
    storeInfo(newPodDisruptionBudgetStorage(opts), { shortNames: ['pdb'] }),
  ]);
}
