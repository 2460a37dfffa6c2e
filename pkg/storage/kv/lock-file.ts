/**
 * One process per data directory: a LOCK file holding the owner's pid (and, on Linux, its start
 * time). A second process fails fast naming the owner. A lock left by a process that no longer
 * runs (killed, crashed) is taken over with a warning; the start time keeps a recycled pid from
 * looking like the old owner, and a lock with our own pid that this process does not hold (a
 * restarted container's pid 1) is stale too.
 */
import { readFileSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import * as klog from '../../klog/klog.js';
import { privateFileMode } from './file-mode.js';

export class DataDirInUseError extends Error {
  readonly code = 'DataDirInUse';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`data directory ${dataDir} is in use by process ${pid}${pid === process.pid ? ' (this process)' : ''}`);
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

/** Directories this process holds: process-wide because the lock itself is process-wide. */
const held = new Set<string>();

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, 'LOCK');
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx', privateFileMode);
      await handle.writeFile(`${process.pid} ${startTime(process.pid) ?? ''}\n`);
      await handle.close();
      held.add(dir);
      return {
        async release() {
          held.delete(dir);
          await unlink(file).catch(() => {});
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = parseOwner(await readFile(file, 'utf8').catch(() => ''));
    // A second EEXIST means another process took the stale lock over just before us.
    if (owner && (attempt > 0 || isRunning(owner, held.has(dir)))) throw new DataDirInUseError(dir, owner.pid);
    klog.warning('Removing a stale lock left by a process that is gone', { file, pid: owner?.pid ?? 'unknown' });
    await unlink(file).catch(() => {});
  }
}

interface Owner {
  pid: number;
  startTime?: string;
}

function parseOwner(content: string): Owner | undefined {
  const [pid, start] = content.trim().split(/\s+/);
  const n = Number(pid);
  if (!Number.isSafeInteger(n) || n <= 0) return undefined;
  return start ? { pid: n, startTime: start } : { pid: n };
}

function isRunning(owner: Owner, heldHere: boolean): boolean {
  if (owner.pid === process.pid) return heldHere;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false; // ESRCH: no such process
  }
  const now = startTime(owner.pid);
  return owner.startTime === undefined || now === undefined || now === owner.startTime;
}

/** The process's start time in clock ticks since boot (Linux /proc), to tell a recycled pid apart. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may contain spaces); starttime is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
