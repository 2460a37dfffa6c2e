/**
 * Long crash-consistency run for the durable KV: a writer child (8 concurrent lanes, frequent
 * snapshots and compactions) is SIGKILLed at a random moment, the store is reopened and every
 * acknowledged write checked, round after round on the same data directory.
 *
 *   npm run bench:storage-crash                  (200 rounds)
 *   npm run bench:storage-crash -- --rounds 1000
 *
 * Exits 1 on the first lost or inconsistent write, printing it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as klog from '../pkg/klog/klog.js';
import { openDurableKV } from '../pkg/storage/kv/durable.js';
import { buildCrashWriter, runCrashRound, verifyAcks } from '../pkg/storage/kv/testing/crash-harness.js';
import { percentile } from './lib/storage-report.js';

const flag = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = flag('rounds', 200);
const lanes = flag('lanes', 8);

// Recovery warns on every torn tail and stale lock; count them instead of printing each.
const warnings = { torn: 0, staleLock: 0, other: 0 };
klog.configure({
  write: (line) => {
    if (line.includes('torn by a crash')) warnings.torn++;
    else if (line.includes('stale lock')) warnings.staleLock++;
    else {
      warnings.other++;
      process.stderr.write(line);
    }
  },
});

const work = await mkdtemp(path.join(os.tmpdir(), 'hk-crash-bench-'));
try {
  // Run from the repo root (npm scripts do): this module runs bundled, so the source path is explicit.
  const script = await buildCrashWriter(work, path.resolve('pkg/storage/kv/testing/crash-writer.ts'));
  const dataDir = path.join(work, 'data');
  let acked = 0;
  let exact = 0;
  const reopenMs: number[] = [];
  const started = performance.now();
  for (let round = 1; round <= rounds; round++) {
    const killAfterMs = 10 + Math.floor(Math.random() * 1000);
    const { acks } = await runCrashRound(script, dataDir, { lanes, snapshotAfterBytes: 256 * 1024, killAfterMs });
    const kv = await openDurableKV({ dataDir });
    try {
      reopenMs.push(kv.stats.openMs);
      exact += await verifyAcks(kv, acks);
      acked += acks.length;
    } catch (err) {
      console.error(
        `round ${round} (killed after ${killAfterMs} ms): ${err instanceof Error ? err.message : String(err)}`,
      );
      process.exitCode = 1;
      break;
    } finally {
      await kv.close();
    }
    if (round % 20 === 0) console.log(`round ${round}/${rounds}: ${acked} acknowledged operations checked so far`);
  }
  if (!process.exitCode) {
    console.log(
      `OK: ${rounds} SIGKILLs, ${acked} acknowledged operations (${exact} checked at their exact revision, the rest against newer writes after compaction), ` +
        `reopen p50 ${percentile(reopenMs, 50).toFixed(1)} ms / max ${Math.max(...reopenMs).toFixed(1)} ms, ` +
        `${warnings.torn} torn tails dropped, ${warnings.staleLock} stale locks taken over, ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
