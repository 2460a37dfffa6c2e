import { describe, expect, it } from 'vitest';
import { isNotFound } from '../../../api/errors/errors.js';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import { parse } from '../../../labels/parse.js';
import { newLister } from './listers.js';
import {
  DeletedFinalStateUnknown,
  deletionHandlingMetaNamespaceKeyFunc,
  metaNamespaceIndexFunc,
  metaNamespaceKeyFunc,
  namespaceIndex,
  newIndexer,
  splitMetaNamespaceKey,
} from './store.js';

const obj = (ns: string, name: string, labels: Record<string, string> = {}, node = ''): KubeObject => ({
  metadata: { namespace: ns, name, labels },
  spec: { nodeName: node },
});
const byNode = (o: KubeObject) => {
  const node = (o.spec as { nodeName?: string }).nodeName;
  return node ? [node] : [];
};

describe('keys', () => {
  it('are namespace/name, or name for cluster-scoped objects, and split back', () => {
    expect(metaNamespaceKeyFunc(obj('ns', 'a'))).toBe('ns/a');
    expect(metaNamespaceKeyFunc({ metadata: { name: 'node-1' } })).toBe('node-1');
    expect(deletionHandlingMetaNamespaceKeyFunc(new DeletedFinalStateUnknown('ns/a', obj('ns', 'a')))).toBe('ns/a');
    expect(splitMetaNamespaceKey('ns/a')).toEqual({ namespace: 'ns', name: 'a' });
    expect(splitMetaNamespaceKey('a')).toEqual({ namespace: '', name: 'a' });
    expect(() => splitMetaNamespaceKey('a/b/c')).toThrow('unexpected key format: "a/b/c"');
    expect(() => metaNamespaceKeyFunc({ metadata: {} })).toThrow('metadata.name is empty');
  });
});

describe('indexer', () => {
  it('keeps indices in step with adds, updates, deletes and replace', () => {
    const idx = newIndexer(metaNamespaceKeyFunc, { [namespaceIndex]: metaNamespaceIndexFunc, node: byNode });
    idx.add(obj('a', 'p1', {}, 'n1'));
    idx.add(obj('a', 'p2', {}, 'n2'));
    idx.add(obj('b', 'p3', {}, 'n1'));
    expect(idx.byIndex('node', 'n1').map(metaNamespaceKeyFunc).sort()).toEqual(['a/p1', 'b/p3']);
    idx.update(obj('a', 'p1', {}, 'n2'));
    expect(idx.indexKeys('node', 'n1')).toEqual(['b/p3']);
    expect(idx.indexKeys('node', 'n2').sort()).toEqual(['a/p1', 'a/p2']);
    idx.delete(obj('b', 'p3'));
    expect(idx.listIndexFuncValues('node').sort()).toEqual(['n2']);
    expect(idx.byIndex(namespaceIndex, 'a')).toHaveLength(2);
    expect(idx.index('node', obj('x', 'y', {}, 'n2'))).toHaveLength(2);
    idx.replace([obj('c', 'p9', {}, 'n9')]);
    expect(idx.listKeys()).toEqual(['c/p9']);
    expect(idx.byIndex('node', 'n2')).toEqual([]);
    expect(idx.byIndex('node', 'n9')).toHaveLength(1);
  });

  it('indexes existing content when an indexer is added later, and rejects a duplicate name', () => {
    const idx = newIndexer(metaNamespaceKeyFunc);
    idx.add(obj('a', 'p1', {}, 'n1'));
    idx.addIndexers({ node: byNode });
    expect(idx.indexKeys('node', 'n1')).toEqual(['a/p1']);
    expect(() => idx.addIndexers({ node: byNode })).toThrow('indexer conflict: node');
    expect(() => idx.byIndex('missing', 'x')).toThrow('Index with name missing does not exist');
  });
});

describe('lister', () => {
  it('lists by selector, per namespace, and gets by name with a NotFound error', () => {
    const idx = newIndexer(metaNamespaceKeyFunc, { [namespaceIndex]: metaNamespaceIndexFunc });
    idx.add(obj('a', 'web', { app: 'web' }));
    idx.add(obj('a', 'db', { app: 'db' }));
    idx.add(obj('b', 'web', { app: 'web' }));
    const lister = newLister(idx, { group: '', resource: 'pods' });
    expect(lister.list(parse('app=web'))).toHaveLength(2);
    expect(lister.namespace('a').list()).toHaveLength(2);
    expect(
      lister
        .namespace('a')
        .list(parse('app=web'))
        .map((o) => o.metadata.name),
    ).toEqual(['web']);
    expect(lister.namespace('b').get('web').metadata.namespace).toBe('b');
    let err: unknown;
    try {
      lister.namespace('b').get('db');
    } catch (e) {
      err = e;
    }
    expect(isNotFound(err)).toBe(true);
    expect((err as Error).message).toBe('pods "db" not found');
  });
});
