import { expect, it } from 'vitest';
import { runStorageConformance } from '../testing/conformance.js';
import { newEtcdKV } from './etcd.js';
import { runKVConformance } from './testing/conformance.js';
import { describeWithEtcd } from './testing/describe-with-etcd.js';
import { bytes, text } from './testing/helpers.js';

describeWithEtcd('etcd KV', (etcd) => {
  const connect = (prefix?: string) => newEtcdKV({ servers: [etcd().endpoint], prefix });
  runKVConformance('etcd', () => connect(), { watcherCount: () => etcd().watcherCount(), manyWatchers: 200 });
  runKVConformance('etcd with a key prefix', () => connect('/cluster-a'), { manyWatchers: 20 });
  runStorageConformance('etcd KV', () => connect());

  it('a key prefix keeps clusters sharing one etcd apart', async () => {
    const a = await connect('/cluster-a');
    const b = await connect('/cluster-b');
    try {
      await a.create('/registry/x', bytes('from a'));
      await b.create('/registry/x', bytes('from b'));
      expect(text((await a.get('/registry/x')).kv!.value)).toBe('from a');
      expect((await b.list('/registry/')).kvs.map((kv) => [kv.key, text(kv.value)])).toEqual([
        ['/registry/x', 'from b'],
      ]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('fails over to the next server when one refuses connections', async () => {
    const kv = await newEtcdKV({ servers: ['http://127.0.0.1:1', etcd().endpoint] });
    try {
      const { revision } = await kv.create(`/failover/${Date.now()}`, bytes('x'));
      expect(revision).toBeGreaterThan(0);
    } finally {
      await kv.close();
    }
  });
});

it('an etcd that does not answer is Unreachable at start', async () => {
  await expect(newEtcdKV({ servers: ['http://127.0.0.1:1'], requestTimeoutMs: 2000 })).rejects.toMatchObject({
    code: 'Unreachable',
    message: expect.stringMatching(/^etcd at http:\/\/127\.0\.0\.1:1 unreachable: /),
  });
});
