/**
 * Running the built bundles (dist/*.js) as real processes, for end-to-end tests.
 *
 * - `ensureBuilt()` runs `node build.mjs --if-stale`, one build at a time across test processes.
 * - `startBundle()` spawns a bundle (or any Node script, link or copy) and collects its output;
 *   `waitForLine()` / `waitForExit()` wait with a time bound and report the output on failure.
 * - Every process started here is killed by `killAll()`; `useBundles()` wires both into a suite.
 * - `getFreePort()` for servers that need a port number up front; `makeTempDir()` for scratch
 *   directories, removed after each test by `useBundles()`.
 *
 * @example
 *   useBundles(); // beforeAll: ensureBuilt(); afterEach/afterAll: killAll(), removeTempDirs()
 *
 *   it('stops on SIGTERM', async () => {
 *     const p = startBundle('hyperkube', ['scheduler', '--master', 'http://127.0.0.1:1']);
 *     await p.waitForLine(/Starting Kubernetes Scheduler/);
 *     p.signal('SIGTERM');
 *     expect((await p.waitForExit()).code).toBe(0);
 *   });
 *
 *   const { code, stdout } = await runBundle('kube-apiserver', ['--help']);
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const distDir = path.join(repoRoot, 'dist');

/** The bundles build.mjs writes, by upstream binary name. */
export const bundleNames = ['hyperkube', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;
export type BundleName = (typeof bundleNames)[number];

/** Absolute path of a bundle in dist/. */
export function bundlePath(name: BundleName): string {
  return path.join(distDir, `${name}.js`);
}

/** Waits used when a caller passes no timeout: generous for a loaded 2-core machine, still bounded. */
const defaultWaitMs = 15_000;
const buildTimeoutMs = 120_000;
const buildLock = path.join(distDir, '.build.lock');
/** A lock older than this belongs to a build that died without cleaning up. */
const staleLockMs = 3 * 60_000;

/**
 * Builds dist/ unless it is up to date (`node build.mjs --if-stale`). Test files run in parallel
 * processes, so a lock file (dist/.build.lock, holding the builder's pid) makes one build while
 * the others wait; a lock left by a dead process, or older than 3 minutes, is taken over.
 * Rejects with the build's output if it fails, or after `timeoutMs`.
 */
export async function ensureBuilt(timeoutMs = buildTimeoutMs): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  mkdirSync(distDir, { recursive: true });
  while (!tryLock()) {
    if (Date.now() > deadline) throw new Error(`ensureBuilt: ${buildLock} still held after ${timeoutMs} ms`);
    await sleep(100);
  }
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        ['build.mjs', '--if-stale'],
        { cwd: repoRoot, timeout: Math.max(1, deadline - Date.now()) },
        (err, stdout, stderr) => {
          if (err) reject(new Error(`node build.mjs --if-stale failed: ${err.message}\n${stdout}${stderr}`));
          else resolve();
        },
      );
    });
  } finally {
    rmSync(buildLock, { force: true });
  }
}

