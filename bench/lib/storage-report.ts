/**
 * Output helpers for the storage benchmarks: timing, percentiles and a table with an etcd column.
 */
export interface Row {
  metric: string;
  unit: string;
  ours: number;
  /** The same figure against etcd, when it was measured. */
  etcd?: number | undefined;
  /** Replaces the formatted `ours` value (e.g. "p50 / p99 / max"). */
  text?: string;
}

/** Milliseconds `fn` took. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function format(n: number, unit: string): string {
  if (unit === 'ms') return `${n < 10 ? n.toFixed(2) : n.toFixed(0)} ms`;
  if (unit === 'bytes') return `${Math.round(n)} B`;
  return `${Math.round(n).toLocaleString('en-US')} ${unit}`;
}

/** A plain-text table; with etcd figures, adds the etcd column and ours/etcd. */
export function formatTable(rows: readonly Row[], withEtcd: boolean): string {
  const header = withEtcd ? ['metric', 'ours', 'etcd', 'ours/etcd'] : ['metric', 'ours'];
  const lines = rows.map((r) => {
    const cells = [r.metric, r.text ? `${r.text} ${r.unit}` : format(r.ours, r.unit)];
    if (withEtcd) {
      cells.push(r.etcd === undefined ? '-' : format(r.etcd, r.unit));
      cells.push(r.etcd === undefined ? '-' : `${(r.ours / r.etcd).toFixed(2)}×`);
    }
    return cells;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(render)];
  if (withEtcd) out.push('', 'ours/etcd: for ops/s above 1 means ours is faster; for ms below 1 means ours is faster.');
  return out.join('\n');
}
