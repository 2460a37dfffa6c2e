/** NetworkPolicy storage (mirrors pkg/registry/networking/networkpolicy/storage/storage.go). */
import type { NetworkPolicy } from '../../../apis/networking/v1/types.js';
import { networkPolicyTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import type { Store } from '../../generic/registry/store.js';
import { newResourceStore } from '../../storage-helpers.js';
import { networkPolicyStrategy } from './strategy.js';

export function newNetworkPolicyStorage(opts: RESTOptions): Store {
  return newResourceStore<NetworkPolicy>(opts, {
    qualifiedResource: { group: 'networking.k8s.io', resource: 'networkpolicies' },
    kind: { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy' },
    strategy: networkPolicyStrategy,
    tableConvertor: networkPolicyTableConvertor,
  });
}
