/**
 * Who may read the store: its files hold every object, Secret values included, so like etcd
 * (fileutil.PrivateDirMode / PrivateFileMode) directories are 0700 and files 0600. New files are
 * created so; at start a directory or file left readable by others (an older version, a copy, a
 * umask) is restricted with a warning.
 */
import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import * as klog from '../../klog/klog.js';

export const privateDirMode = 0o700;
export const privateFileMode = 0o600;

/** Creates `dir` (and missing parents) as 0700, or restricts an existing one to 0700 with a warning. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: privateDirMode });
  await restrict(dir, privateDirMode, 'directory');
}

/** Restricts every file directly in `dir` to 0600 (with a warning for each one that was not). */
export async function restrictFiles(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  await Promise.all(
    entries.filter((e) => e.isFile()).map((e) => restrict(path.join(dir, e.name), privateFileMode, 'file')),
  );
}

/** Warns when `dir` (a directory we do not own alone, e.g. --data-dir) is open to other users. */
export async function warnIfShared(dir: string, what: string): Promise<void> {
  const mode = (await stat(dir)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    klog.warning(`The ${what} is readable by other users; restrict it (chmod 700) to keep what it holds private`, {
      path: dir,
      mode: octal(mode),
    });
  }
}

async function restrict(file: string, wanted: number, kind: string): Promise<void> {
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & ~wanted) === 0) return;
  klog.warning(`Restricting a store ${kind} to its owner: it holds every stored object, Secret values included`, {
    path: file,
    from: octal(mode),
    to: octal(mode & wanted),
  });
  await chmod(file, mode & wanted);
}

const octal = (mode: number) => `0${mode.toString(8)}`;
