import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as klog from '../../klog/klog.js';
import { openDurableKV, type DurableKV } from './durable.js';
import { FaultyLogFiles } from './testing/faulty-log-files.js';
import { bytes, collectEvents, text } from './testing/helpers.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hk-faults-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('durable KV when the disk fails', () => {
  const open: DurableKV[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((kv) => kv.close()));
    klog.configure({ write: (line) => process.stderr.write(line) });
  });
  async function openKV(dataDir: string, files: FaultyLogFiles): Promise<DurableKV> {
    klog.configure({ write: () => {} }); // the refusals are logged as errors: expected here
    const kv = await openDurableKV({ dataDir, logFiles: files, spaceCheckIntervalMs: 20 });
    open.push(kv);
    return kv;
  }
  async function eventually(check: () => Promise<void>, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await check();
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  }

  it('out of space: reads go on, writes fail with NoSpace, then resume by themselves once space is freed', async () => {
    const dir = await tempDir();
    const files = new FaultyLogFiles();
    const kv = await openKV(dir, files);
    const { revision: r1 } = await kv.create('/a', bytes('1'));
    const watch = collectEvents(kv, '/', r1, 1);
    files.fault = { code: 'ENOSPC', partialBytes: 7 }; // part of the record reaches the file
    const err = await kv.create('/b', bytes('2')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NoSpace' });
    expect((err as Error).message).toBe(
      `database space exceeded: writing the write-ahead log in ${dir} failed (ENOSPC: no space left on device, write); ` +
        'writes resume by themselves once space is freed, reads are served meanwhile',
    );
    // Reads, health and watches go on; readiness names the refusal; writes fail at once.
    expect(text((await kv.get('/a')).kv!.value)).toBe('1');
    expect((await kv.list('/')).kvs.map((k) => k.key)).toEqual(['/a']);
    expect(await kv.currentRevision()).toBe(r1);
    await expect(kv.checkHealth()).resolves.toBeUndefined();
    await expect(kv.checkReadiness()).rejects.toMatchObject({ code: 'NoSpace' });
    const injected = files.injected;
    await expect(kv.update('/a', bytes('x'), r1)).rejects.toMatchObject({ code: 'NoSpace' });
    await expect(kv.delete('/a')).rejects.toMatchObject({ code: 'NoSpace' });
    expect(files.injected - injected).toBeLessThan(4); // refused up front, only the space checks touch the disk
    files.fault = undefined; // space is freed
    await eventually(() => kv.checkReadiness());
    const { revision: r2 } = await kv.create('/b', bytes('2'));
    expect(r2).toBe(r1 + 1); // the failed write left no gap in the revisions
    const events = await watch;
    expect(events.map((e) => `${e.type} ${e.kv.key} ${e.kv.modRevision}`)).toEqual([`PUT /b ${r2}`]);
    // The failed write's partial bytes were cut off: the log reopens cleanly with every acknowledged write.
    await kv.close();
    open.splice(0);
    const again = await openKV(dir, new FaultyLogFiles());
    expect((await again.list('/')).kvs.map((k) => `${k.key}=${text(k.value)}@${k.modRevision}`)).toEqual([
      `/a=1@${r1}`,
      `/b=2@${r2}`,
    ]);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]); // no space check left behind
  });

  it('fails every write of the failed batch and the ones queued behind it, and shows none of them', async () => {
    const dir = await tempDir();
    const files = new FaultyLogFiles();
    const kv = await openKV(dir, files);
    const { revision: base } = await kv.create('/k', bytes('0'));
    files.fault = { code: 'EDQUOT' };
    const results = await Promise.allSettled([
      kv.create('/x', bytes('x')),
      kv.update('/k', bytes('1'), base),
      kv.delete('/k', base),
      // Decided on the not-yet-durable create above: must not report KeyExists for a write that never happened.
      kv.create('/x', bytes('again')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    for (const r of results) expect(r.status === 'rejected' && r.reason).toMatchObject({ code: 'NoSpace' });
    expect((await kv.list('/')).kvs.map((k) => `${k.key}=${text(k.value)}`)).toEqual(['/k=0']);
    files.fault = undefined;
    await eventually(() => kv.checkReadiness());
    await expect(kv.create('/x', bytes('x'))).resolves.toEqual({ revision: base + 1 });
    const updated = await kv.update('/k', bytes('1'), base);
    expect(updated).toMatchObject({ ok: true, revision: base + 2 });
  });

  it('an I/O error refuses writes until a restart, serving reads meanwhile', async () => {
    const dir = await tempDir();
    const files = new FaultyLogFiles();
    const kv = await openKV(dir, files);
    await kv.create('/a', bytes('1'));
    files.fault = { code: 'EIO', on: 'sync' };
    await expect(kv.create('/b', bytes('2'))).rejects.toMatchObject({ code: 'Unreachable' });
    files.fault = undefined; // the disk seems fine again, but a failed fsync is not to be trusted
    await new Promise((r) => setTimeout(r, 100));
    const err = await kv.create('/b', bytes('2')).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      `writing the write-ahead log in ${dir} failed (EIO: i/o error, write); writes are refused until a restart ` +
        'recovers from the log, reads are served meanwhile',
    );
    await expect(kv.checkReadiness()).rejects.toMatchObject({ code: 'Unreachable' });
    expect(text((await kv.get('/a')).kv!.value)).toBe('1');
    await kv.close();
    open.splice(0);
    const again = await openKV(dir, files);
    await again.create('/b', bytes('2'));
    expect((await again.list('/')).kvs.map((k) => k.key)).toEqual(['/a', '/b']);
  });

  it('a failed write that cannot be cut off the log refuses writes until a restart', async () => {
    const dir = await tempDir();
    const files = new FaultyLogFiles();
    const kv = await openKV(dir, files);
    await kv.create('/a', bytes('1'));
    // The write fails, and so does cutting its partial bytes off the log.
    files.fault = { code: 'ENOSPC', partialBytes: 5, on: ['write', 'truncate'] };
    await expect(kv.create('/b', bytes('2'))).rejects.toMatchObject({ code: 'NoSpace' });
    await eventually(async () => {
      await expect(kv.checkReadiness()).rejects.toThrow(/then cutting it off the log failed: ENOSPC/);
    });
    files.fault = undefined;
    await new Promise((r) => setTimeout(r, 100));
    await expect(kv.create('/c', bytes('3'))).rejects.toMatchObject({ code: 'Unreachable' });
    expect((await kv.list('/')).kvs.map((k) => k.key)).toEqual(['/a']);
  });
});
