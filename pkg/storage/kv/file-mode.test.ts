import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as klog from '../../klog/klog.js';
import { openDurableKV } from './durable.js';
import { warnIfShared } from './file-mode.js';
import { bytes } from './testing/helpers.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hk-mode-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
const logged: string[] = [];
afterEach(() => {
  klog.configure({ write: (line) => process.stderr.write(line) });
  logged.length = 0;
});
const captureLogs = () => klog.configure({ write: (line) => void logged.push(line) });
const modeOf = async (p: string) => (await stat(p)).mode & 0o777;

describe('store file modes', () => {
  it('creates the store directory 0700 and every file in it 0600, whatever the umask allows', async () => {
    const dir = path.join(await tempDir(), 'data', 'store');
    const kv = await openDurableKV({ dataDir: dir, snapshotAfterBytes: 256 });
    for (let i = 0; i < 20; i++) await kv.create(`/registry/secrets/default/s${i}`, bytes('{"data":{"k":"c2VjcmV0"}}'));
    expect(await modeOf(path.join(dir, 'LOCK'))).toBe(0o600);
    await kv.close(); // background snapshots done: no file comes or goes while they are checked
    const names = await readdir(dir);
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/\.snap$/), expect.stringMatching(/\.log$/)]));
    for (const name of names) expect(await modeOf(path.join(dir, name)), name).toBe(0o600);
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(path.dirname(dir))).toBe(0o700); // parents it created too
  });

  it('restricts an existing store left readable by others, with a warning naming each path', async () => {
    const dir = await tempDir();
    const first = await openDurableKV({ dataDir: dir });
    await first.create('/registry/secrets/default/s', bytes('{}'));
    await first.close();
    const wal = path.join(dir, (await readdir(dir)).find((n) => n.endsWith('.log'))!);
    await chmod(dir, 0o755);
    await chmod(wal, 0o644);
    captureLogs();
    const kv = await openDurableKV({ dataDir: dir });
    await kv.close();
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(wal)).toBe(0o600);
    const text = logged.join('');
    expect(text).toMatch(
      new RegExp(`W.*Restricting a store directory to its owner.*path="${dir}" from="0755" to="0700"`),
    );
    expect(text).toMatch(new RegExp(`W.*Restricting a store file to its owner.*path="${wal}" from="0644" to="0600"`));
  });

  it('warns about a data directory shared with other users without changing it', async () => {
    const dir = path.join(await tempDir(), 'shared');
    await mkdir(dir, { mode: 0o755 });
    await chmod(dir, 0o755);
    await writeFile(path.join(dir, 'other'), 'not ours');
    captureLogs();
    await warnIfShared(dir, 'data directory');
    expect(await modeOf(dir)).toBe(0o755);
    expect(logged.join('')).toMatch(/W.*The data directory is readable by other users.*mode="0755"/);
  });
});
