import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { newServiceAccountStorage } from './storage.js';

const ns = ctxIn('default');

describe('serviceaccounts', () => {
  it('validate names and return the deleted object', async () => {
    const store = newServiceAccountStorage({ storage: newBackend().storage });
    await store.create(ns, { metadata: { name: 'builder' } });
    expect((await statusOf(store.create(ns, { metadata: { name: 'Bad_Name' } }))).code).toBe(422);
    const { object } = await store.delete!(ns, 'builder');
    expect(object).toMatchObject({ kind: 'ServiceAccount', metadata: { name: 'builder' } });
  });
});
