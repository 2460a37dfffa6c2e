import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newConfigMapStorage } from './storage.js';

const ns = ctxIn('default');

describe('configmaps', () => {
  it('validate keys and freeze data when immutable', async () => {
    const store = newConfigMapStorage({ storage: newBackend().storage });
    const bad = await statusOf(store.create(ns, { metadata: { name: 'bad' }, data: { 'a b': 'x' } }));
    expect(bad.message).toContain(
      'data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters',
    );
    const cm = await store.create(ns, { metadata: { name: 'frozen' }, data: { a: '1' }, immutable: true });
    const err = await statusOf(store.update(ns, 'frozen', defaultUpdatedObjectInfo({ ...cm, data: { a: '2' } })));
    expect(err.message).toBe(
      'ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
  });
});
