/** networking.k8s.io/v1 (mirrors pkg/registry/networking/rest/storage_settings.go). */
import { resourceInfo as info, subresourcesOf as subs } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newIngressClassStorage } from '../ingressclass/storage.js';
import { newIngressStorage } from '../ingress/storage.js';
import { newNetworkPolicyStorage } from '../networkpolicy/storage.js';

const v1 = { group: 'networking.k8s.io', version: 'v1' };

export function newNetworkingAPIGroup(opts: RESTOptions): APIGroupInfo {
  const ing = newIngressStorage(opts);
  return {
    group: v1.group,
    versions: [
      {
        version: 'v1',
        resources: [
          info(v1, 'ingressclasses', 'IngressClass', false, newIngressClassStorage(opts)),
          info(v1, 'ingresses', 'Ingress', true, ing.store, { shortNames: ['ing'], ...subs(ing) }),
          info(v1, 'networkpolicies', 'NetworkPolicy', true, newNetworkPolicyStorage(opts), { shortNames: ['netpol'] }),
        ],
      },
    ],
  };
}
