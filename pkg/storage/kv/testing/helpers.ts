/**
 * Small helpers shared by the KV and Storage conformance suites and backend tests.
 */
import type { KV, KVEvent } from '../types.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

export function text(b: Uint8Array): string {
  return decoder.decode(b);
}

let sequence = 0;

/** A key prefix no other test (or earlier run against a shared etcd) uses. */
export function uniquePrefix(label = 'kv'): string {
  sequence++;
  return `/conformance/${label}-${process.pid}-${Date.now().toString(36)}-${sequence}/`;
}

/**
 * Reads a KV watch until `count` events arrived, then stops it. Fails (rejects) when they do not
 * arrive within `timeoutMs`, saying how many did.
 */
export async function collectEvents(
  kv: KV,
  prefix: string,
  afterRevision: number,
  count: number,
  timeoutMs = 5000,
): Promise<KVEvent[]> {
  const ac = new AbortController();
  const events: KVEvent[] = [];
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  try {
    for await (const batch of kv.watch(prefix, afterRevision, ac.signal)) {
      events.push(...batch);
      if (events.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
  if (events.length < count)
    throw new Error(`expected ${count} events under ${prefix}, got ${events.length} within ${timeoutMs} ms`);
  return events;
}

/** Polls `check` until it returns true, or throws after `timeoutMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A compact "TYPE key@rev" rendering of events, for readable assertions. */
export function describeEvents(events: readonly KVEvent[], prefix = ''): string[] {
  return events.map((e) => `${e.type} ${e.kv.key.slice(prefix.length)}@${e.kv.modRevision}`);
}
