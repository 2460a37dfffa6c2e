/** networking.k8s.io/v1 (mirrors pkg/registry/networking/rest/storage_settings.go). */
import { groupInfo, storeInfo } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newIngressClassStorage } from '../ingressclass/storage.js';
import { newIngressStorage } from '../ingress/storage.js';
import { newNetworkPolicyStorage } from '../networkpolicy/storage.js';

export function newNetworkingAPIGroup(opts: RESTOptions): APIGroupInfo {
  return groupInfo({ group: 'networking.k8s.io', version: 'v1' }, [
    storeInfo(newIngressClassStorage(opts)),
    storeInfo(newIngressStorage(opts), { shortNames: ['ing'] }),
    storeInfo(newNetworkPolicyStorage(opts), { shortNames: ['netpol'] }),
  ]);
}
