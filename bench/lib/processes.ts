/**
 * Child processes and scratch directories for benchmarks, with cleanup that cannot be skipped:
 * every process started here is stopped and every directory made here is removed when the bench
 * ends, whether it returns, throws or is interrupted (SIGINT/SIGTERM).
 *
 * @example
 *   installCleanup();
 *   const dir = makeTempDir('startup-');
 *   const child = startProcess(process.execPath, ['server.mjs'], { cwd: dir });
 *   await child.stop(); // SIGTERM, then SIGKILL after the grace period
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BenchProcess {
  readonly child: ChildProcess;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<Exit>;
  /** Set once the process has exited. */
  readonly exit: Exit | undefined;
  /** The last 64 KiB of what it wrote to stdout and stderr, for error reports. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`; resolves with its exit. */
  stop(graceMs?: number): Promise<Exit>;
}

const outputLimit = 64 * 1024;
const live = new Set<BenchProcess>();
const tempDirs = new Set<string>();

/** Starts `command args`, tracked until it exits so that cleanup can always stop it. */
export function startProcess(
  command: string,
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): BenchProcess {
  const child = spawn(command, [...args], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (chunk: string): void => {
    out = (out + chunk).slice(-outputLimit);
  };
  child.stdout?.setEncoding('utf8').on('data', collect);
  child.stderr?.setEncoding('utf8').on('data', collect);
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => {
    child.once('error', (err) => {
      collect(`\n[spawn error] ${err.message}\n`);
      exit = { code: null, signal: null };
      resolve(exit);
    });
    child.once('close', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  const proc: BenchProcess = {
    child,
    exited,
    get exit() {
      return exit;
    },
    output: () => out,
    async stop(graceMs = 10_000) {
      if (exit) return exit;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const killed = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, graceMs);
      });
      await Promise.race([exited, killed]);
      clearTimeout(timer);
      return exited;
    },
  };
  live.add(proc);
  void exited.then(() => live.delete(proc));
  return proc;
}

/** Resident set size of process `pid` in KiB (Linux /proc), or undefined where unavailable. */
export function processRSSKiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Stops every tracked process that is still running (SIGTERM, then SIGKILL). */
export async function stopAll(graceMs = 5_000): Promise<void> {
  await Promise.all([...live].map((p) => p.stop(graceMs)));
}

/** A new empty directory under the OS temp dir, removed at cleanup. */
export function makeTempDir(prefix = 'hyperkube-bench-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** A TCP port on 127.0.0.1 that was free a moment ago, for servers that need a number up front. */
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

/**
 * Makes interruption and exit clean up: on SIGINT/SIGTERM the children are stopped and the
 * bench exits 130/143; on any exit, children still alive are SIGKILLed and temp dirs removed.
 */
export function installCleanup(): void {
  const removeDirs = (): void => {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    tempDirs.clear();
  };
  process.once('exit', () => {
    for (const p of live) p.child.kill('SIGKILL');
    removeDirs();
  });
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(sig, () => {
      console.error(`\n${sig}: stopping ${live.size} child process(es)`);
      void stopAll(2_000).finally(() => process.exit(code));
    });
  }
}

/** Runs `main`, then stops every child whatever happened; a failure sets exit code 1. */
export async function runBench(main: () => Promise<void>): Promise<void> {
  installCleanup();
  try {
    await main();
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  } finally {
    await stopAll();
  }
}
