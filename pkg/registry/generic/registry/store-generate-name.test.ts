import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cm, ctxIn, newBackend, newConfigMapStore, statusOf } from './testing/fixtures.js';

// Pin the generated names so that collisions can be forced.
const names: string[] = [];
vi.mock('../../../util/naming/names.js', () => ({ generateName: (base: string) => base + (names.shift() ?? 'zzzzz') }));

const ns = ctxIn('default');

describe('generateName collisions', () => {
  beforeEach(() => {
    names.length = 0;
  });

  it('retries with a fresh name when the generated one is taken', async () => {
    const store = newConfigMapStore(newBackend());
    await store.create(ns, cm('web-bbbbb'));
    names.push('bbbbb', 'ccccc');
    const created = await store.create(ns, { metadata: { generateName: 'web-' } });
    expect(created.metadata.name).toBe('web-ccccc');
  });

  it('gives up after eight attempts with the upstream generate-name conflict', async () => {
    const store = newConfigMapStore(newBackend());
    await store.create(ns, cm('web-bbbbb'));
    names.push(...Array<string>(8).fill('bbbbb'), 'ccccc');
    expect(await statusOf(store.create(ns, { metadata: { generateName: 'web-' } }))).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message:
        'configmaps "web-bbbbb" already exists, the server was not able to generate a unique name for the object',
      details: { name: 'web-bbbbb', kind: 'configmaps', retryAfterSeconds: 1 },
    });
    expect(names).toEqual(['ccccc']);
  });

  it('says when the name is held by an object being deleted', async () => {
    const store = newConfigMapStore(newBackend());
    await store.create(ns, { ...cm('a'), metadata: { name: 'a', finalizers: ['example.com/hold'] } });
    await store.delete(ns, 'a');
    expect(await statusOf(store.create(ns, cm('a')))).toMatchObject({
      code: 409,
      message: 'object is being deleted: configmaps "a" already exists',
    });
  });
});
