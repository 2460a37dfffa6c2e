import { describe, expect, it } from 'vitest';
import { parseSelector } from '../../../fields/parse.js';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { newSecretStorage } from './storage.js';

const ns = ctxIn('default');

describe('secrets', () => {
  it('default the type, fold stringData into data, and select on type', async () => {
    const store = newSecretStorage({ storage: newBackend().storage });
    const s = await store.create(ns, { metadata: { name: 'creds' }, stringData: { password: 'hunter2' } });
    expect(s).toMatchObject({ type: 'Opaque', data: { password: Buffer.from('hunter2').toString('base64') } });
    expect(s.stringData).toBeUndefined();
    await store.create(ns, {
      metadata: { name: 'tls' },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': '', 'tls.key': '' },
    });
    const list = await store.list(ns, { fieldSelector: parseSelector('type=kubernetes.io/tls') });
    expect(list.items.map((i) => i.metadata.name)).toEqual(['tls']);
  });

  it('require the keys of typed secrets', async () => {
    const store = newSecretStorage({ storage: newBackend().storage });
    const err = await statusOf(store.create(ns, { metadata: { name: 'tls' }, type: 'kubernetes.io/tls', data: {} }));
    expect(err.message).toContain('data[tls.crt]: Required value');
  });
});
