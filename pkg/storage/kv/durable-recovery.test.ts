import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDurableKV } from './durable.js';
import { bytes, text } from './testing/helpers.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hk-recovery-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Writes `count` keys, one record each, and returns the log file and each record's byte offset. */
async function writeRecords(dir: string, count: number): Promise<{ log: string; offsets: number[] }> {
  const kv = await openDurableKV({ dataDir: dir });
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) {
    offsets.push(await logSize(dir));
    await kv.create(`/r/${i}`, bytes(`value ${i}`));
  }
  await kv.close();
  const name = (await readdir(dir)).find((n) => n.endsWith('.log'))!;
  return { log: path.join(dir, name), offsets };
}

async function logSize(dir: string): Promise<number> {
  const name = (await readdir(dir)).find((n) => n.endsWith('.log'));
  return name ? (await stat(path.join(dir, name))).size : 0;
}

async function flipBit(file: string, offset: number, bit = 0): Promise<void> {
  const data = await readFile(file);
  data.writeUInt8(data.readUInt8(offset) ^ (1 << bit), offset);
  await writeFile(file, data);
}

describe('durable KV recovery', () => {
  it('refuses to start on a flipped bit in the last complete record, naming file, offset and the repair', async () => {
    const dir = await tempDir();
    const { log, offsets } = await writeRecords(dir, 5);
    const last = offsets[4]!;
    await flipBit(log, last + 20); // inside the last record's key: an acknowledged write
    const err = await openDurableKV({ dataDir: dir }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'Corrupt' });
    expect((err as Error).message).toBe(
      `write-ahead log ${log} is corrupt at byte offset ${last}: checksum mismatch; refusing to start. Restore the ` +
        `data directory from a backup, or start without this record and every later one (their writes are lost): ` +
        `truncate -s ${last} ${log}`,
    );
    // The documented repair works and keeps everything before the damage.
    execFileSync('truncate', ['-s', String(last), log]);
    const kv = await openDurableKV({ dataDir: dir });
    try {
      expect((await kv.list('/r/')).kvs.map((k) => text(k.value))).toEqual([0, 1, 2, 3].map((i) => `value ${i}`));
    } finally {
      await kv.close();
    }
  });

  it('refuses to start when the last record’s length field is damaged (not mistaken for a torn write)', async () => {
    const dir = await tempDir();
    const { log, offsets } = await writeRecords(dir, 3);
    await flipBit(log, offsets[2]!, 7); // the length grows past the end of the file
    await expect(openDurableKV({ dataDir: dir })).rejects.toThrow(
      new RegExp(`corrupt at byte offset ${offsets[2]}: record of \\d+ bytes runs past the end of the file`),
    );
  });

  it('names the later segments to remove when the damage is in an older one', async () => {
    const dir = await tempDir();
    const kv = await openDurableKV({ dataDir: dir, snapshotAfterBytes: 1 << 30 });
    for (let i = 0; i < 3; i++) await kv.create(`/r/${i}`, bytes(`value ${i}`));
    await kv.close();
    const [first] = (await readdir(dir)).filter((n) => n.endsWith('.log'));
    // A second segment after the first, as a rotation leaves it.
    const second = path.join(dir, 'wal-0000000000000005.log');
    const again = await openDurableKV({ dataDir: dir });
    await again.close();
    await writeFile(second, Buffer.alloc(0));
    await flipBit(path.join(dir, first!), 20);
    await expect(openDurableKV({ dataDir: dir })).rejects.toThrow(
      `truncate -s 0 ${path.join(dir, first!)} && rm ${second}`,
    );
  });

  it('still drops an incomplete record at the very end with a warning', async () => {
    const dir = await tempDir();
    const { log } = await writeRecords(dir, 3);
    const data = await readFile(log);
    await writeFile(log, data.subarray(0, data.length - 4));
    const kv = await openDurableKV({ dataDir: dir });
    try {
      expect((await kv.list('/r/')).kvs).toHaveLength(2);
    } finally {
      await kv.close();
    }
  });
});