function tryLock(): boolean {
  try {
    const fd = openSync(buildLock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if (lockIsStale()) rmSync(buildLock, { force: true });
    return false;
  }
}

function lockIsStale(): boolean {
  try {
    if (Date.now() - statSync(buildLock).mtimeMs > staleLockMs) return true;
    const pid = Number(readFileSync(buildLock, 'utf8'));
    // An empty file is a lock being written right now, not a stale one.
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return false;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOENT: released meanwhile; ESRCH: its owner is gone. EPERM means the owner is alive.
    return code === 'ESRCH';
  }
}

export interface StartOptions {
  /** Working directory; the repository root by default. */
  cwd?: string;
  /** Environment variables added to (or, when undefined, removed from) this process's. */
  env?: Record<string, string | undefined>;
  /**
   * Execute the file itself, through its shebang and run bit, as a user or a symlink would;
   * by default it runs as `node <file>` with the Node running the tests.
   */
  direct?: boolean;
}

export interface ExitResult {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export type Stream = 'stdout' | 'stderr' | 'any';

/** A started process. Output accumulates for its whole life; nothing is ever dropped. */
export interface BundleProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout / stderr so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Set once the process has exited. */
  readonly exit: ExitResult | undefined;
  /**
   * Resolves with the first complete line (without its newline) matching `pattern`, including
   * lines already written. Rejects, quoting the output, when the process exits first or after
   * `timeoutMs` (default 15 s). Looks at stderr, where klog writes, unless told otherwise.
   */
  waitForLine(pattern: RegExp | string, opts?: { stream?: Stream; timeoutMs?: number }): Promise<string>;
  /** Resolves when the process has exited; rejects after `timeoutMs` (default 15 s), leaving it running. */
  waitForExit(timeoutMs?: number): Promise<ExitResult>;
  /** Sends `sig` if the process is still running. */
  signal(sig: NodeJS.Signals): void;
  /** SIGKILLs the process if it is still running and resolves once it has exited. */
  kill(): Promise<void>;
}

const live = new Set<BundleProcess>();
// Last resort when a test file ends abruptly: never leave a child running after the worker.
process.once('exit', () => {
  for (const p of live) p.child.kill('SIGKILL');
});

/**
 * Starts `target` (a bundle name, or the path of any script, symlink or copy) with `args`.
 * The process is tracked until it exits, so `killAll()` can always clean up after a test.
 */
export function startBundle(
  target: BundleName | string,
  args: readonly string[] = [],
  opts: StartOptions = {},
): BundleProcess {
  const file = (bundleNames as readonly string[]).includes(target)
    ? bundlePath(target as BundleName)
    : path.resolve(target);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(opts.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const [command, argv] = opts.direct ? [file, [...args]] : [process.execPath, [file, ...args]];
  const child = spawn(command, argv, { cwd: opts.cwd ?? repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });

  const out = { stdout: '', stderr: '' };
  let exit: ExitResult | undefined;
  const waiters = new Set<() => void>();
  const notify = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out.stdout += chunk;
    notify();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    out.stderr += chunk;
    notify();
  });
  // 'close' (not 'exit') fires after the pipes drained, so the output is complete.
  child.on('close', (code, signal) => {
    exit = { code, signal, stdout: out.stdout, stderr: out.stderr };
    live.delete(proc);
    notify();
  });
  child.on('error', (err) => {
    out.stderr += `\n[spawn error] ${err.message}\n`;
    exit = { code: null, signal: null, stdout: out.stdout, stderr: out.stderr };
    live.delete(proc);
    notify();
  });

  /** Polls `check` on every output or exit event until it returns a value, or fails on timeout. */
  const waitFor = <T>(what: string, timeoutMs: number, check: () => T | undefined): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const attempt = (): void => {
        let value: T | undefined;
        try {
          value = check();
        } catch (err) {
          finish();
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (value === undefined) return;
        finish();
        resolve(value);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${describe()}`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        waiters.delete(attempt);
      };
      waiters.add(attempt);
      attempt();
    });

  const describe = (): string =>
    `process: ${[command, ...argv].join(' ')}\n` +
    `exit: ${exit ? `code=${exit.code} signal=${exit.signal}` : 'still running'}\n` +
    `--- stdout ---\n${tail(out.stdout)}\n--- stderr ---\n${tail(out.stderr)}`;

  const proc: BundleProcess = {
    child,
    get stdout() {
      return out.stdout;
    },
    get stderr() {
      return out.stderr;
    },
    get exit() {
      return exit;
    },
    waitForLine(pattern, { stream = 'stderr', timeoutMs = defaultWaitMs } = {}) {
      const matches = (line: string): boolean =>
        typeof pattern === 'string' ? line.includes(pattern) : pattern.test(line);
      return waitFor(`a line matching ${String(pattern)} on ${stream}`, timeoutMs, () => {
        const texts = stream === 'any' ? [out.stdout, out.stderr] : [out[stream]];
        for (const text of texts) {
          // Only complete lines: a match on half a line could change meaning when the rest arrives.
          const line = text.split('\n').slice(0, -1).find(matches);
          if (line !== undefined) return line;
        }
        if (exit) throw new Error(`process exited before writing a line matching ${String(pattern)}\n${describe()}`);
        return undefined;
      });
    },
    waitForExit(timeoutMs = defaultWaitMs) {
      return waitFor('the process to exit', timeoutMs, () => exit);
    },
    signal(sig) {
      if (!exit) child.kill(sig);
    },
    async kill() {
      if (exit) return;
      child.kill('SIGKILL');
      await proc.waitForExit(defaultWaitMs);
    },
  };
  live.add(proc);
  return proc;
}

/**
 * Starts `target`, waits for it to exit and returns its code and output. A process still running
 * after `timeoutMs` (default 15 s) is killed and the call rejects with its output so far.
 */
export async function runBundle(
  target: BundleName | string,
  args: readonly string[] = [],
  opts: StartOptions & { timeoutMs?: number } = {},
): Promise<ExitResult> {
  const proc = startBundle(target, args, opts);
  try {
    return await proc.waitForExit(opts.timeoutMs ?? defaultWaitMs);
  } finally {
    await proc.kill();
  }
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it; the listener is
 * closed before this resolves), for servers that cannot listen on port 0 themselves.
 */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port assigned')),
      );
    });
  });
}

/** SIGKILLs every process started by this module that is still running, and waits for them. */
export async function killAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.kill()));
}

const tempDirs = new Set<string>();

/** A new empty directory under the OS temp dir, removed by `removeTempDirs()`. */
export function makeTempDir(prefix = 'hyperkube-e2e-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Removes every directory `makeTempDir()` created. Kill the processes using them first. */
export function removeTempDirs(): void {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/**
 * Wires the helper into the enclosing suite (file or `describe`): builds before its tests
 * (`ensureBuilt`); after each test and at the end, kills whatever is still running and then
 * removes the temp dirs.
 */
export function useBundles(): void {
  const cleanup = async (): Promise<void> => {
    await killAll();
    removeTempDirs();
  };
  beforeAll(() => ensureBuilt(), buildTimeoutMs + 5_000);
  afterEach(cleanup);
  afterAll(cleanup);
}

function tail(text: string, max = 4000): string {
  return text.length > max ? `…${text.slice(-max)}` : text;
}
