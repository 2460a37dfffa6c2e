/**
 * getList cases of the Storage conformance suite (see conformance.ts).
 */
import { expect, it } from 'vitest';
import type { KubeObject } from '../../apis/meta/v1/types.js';
import { isStorageError, type StorageError } from '../errors/errors.js';
import type { Storage } from '../interfaces.js';
import { configMap, expectCode, rejection, type StorageCaseContext } from './conformance.js';

const names = (items: KubeObject[]) => items.map((o) => o.metadata.name);

async function seed(storage: Storage, prefix: string, count: number): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  for (let i = 0; i < count; i++) {
    const name = `cm${String(i).padStart(2, '0')}`;
    out.push(await storage.create(`${prefix}${name}`, configMap(name, {}, { parity: i % 2 === 0 ? 'even' : 'odd' })));
  }
  return out;
}

function decodeToken(token: string): unknown {
  return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
}

export function registerListCases({ setup }: StorageCaseContext): void {
  it('getList returns every object in key order at the current resourceVersion', async () => {
    const { storage, prefix } = await setup();
    const created = await seed(storage, prefix, 5);
    await storage.create(`${prefix.slice(0, -1)}x/other`, configMap('other'));
    const list = await storage.getList(prefix);
    expect(names(list.items)).toEqual(names(created));
    expect(list.items.map((o) => o.metadata.resourceVersion)).toEqual(created.map((o) => o.metadata.resourceVersion));
    expect(list.resourceVersion).toBe(String(await storage.currentResourceVersion()));
    expect(list.continue).toBeUndefined();
    expect(list.remainingItemCount).toBeUndefined();
    // Without the trailing slash the same prefix is meant, as upstream's recursive lists.
    expect(names((await storage.getList(prefix.slice(0, -1))).items)).toEqual(names(created));
  });

  it('pages carry upstream-shaped continue tokens and remainingItemCount, all at one resourceVersion', async () => {
    const { storage, prefix } = await setup();
    await seed(storage, prefix, 7);
    const first = await storage.getList(prefix, { limit: 3 });
    expect(names(first.items)).toEqual(['cm00', 'cm01', 'cm02']);
    expect(first.remainingItemCount).toBe(4);
    expect(decodeToken(first.continue!)).toEqual({
      v: 'meta.k8s.io/v1',
      rv: Number(first.resourceVersion),
      start: 'cm02\u0000',
    });
    await storage.delete(`${prefix}cm05`); // must not show in this list
    await storage.create(`${prefix}cm03a`, configMap('cm03a'));
    const second = await storage.getList(prefix, { limit: 3, continue: first.continue! });
    expect(second.resourceVersion).toBe(first.resourceVersion);
    expect(names(second.items)).toEqual(['cm03', 'cm04', 'cm05']);
    expect(second.remainingItemCount).toBe(1);
    const third = await storage.getList(prefix, { limit: 3, continue: second.continue!, resourceVersion: '0' });
    expect(names(third.items)).toEqual(['cm06']);
    expect(third.continue).toBeUndefined();
  });

  it('a predicate filters before the limit: pages read on until limit matches', async () => {
    const { storage, prefix } = await setup();
    await seed(storage, prefix, 30);
    const odd = (o: KubeObject) => o.metadata.labels?.parity === 'odd' && o.metadata.name !== 'cm01';
    const first = await storage.getList(prefix, { limit: 5, predicate: odd });
    expect(names(first.items)).toEqual(['cm03', 'cm05', 'cm07', 'cm09', 'cm11']);
    expect(first.remainingItemCount).toBeUndefined();
    expect(decodeToken(first.continue!)).toMatchObject({ start: 'cm11\u0000' });
    const rest = await storage.getList(prefix, { limit: 100, predicate: odd, continue: first.continue! });
    expect(names(rest.items)).toEqual(['cm13', 'cm15', 'cm17', 'cm19', 'cm21', 'cm23', 'cm25', 'cm27', 'cm29']);
    expect(rest.continue).toBeUndefined();
    const none = await storage.getList(prefix, { limit: 2, predicate: () => false });
    expect(none.items).toEqual([]);
    expect(none.continue).toBeUndefined();
  });

  it('resourceVersionMatch Exact (and the legacy limit rule) read the past; NotOlderThan and "0" the present', async () => {
    const { storage, prefix } = await setup();
    const [a] = await seed(storage, prefix, 1);
    const rvA = a!.metadata.resourceVersion!;
    await seed(storage, `${prefix}later-`, 1);
    expect(
      names((await storage.getList(prefix, { resourceVersion: rvA, resourceVersionMatch: 'Exact' })).items),
    ).toEqual(['cm00']);
    expect(
      (await storage.getList(prefix, { resourceVersion: rvA, resourceVersionMatch: 'Exact' })).resourceVersion,
    ).toBe(rvA);
    expect(names((await storage.getList(prefix, { resourceVersion: rvA, limit: 10 })).items)).toEqual(['cm00']);
    const current = String(await storage.currentResourceVersion());
    for (const opts of [
      { resourceVersion: rvA, resourceVersionMatch: 'NotOlderThan' as const },
      { resourceVersion: rvA },
      { resourceVersion: '0', limit: 10 },
    ]) {
      const list = await storage.getList(prefix, opts);
      expect(list.resourceVersion).toBe(current);
      expect(list.items).toHaveLength(2);
    }
  });

  it('a resourceVersion newer than the store waits briefly, then ResourceVersionTooLarge', async () => {
    const { storage, prefix } = await setup();
    await seed(storage, prefix, 1);
    const current = await storage.currentResourceVersion();
    const tooLarge = String(current + 50);
    await expectCode(
      storage.getList(prefix, { resourceVersion: tooLarge, resourceVersionMatch: 'NotOlderThan' }),
      'ResourceVersionTooLarge',
      `Too large resource version: ${tooLarge}, current: ${current}`,
    );
    await expectCode(
      storage.getList(prefix, { resourceVersion: tooLarge, resourceVersionMatch: 'Exact' }),
      'ResourceVersionTooLarge',
    );
    const waiting = storage.getList(prefix, { resourceVersion: String(current + 1) });
    await seed(storage, `${prefix}more-`, 1);
    expect((await waiting).items).toHaveLength(2);
  });

  it('an Exact resourceVersion that was compacted throws Compacted with the list wording', async () => {
    const { kv, storage, prefix } = await setup();
    const [a] = await seed(storage, prefix, 2);
    await kv.compact(await kv.currentRevision());
    await expectCode(
      storage.getList(prefix, { resourceVersion: a!.metadata.resourceVersion!, resourceVersionMatch: 'Exact' }),
      'Compacted',
      'The resourceVersion for the provided list is too old.',
    );
  });

  it('an expired continue token throws Compacted with a token that continues at the latest revision', async () => {
    const { kv, storage, prefix } = await setup();
    await seed(storage, prefix, 4);
    const first = await storage.getList(prefix, { limit: 2 });
    await storage.create(`${prefix}cm09`, configMap('cm09'));
    await kv.compact(await kv.currentRevision());
    const err = (await rejection(storage.getList(prefix, { limit: 2, continue: first.continue! }))) as StorageError;
    expect(isStorageError(err, 'Compacted')).toBe(true);
    expect(err.message).toMatch(
      /^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token in this response/,
    );
    expect(decodeToken(err.continueToken!)).toEqual({ v: 'meta.k8s.io/v1', rv: -1, start: 'cm01\u0000' });
    const rest = await storage.getList(prefix, { limit: 10, continue: err.continueToken! });
    expect(names(rest.items)).toEqual(['cm02', 'cm03', 'cm09']);
    expect(rest.resourceVersion).toBe(String(await kv.currentRevision()));
  });

  it('malformed tokens and parameters are InvalidArgument with upstream wording', async () => {
    const { storage, prefix } = await setup();
    await seed(storage, prefix, 3);
    const token = (await storage.getList(prefix, { limit: 1 })).continue!;
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const cases: [Parameters<Storage['getList']>[1], string][] = [
      [{ continue: token, resourceVersion: '5' }, 'specifying resource version is not allowed when using continue'],
      [
        { continue: 'not base64!' },
        'invalid continue token: continue key is not valid: illegal base64 data at input byte 3',
      ],
      [
        { continue: enc({ v: 'meta.k8s.io/v2', rv: 1, start: 'a' }) },
        'invalid continue token: continue key is not valid: server does not recognize this encoded version meta.k8s.io/v2',
      ],
      [
        { continue: enc({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' }) },
        'invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
      ],
      [
        { continue: enc({ v: 'meta.k8s.io/v1', rv: 3, start: '' }) },
        'invalid continue token: continue key is not valid: encoded start key empty (version meta.k8s.io/v1)',
      ],
      [
        { continue: enc({ v: 'meta.k8s.io/v1', rv: 3, start: '../../secrets' }) },
        'invalid continue token: continue key is not valid: ../../secrets',
      ],
      [
        { resourceVersion: '-1' },
        'invalid resource version: resourceVersion: Invalid value: "-1": strconv.ParseUint: parsing "-1": invalid syntax',
      ],
      [{ resourceVersion: '5', resourceVersionMatch: 'Newest' as never }, 'unknown ResourceVersionMatch value: Newest'],
    ];
    for (const [opts, message] of cases) await expectCode(storage.getList(prefix, opts), 'InvalidArgument', message);
  });
}
