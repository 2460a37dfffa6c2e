/** NetworkPolicy storage (mirrors pkg/registry/networking/networkpolicy/storage/storage.go). */
import type { NetworkPolicy } from '../../../apis/networking/v1/types.js';
import { networkPolicyTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { networkPolicyStrategy } from './strategy.js';

export function newNetworkPolicyStorage(opts: RESTOptions): Store<NetworkPolicy> {
  return newRegistryStore(opts, {
    resource: { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', kind: 'NetworkPolicy' },
    strategy: networkPolicyStrategy,
    tableConvertor: networkPolicyTableConvertor,
  });
}
