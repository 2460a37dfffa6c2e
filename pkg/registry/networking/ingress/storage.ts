/** Ingress storage with status (mirrors pkg/registry/networking/ingress/storage/storage.go). */
import type { Ingress } from '../../../apis/networking/v1/types.js';
import { ingressTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { newStatusREST } from '../../subresource/status.js';
import { ingressStatusStrategy, ingressStrategy } from './strategy.js';

export function newIngressStorage(opts: RESTOptions) {
  const store = newRegistryStore<Ingress>(opts, {
    resource: { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', kind: 'Ingress' },
    strategy: ingressStrategy,
    tableConvertor: ingressTableConvertor,
  });
  return { store, status: newStatusREST(store, ingressStatusStrategy) };
}
