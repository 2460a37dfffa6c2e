/**
 * A child process for crash-consistency tests and the crash bench: opens a durable KV and writes
 * without end, printing one line per acknowledged operation, until it is killed.
 *
 *   node crash-writer.mjs write <dataDir> <lanes> <snapshotAfterBytes>
 *     ready <revision>
 *     put <key> <revision> <value>     (acknowledged: durable)
 *     del <key> <revision>
 *     compact <revision>
 *   node crash-writer.mjs hold <dataDir>      opens the directory, prints "ready", waits
 *   node crash-writer.mjs open <dataDir>      opens it once; prints "opened" or "error <message>"
 *
 * Each lane owns its keys and writes them one at a time, so the parent knows exactly which state
 * every acknowledged write implies; lanes run concurrently so group commit batches them.
 */
import { openDurableKV, type DurableKV } from '../durable.js';

const [mode, dataDir, lanesArg, snapshotArg] = process.argv.slice(2);
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const out = (line: string) => process.stdout.write(`${line}\n`);

async function lane(kv: DurableKV, n: number): Promise<never> {
  const counterKey = `/lane-${n}/counter`;
  const current = (await kv.get(counterKey)).kv;
  let counter = current ? Number(decoder.decode(current.value)) : 0;
  let modRevision = current?.modRevision ?? 0;
  for (;;) {
    counter++;
    const value = String(counter);
    if (modRevision === 0) {
      modRevision = (await kv.create(counterKey, encoder.encode(value))).revision;
    } else {
      const res = await kv.update(counterKey, encoder.encode(value), modRevision);
      if (!res.ok) throw new Error(`lane ${n}: unexpected conflict on ${counterKey}`);
      modRevision = res.revision;
    }
    out(`put ${counterKey} ${modRevision} ${value}`);
    const item = `/lane-${n}/item-${counter % 16}`;
    const existing = (await kv.get(item)).kv;
    if (existing && counter % 3 === 0) {
      const res = await kv.delete(item, existing.modRevision);
      out(`del ${item} ${res.revision}`);
    } else {
      const payload = `${counter}:${'x'.repeat(counter % 200)}`;
      const rev = existing
        ? (await kv.update(item, encoder.encode(payload), existing.modRevision)).revision
        : (await kv.create(item, encoder.encode(payload))).revision;
      out(`put ${item} ${rev} ${payload}`);
    }
    if (n === 0 && counter % 50 === 0) {
      const target = (await kv.currentRevision()) - 500; // keep recent history, so most writes are checked exactly
      if (target > (await kv.compactedRevision())) {
        await kv.compact(target);
        out(`compact ${target}`);
      }
    }
  }
}

async function main(): Promise<void> {
  if (!dataDir) throw new Error('usage: crash-writer.mjs write|hold|open <dataDir> [lanes] [snapshotAfterBytes]');
  if (mode === 'open') {
    try {
      await (await openDurableKV({ dataDir })).close();
      out('opened');
    } catch (err) {
      out(`error ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    }
    return;
  }
  const kv = await openDurableKV({ dataDir, snapshotAfterBytes: Number(snapshotArg ?? 64 * 1024 * 1024) });
  out(`ready ${await kv.currentRevision()}`);
  if (mode === 'hold') {
    setInterval(() => {}, 1 << 30);
    return;
  }
  await Promise.all(Array.from({ length: Number(lanesArg ?? 4) }, (_, i) => lane(kv, i)));
}

main().catch((err: unknown) => {
  process.stderr.write(`crash-writer: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(2);
});
