/** Ingress storage with status (mirrors pkg/registry/networking/ingress/storage/storage.go). */
import type { Ingress } from '../../../apis/networking/v1/types.js';
import { ingressTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import { newStoreWithSubresources } from '../../storage-helpers.js';
import { ingressStatusStrategy, ingressStrategy } from './strategy.js';

export function newIngressStorage(opts: RESTOptions) {
  return newStoreWithSubresources<Ingress>(
    opts,
    {
      qualifiedResource: { group: 'networking.k8s.io', resource: 'ingresses' },
      kind: { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' },
      strategy: ingressStrategy,
      tableConvertor: ingressTableConvertor,
    },
    { status: ingressStatusStrategy },
  );
}
