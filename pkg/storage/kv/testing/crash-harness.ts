/**
 * Crash-consistency harness for the durable KV, shared by its test and bench/storage-crash.ts:
 * bundle crash-writer.ts with esbuild (Node 20 cannot run TypeScript), run it against a data
 * directory, SIGKILL it at a chosen moment, and check every acknowledged write in the reopened store.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { KV } from '../types.js';

export interface Ack {
  kind: 'put' | 'del' | 'compact';
  key: string;
  revision: number;
  value: string;
}

/**
 * Bundles the crash writer into `outDir`; returns the script path. `entry` defaults to the source
 * next to this file (pass it when this module itself runs from a bundle).
 */
export async function buildCrashWriter(
  outDir: string,
  entry = fileURLToPath(new URL('./crash-writer.ts', import.meta.url)),
): Promise<string> {
  const outfile = path.join(outDir, 'crash-writer.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return outfile;
}

export interface CrashRoundOptions {
  lanes: number;
  snapshotAfterBytes: number;
  /** Kill this long after the writer reported ready. */
  killAfterMs: number;
}

/** One round: start the writer, let it write, SIGKILL it; returns what it acknowledged. */
export function runCrashRound(
  script: string,
  dataDir: string,
  opts: CrashRoundOptions,
): Promise<{ acks: Ack[]; startRevision: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [script, 'write', dataDir, String(opts.lanes), String(opts.snapshotAfterBytes)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acks: Ack[] = [];
    let startRevision = -1;
    let pending = '';
    let stderr = '';
    let killed = false;
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`crash writer never became ready: ${stderr}`));
    }, 15_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!; // an incomplete last line was cut by the kill: not an acknowledgement
      for (const line of lines) {
        const [kind, a, b, ...rest] = line.split(' ');
        if (kind === 'ready') {
          startRevision = Number(a);
          clearTimeout(guard);
          setTimeout(() => {
            killed = true;
            child.kill('SIGKILL');
          }, opts.killAfterMs);
        } else if (kind === 'compact') {
          acks.push({ kind, key: '', revision: Number(a), value: '' });
        } else if (kind === 'put' || kind === 'del') {
          acks.push({ kind, key: a!, revision: Number(b), value: rest.join(' ') });
        }
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(guard);
      if (killed && signal === 'SIGKILL') resolve({ acks, startRevision });
      else reject(new Error(`crash writer exited on its own (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
}

/**
 * Every acknowledged write must be in the reopened store, at its revision with its value (or, when
 * compaction legitimately forgot that revision, superseded by a newer write), and every
 * acknowledged compaction must hold. Returns how many were checked at their exact revision.
 */
export async function verifyAcks(kv: KV, acks: readonly Ack[]): Promise<number> {
  const current = await kv.currentRevision();
  const compacted = await kv.compactedRevision();
  const decoder = new TextDecoder();
  let exact = 0;
  for (const ack of acks) {
    if (ack.kind === 'compact') {
      if (compacted < ack.revision)
        throw new Error(`acknowledged compaction to ${ack.revision} lost (compacted: ${compacted})`);
      continue;
    }
    if (current < ack.revision)
      throw new Error(`acknowledged ${ack.kind} of ${ack.key} at ${ack.revision} lost: store is at ${current}`);
    if (ack.revision < compacted) {
      // That revision is legitimately forgotten; but each key is written by one lane in order, so
      // its latest version can never be older than an acknowledged write to it.
      const latest = (await kv.get(ack.key)).kv;
      if (latest && latest.modRevision < ack.revision)
        throw new Error(
          `acknowledged ${ack.kind} of ${ack.key} at ${ack.revision} lost: latest is ${latest.modRevision}`,
        );
      continue;
    }
    const got = (await kv.get(ack.key, { revision: ack.revision })).kv;
    if (ack.kind === 'del' && got !== undefined)
      throw new Error(`acknowledged delete of ${ack.key} at ${ack.revision} lost`);
    if (ack.kind === 'put' && (got?.modRevision !== ack.revision || decoder.decode(got.value) !== ack.value)) {
      throw new Error(
        `acknowledged put of ${ack.key} at ${ack.revision} lost: found ${got ? `${decoder.decode(got.value)}@${got.modRevision}` : 'nothing'}`,
      );
    }
    exact++;
  }
  return exact;
}
