/** IngressClass storage (mirrors pkg/registry/networking/ingressclass/storage/storage.go). */
import type { IngressClass } from '../../../apis/networking/v1/types.js';
import { ingressClassTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { ingressClassStrategy } from './strategy.js';

export function newIngressClassStorage(opts: RESTOptions): Store<IngressClass> {
  return newRegistryStore(opts, {
    resource: { group: 'networking.k8s.io', version: 'v1', resource: 'ingressclasses', kind: 'IngressClass' },
    strategy: ingressClassStrategy,
    tableConvertor: ingressClassTableConvertor,
  });
}
