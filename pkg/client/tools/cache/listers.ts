/**
 * Read access to an informer's cache (mirrors client-go tools/cache listers.go and the generated
 * listers): list by label selector, get by name, and the same within one namespace, served from
 * the namespace index rather than by scanning everything.
 */
import { newNotFound } from '../../../api/errors/errors.js';
import type { GroupResource, KubeObject } from '../../../apis/meta/v1/types.js';
import { everything, type Selector } from '../../../labels/selector.js';
import { type Indexer, namespaceIndex } from './store.js';

export interface NamespaceLister<T> {
  list(selector?: Selector): T[];
  /** Throws a NotFound StatusError (as the generated listers) when absent. */
  get(name: string): T;
}

export interface Lister<T> extends NamespaceLister<T> {
  /** Objects of one namespace (of a namespaced resource). */
  namespace(namespace: string): NamespaceLister<T>;
}

export function newLister<T extends KubeObject>(indexer: Indexer<T>, resource: GroupResource): Lister<T> {
  const matching = (items: T[], selector: Selector) =>
    selector.empty() ? items : items.filter((o) => selector.matches(o.metadata.labels ?? {}));
  const getByKey = (key: string, name: string) => {
    const obj = indexer.getByKey(key);
    if (obj === undefined) throw newNotFound(resource, name);
    return obj;
  };
  return {
    list: (selector = everything()) => matching(indexer.list(), selector),
    get: (name) => getByKey(name, name),
    namespace: (namespace) => ({
      list: (selector = everything()) =>
        matching(
          namespaceIndex in indexer.getIndexers()
            ? indexer.byIndex(namespaceIndex, namespace)
            : indexer.list().filter((o) => o.metadata.namespace === namespace),
          selector,
        ),
      get: (name) => getByKey(`${namespace}/${name}`, name),
    }),
  };
}
