/**
 * A small klog: the line format every Kubernetes component writes on stderr, so that logs from
 * this project read (and grep) like upstream's.
 *
 *   I1129 16:04:10.123456   12345 secure-serving.ts:42] Serving securely address="0.0.0.0:6443"
 *
 * Severity letter, month/day, wall time with microseconds, pid, caller, then the message and
 * structured key="value" pairs. `--logging-format=json` writes one JSON object per line instead,
 * shaped like upstream's JSON logger (`ts`, `caller`, `msg`, `v`, then the pairs).
 *
 * Configuration is process-wide, as klog's: every component a command starts logs through one
 * sink configured once by the command-line flags. Code run through `runWithLogger` — an
 * in-process test server and every request, timer and hook it starts — logs to its own sink
 * instead, so several servers in one process keep their logs apart (and tests stay quiet).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';

/** The formats `--logging-format` accepts, sorted as upstream lists them in its help. */
export const logFormats = ['json', 'text'] as const;
export type LogFormat = (typeof logFormats)[number];

export function isLogFormat(value: string): value is LogFormat {
  return (logFormats as readonly string[]).includes(value);
}
export type KeyValues = Record<string, unknown>;

export interface LogConfig {
  /** Lines logged with v(N) are written only when N <= verbosity. */
  verbosity: number;
  format: LogFormat;
  /** Where lines go; stderr unless a test captures them. */
  write: (line: string) => void;
}

const config: LogConfig = {
  verbosity: 0,
  format: 'text',
  write: (line) => process.stderr.write(line),
};

export function configure(update: Partial<LogConfig>): void {
  Object.assign(config, update);
}

/** Sinks of code running under `runWithLogger`, carried through its async work. */
const scoped = new AsyncLocalStorage<LogConfig>();

/**
 * Runs `fn` — and every asynchronous continuation it starts (servers it listens with, their
 * requests, timers) — logging through `update` over the process-wide settings.
 */
export function runWithLogger<T>(update: Partial<LogConfig>, fn: () => T): T {
  return scoped.run({ ...current(), ...update }, fn);
}

function current(): LogConfig {
  return scoped.getStore() ?? config;
}

export function verbosity(): number {
  return current().verbosity;
}

type Severity = 'I' | 'W' | 'E';

/** A logger gated at one verbosity level, as returned by `v(level)`. */
export interface Verbose {
  readonly enabled: boolean;
  info(msg: string, kv?: KeyValues): void;
}

export function info(msg: string, kv?: KeyValues): void {
  emit('I', 0, msg, kv);
}

export function warning(msg: string, kv?: KeyValues): void {
  emit('W', 0, msg, kv);
}

/** Logs an error with its message as the `err` pair, as klog.ErrorS does. */
export function error(err: unknown, msg: string, kv?: KeyValues): void {
  emit('E', 0, msg, err === undefined ? kv : { err: errorMessage(err), ...kv });
}

export function v(level: number): Verbose {
  const enabled = level <= current().verbosity;
  return {
    enabled,
    info: (msg, kv) => {
      if (enabled) emit('I', level, msg, kv);
    },
  };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function emit(severity: Severity, level: number, msg: string, kv: KeyValues | undefined): void {
  const config = current();
  const nowMs = wallClockMs();
  const caller = callerLocation();
  if (config.format === 'json') {
    const entry: KeyValues = { ts: nowMs / 1000, caller, msg, v: level };
    if (severity === 'E') delete entry.v;
    config.write(`${JSON.stringify({ ...entry, ...kv })}\n`);
    return;
  }
  config.write(
    `${severity}${header(nowMs)} ${String(process.pid).padStart(7)} ${caller}] ${quoteMessage(msg)}${formatPairs(kv)}\n`,
  );
}

/**
 * Wall-clock milliseconds with microsecond precision. Date stops at whole milliseconds, so the
 * monotonic clock interpolates from an anchor. The anchor takes Date's reading plus half a
 * millisecond (the true time lies somewhere in that millisecond) and moves whenever the two
 * clocks disagree by more than 2 ms, so timestamps never drift from the system clock.
 */
function wallClockMs(): number {
  const mono = performance.now();
  const wall = Date.now() + 0.5;
  const interpolated = clockAnchor.wall + (mono - clockAnchor.mono);
  if (Math.abs(interpolated - wall) <= 2) return interpolated;
  clockAnchor.wall = wall;
  clockAnchor.mono = mono;
  return wall;
}

const clockAnchor = { wall: Date.now() + 0.5, mono: performance.now() };

/** `MMDD hh:mm:ss.uuuuuu` in local time, as klog writes it. */
function header(nowMs: number): string {
  const d = new Date(Math.floor(nowMs));
  const p2 = (n: number) => String(n).padStart(2, '0');
  const micros = Math.floor((nowMs % 1000) * 1000);
  return `${p2(d.getMonth() + 1)}${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${String(micros).padStart(6, '0')}`;
}

function quoteMessage(msg: string): string {
  return msg.includes('\n') ? JSON.stringify(msg) : msg;
}

function formatPairs(kv: KeyValues | undefined): string {
  if (!kv) return '';
  let out = '';
  for (const [key, value] of Object.entries(kv)) {
    out += ` ${key}=${formatValue(value)}`;
  }
  return out;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  if (value instanceof Error) return JSON.stringify(value.message);
  return JSON.stringify(value) ?? String(value);
}

/**
 * `file.ts:42` of the code that called the logger. Stack capture costs ~15µs, which is why it
 * runs only for lines that pass the verbosity gate.
 *
 * In a bundle this names the bundle (`hyperkube.js:297`). Node maps frames back to the .ts
 * source when started with `--enable-source-maps` (e.g. `NODE_OPTIONS=--enable-source-maps`);
 * it is not on by default because loading the map costs startup time (about 10–30 ms for a
 * 250 KiB bundle, growing with bundle size) and doubles the cost of each log line.
 */
function callerLocation(): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, emit);
  // Frame 0 is the exported function (info, warning, …); frame 1 is its caller.
  const frame = holder.stack?.split('\n')[2] ?? '';
  const match = /\(?([^\s()]+):(\d+):\d+\)?$/.exec(frame);
  if (!match) return '???:0';
  return `${path.basename(match[1] ?? '???')}:${match[2]}`;
}
