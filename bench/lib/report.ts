/**
 * Printing bench results: a header with the conditions of the run (machine, load, Node, what
 * was measured), then tables where each figure stands beside its same-run reference and their
 * ratio (always ours ÷ reference, so for times >1 means slower, for rates <1 means slower).
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import os from 'node:os';

/** Prints the conditions of this run: figures are only comparable under the same ones. */
export function printConditions(title: string, extra: Record<string, string> = {}): void {
  const cpus = os.cpus();
  const rows: Record<string, string> = {
    date: new Date().toISOString(),
    commit: gitDescribe(),
    node: `${process.version} (${process.platform}/${process.arch})`,
    cpus: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'} (shared with other developers)`,
    'load average': loadAverage(),
    ...extra,
  };
  console.log(`# ${title}`);
  for (const [key, value] of Object.entries(rows)) console.log(`${`${key}:`.padEnd(16)} ${value}`);
  console.log('');
}

/** "1.23 0.98 0.70": the 1, 5 and 15 minute load averages (high means the figures are noisy). */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** Size and mtime of a bundle, so a run says which build it measured. */
export function describeFile(file: string): string {
  const st = statSync(file);
  return `${file} (${(st.size / 1024).toFixed(0)} KiB, built ${new Date(st.mtimeMs).toISOString()})`;
}

function gitDescribe(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return dirty ? `${head} (+ uncommitted changes in the tree)` : head;
  } catch {
    return 'unknown';
  }
}

/** `ours / reference` as "2.31×", or "n/a" when either is missing or the reference is 0. */
export function ratio(ours: number | undefined, reference: number | undefined): string {
  if (
    ours === undefined ||
    reference === undefined ||
    reference === 0 ||
    !Number.isFinite(ours) ||
    !Number.isFinite(reference)
  )
    return 'n/a';
  const r = ours / reference;
  return `${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}

/** Milliseconds with a precision that suits their size. */
export function ms(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

/** A rate with thousands separators, e.g. "12,345/s". */
export function perSecond(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  return `${Math.round(value).toLocaleString('en-US')}/s`;
}

/** Bytes as B/KiB/MiB. */
export function bytes(value: number | undefined): string {
  if (value === undefined) return 'n/a';
  if (value >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(2)} MiB`;
  if (value >= 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${value} B`;
}

/** Prints rows as an aligned text table; the first column is left-aligned, the others right-aligned. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}
