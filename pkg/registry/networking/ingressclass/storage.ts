/** IngressClass storage (mirrors pkg/registry/networking/ingressclass/storage/storage.go). */
import type { IngressClass } from '../../../apis/networking/v1/types.js';
import { ingressClassTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import type { Store } from '../../generic/registry/store.js';
import { newResourceStore } from '../../storage-helpers.js';
import { ingressClassStrategy } from './strategy.js';

export function newIngressClassStorage(opts: RESTOptions): Store {
  return newResourceStore<IngressClass>(opts, {
    qualifiedResource: { group: 'networking.k8s.io', resource: 'ingressclasses' },
    kind: { group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass' },
    strategy: ingressClassStrategy,
    tableConvertor: ingressClassTableConvertor,
  });
}
