import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newMemoryKV } from '../../kv/memory.js';
import { newStore } from '../../store.js';
import { newResourceResolver, ResourceKeyTransformer } from '../resource-keys.js';
import { loadEncryptionConfig, type ResourceTransformers } from './config.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
async function configFile(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hk-enc-'));
  dirs.push(dir);
  const file = path.join(dir, 'encryption.yaml');
  await writeFile(file, text);
  return file;
}

const key1 = Buffer.alloc(32, 1).toString('base64');
const key2 = Buffer.alloc(32, 2).toString('base64');
const config = (providers: string, resources = '[secrets]') =>
  `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: ${resources}\n    providers:\n${providers}`;
const aescbc = (...keys: [string, string][]) =>
  `      - aescbc:\n          keys:\n${keys.map(([n, s]) => `            - name: ${n}\n              secret: ${s}\n`).join('')}`;
const identity = '      - identity: {}\n';

/** A Storage over `kv` with the file's transformers, resolving keys under /registry. */
function storeWith(kv: ReturnType<typeof newMemoryKV>, resources: ResourceTransformers) {
  const transformer = new ResourceKeyTransformer(
    (gr) => resources.transformerForResource(gr),
    resources.transformerForResource({ group: '*', resource: '*' }),
  );
  transformer.bind(
    newResourceResolver('/registry', [
      { group: '', resource: 'secrets' },
      { group: '', resource: 'configmaps' },
    ]),
  );
  return newStore(kv, { transformer });
}
const secret = (value: string) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db' },
  data: { password: value },
});
const text = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('latin1');

describe('--encryption-provider-config', () => {
  it('encrypts the configured resources with the first provider, leaves others as they are', async () => {
    const kv = newMemoryKV();
    const storage = storeWith(
      kv,
      await loadEncryptionConfig(await configFile(config(aescbc(['key1', key1]) + identity))),
    );
    await storage.create('/registry/secrets/default/db', secret('aHVudGVyMg=='));
    await storage.create('/registry/configmaps/default/cm', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm' },
    });
    const raw = text((await kv.get('/registry/secrets/default/db')).kv?.value);
    expect(raw.startsWith('k8s:enc:aescbc:v1:key1:')).toBe(true);
    expect(raw).not.toContain('aHVudGVyMg');
    expect(text((await kv.get('/registry/configmaps/default/cm')).kv?.value)).toMatch(/^\{"apiVersion":"v1"/);
    expect(await storage.get('/registry/secrets/default/db')).toMatchObject({ data: { password: 'aHVudGVyMg==' } });
    const list = await storage.getList('/registry/secrets/');
    expect(list.items).toHaveLength(1);
  });

  it('rotates keys: a new first key writes, the old one still reads, a no-op rewrite re-encrypts', async () => {
    const kv = newMemoryKV();
    const old = storeWith(kv, await loadEncryptionConfig(await configFile(config(aescbc(['key1', key1])))));
    await old.create('/registry/secrets/default/db', secret('b2xk'));
    const rotated = storeWith(
      kv,
      await loadEncryptionConfig(await configFile(config(aescbc(['key2', key2], ['key1', key1])))),
    );
    const before = await rotated.get('/registry/secrets/default/db');
    expect(before).toMatchObject({ data: { password: 'b2xk' } });
    // An update that changes nothing still writes, because the value was read with a rotated-out key.
    const after = await rotated.guaranteedUpdate('/registry/secrets/default/db', async (cur) => cur!);
    expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(Number(before!.metadata.resourceVersion));
    expect(text((await kv.get('/registry/secrets/default/db')).kv?.value).startsWith('k8s:enc:aescbc:v1:key2:')).toBe(
      true,
    );
    // Now current: another no-op writes nothing.
    const again = await rotated.guaranteedUpdate('/registry/secrets/default/db', async (cur) => cur!);
    expect(again.metadata.resourceVersion).toBe(after.metadata.resourceVersion);
    // A server that lost the key (or its config) refuses to read instead of returning garbage.
    const without = newStore(kv);
    await expect(without.get('/registry/secrets/default/db')).rejects.toMatchObject({
      code: 'Corrupt',
      message:
        'unable to transform key "/registry/secrets/default/db": identity transformer tried to read encrypted data',
    });
    const onlyOld = storeWith(kv, await loadEncryptionConfig(await configFile(config(aescbc(['key1', key1])))));
    await expect(onlyOld.get('/registry/secrets/default/db')).rejects.toThrow(
      'no matching key was found for the provided AES transformer',
    );
  });

  it('decrypts watch events', async () => {
    const kv = newMemoryKV();
    const storage = storeWith(kv, await loadEncryptionConfig(await configFile(config(aescbc(['key1', key1])))));
    const ac = new AbortController();
    const events = storage
      .watch('/registry/secrets/', { signal: ac.signal, resourceVersion: '1' })
      [Symbol.asyncIterator]();
    await storage.create('/registry/secrets/default/db', secret('d2F0Y2g='));
    const first = await events.next();
    ac.abort();
    expect(first.value).toMatchObject({ type: 'ADDED', object: { data: { password: 'd2F0Y2g=' } } });
  });

  it.each([
    [
      'an unknown field',
      config(`      - aescbc:\n          keyz: []\n`),
      'strict decoding error: unknown field "resources[0].providers[0].aescbc.keyz"',
    ],
    [
      'a short key',
      config(aescbc(['k', Buffer.alloc(8).toString('base64')])),
      'resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 8, expected one of [16 24 32]',
    ],
    ['a key that is not base64', config(aescbc(['k', 'not base64!'])), 'secrets must be base64 encoded'],
    [
      'two providers in one element',
      config(
        `      - identity: {}\n        aescbc:\n          keys:\n            - name: k\n              secret: ${key1}\n`,
      ),
      'more than one provider specified in a single element, should split into different list elements',
    ],
    ['KMS', config('      - kms:\n          name: plugin\n'), 'KMS providers are not supported by this server'],
    ['a wrong kind', 'apiVersion: v1\nkind: ConfigMap\n', 'no kind "ConfigMap" is registered for version "v1"'],
    [
      'a resource masked by an earlier wildcard',
      `${config(identity, '["*."]')}  - resources: [secrets]\n    providers:\n${identity}`,
      'error while building transformers: resource "secrets" is masked by earlier rule "*."',
    ],
    ['overlapping resources in one entry', config(identity, '[secrets, "*."]'), 'using overlapping resources'],
    ['an empty file', '', 'is empty'],
  ])('refuses %s with a clear message', async (_, text, message) => {
    const file = await configFile(text);
    await expect(loadEncryptionConfig(file)).rejects.toThrow(message);
  });

  it('names a missing file', async () => {
    await expect(loadEncryptionConfig('/nonexistent/encryption.yaml')).rejects.toThrow(
      'error reading encryption provider configuration file "/nonexistent/encryption.yaml"',
    );
  });
});
