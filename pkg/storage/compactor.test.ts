import { afterEach, describe, expect, it } from 'vitest';
import * as klog from '../klog/klog.js';
import { runCompactor } from './compactor.js';
import { newMemoryKV } from './kv/memory.js';
import { bytes, eventually, sleep } from './kv/testing/helpers.js';

describe('compactor', () => {
  const logged: string[] = [];
  afterEach(() => {
    klog.configure({ write: (line) => process.stderr.write(line) });
    logged.length = 0;
  });

  it('compacts to the revision seen one interval earlier, keeping the last interval of history', async () => {
    const kv = newMemoryKV();
    const ac = new AbortController();
    const seen: number[] = [];
    let writes = 0;
    const writer = setInterval(
      () => void kv.create(`/w/${writes++}`, bytes('x')).then((r) => seen.push(r.revision)),
      5,
    );
    const done = runCompactor(kv, { intervalMs: 60, signal: ac.signal });
    try {
      await eventually(async () => (await kv.compactedRevision()) > 0, 3000, 'a first compaction');
      const compacted = await kv.compactedRevision();
      // Writes of the last interval (and then some) are still readable.
      const current = await kv.currentRevision();
      expect(current - compacted).toBeGreaterThan(3);
      await expect(kv.get('/w/0', { revision: compacted })).resolves.toBeDefined();
      await eventually(async () => (await kv.compactedRevision()) > compacted, 3000, 'a second compaction');
    } finally {
      clearInterval(writer);
      ac.abort();
      await done;
    }
  });

  it('two compactors sharing a store take turns instead of both compacting', async () => {
    klog.configure({ write: (line) => void logged.push(line) });
    const kv = newMemoryKV();
    let compactions = 0;
    const compact = kv.compact.bind(kv);
    kv.compact = async (rev) => {
      compactions++;
      await compact(rev);
    };
    const ac = new AbortController();
    const writer = setInterval(() => void kv.create(`/w/${Math.random()}`, bytes('x')), 5);
    const both = [
      runCompactor(kv, { intervalMs: 50, signal: ac.signal }),
      runCompactor(kv, { intervalMs: 50, signal: ac.signal }),
    ];
    await sleep(600);
    clearInterval(writer);
    ac.abort();
    await Promise.all(both);
    // ~12 ticks each; one CAS winner per round, and the first win only sets the clock.
    expect(compactions).toBeGreaterThan(2);
    expect(compactions).toBeLessThan(14);
    expect(logged.filter((l) => l.startsWith('E'))).toEqual([]);
  });

  it('stops promptly when its signal aborts, and a zero interval disables it', async () => {
    const kv = newMemoryKV();
    const ac = new AbortController();
    const done = runCompactor(kv, { intervalMs: 60_000, signal: ac.signal });
    const started = Date.now();
    ac.abort();
    await done;
    expect(Date.now() - started).toBeLessThan(100);
    await runCompactor(kv, { intervalMs: 0, signal: new AbortController().signal });
    expect(await kv.compactedRevision()).toBe(0);
  });
});
