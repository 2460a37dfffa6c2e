import { describe, expect, it } from 'vitest';
import type { KubeList } from '../../apis/meta/v1/types.js';
import { newSystemContext } from '../../endpoints/request/context.js';
import { defaultTableConvertor } from './table.js';

const cm = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'a', namespace: 'ns', resourceVersion: '7', creationTimestamp: '2024-01-02T03:04:05Z' },
};

describe('defaultTableConvertor', () => {
  it('prints Name and Created At for each list item and copies the list metadata', () => {
    const list: KubeList = {
      apiVersion: 'v1',
      kind: 'ConfigMapList',
      metadata: { resourceVersion: '9', continue: 'tok', remainingItemCount: 3 },
      items: [cm],
    };
    const table = defaultTableConvertor.convertToTable(newSystemContext(), list, { includeObject: 'None' });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Created At']);
    expect(table.columnDefinitions[0]?.format).toBe('name');
    expect(table.rows).toEqual([{ cells: ['a', '2024-01-02T03:04:05Z'] }]);
    expect(table.metadata).toEqual({ resourceVersion: '9', continue: 'tok', remainingItemCount: 3 });
  });

  it('embeds PartialObjectMetadata by default and the full object for includeObject=Object', () => {
    const byDefault = defaultTableConvertor.convertToTable(newSystemContext(), cm);
    expect(byDefault.rows[0]?.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: cm.metadata,
    });
    const full = defaultTableConvertor.convertToTable(newSystemContext(), cm, { includeObject: 'Object' });
    expect(full.rows[0]?.object).toBe(cm);
  });

  it('gives list items embedded with includeObject=Object the kind and apiVersion kubectl needs to decode them', () => {
    const { apiVersion: _v, kind: _k, ...bare } = cm;
    const list: KubeList = {
      apiVersion: 'v1',
      kind: 'ConfigMapList',
      metadata: { resourceVersion: '9' },
      items: [bare],
    };
    const table = defaultTableConvertor.convertToTable(newSystemContext(), list, { includeObject: 'Object' });
    expect(table.rows[0]?.object).toEqual(cm);
    expect(list.items[0]).not.toHaveProperty('kind');
  });
});
