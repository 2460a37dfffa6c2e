/**
 * The measurements of bench/api.ts, run the same way against any target: an apiserver (which
 * must first get its namespaces and objects) or the reference server (which answers fixed bytes).
 */
import type { ClientTLS } from './apiserver.js';
import { closedLoop, describeFailures, send, type LoadResult } from './load.js';
import { undici, type Dispatcher } from './undici.js';
import { measureWatchFanout, type FanoutResult } from './watch-fanout.js';

export interface Target {
  label: string;
  /** https://127.0.0.1:<port> */
  origin: string;
  connect: ClientTLS;
  /** An apiserver needs namespaces and objects created first, and its answers are checked. */
  apiserver: boolean;
  rssKiB(): number | undefined;
}

export interface Sizes {
  connections: number;
  getDurationMs: number;
  listItems: number;
  listReps: number;
  sequentialCreates: number;
  concurrentCreators: number;
  watchers: number;
  watchEvents: number;
  createTimeBoundMs: number;
}

export interface Measured {
  createSequential: LoadResult;
  createConcurrent: LoadResult;
  get: LoadResult;
  list: LoadResult;
  listBytes?: number;
  watch: FanoutResult;
  rssKiB?: number;
  /** Everything that went wrong, one line each (failed requests, wrong counts, missed events). */
  problems: string[];
}

/** Bytes an apiserver answered, for the reference to serve back. */
export interface Captured {
  getPath: string;
  getBody: string;
  listPath: string;
  listBody: string;
  createBody: string;
  watchCollectionPath: string;
  watchLine: string;
}

export interface Hooks {
  /** Called after the first writes to an apiserver; a returned reason skips the target. */
  afterFirstWrites?: () => string | undefined;
}

const namespaces = { get: 'bench-get', list: 'bench-list', watch: 'bench-watch' };
const collection = (ns: string): string => `/api/v1/namespaces/${ns}/configmaps`;
const getPath = `${collection(namespaces.get)}/get-target`;
const listPath = collection(namespaces.list);
const watchCollectionPath = collection(namespaces.watch);
/** Without a resourceVersion, a watch starts now; the namespace is empty, so no initial events. */
const watchPath = `${watchCollectionPath}?watch=true`;

/** About 600 bytes of JSON: a small, typical ConfigMap. */
function configMap(name: string): string {
  const settings = Array.from({ length: 16 }, (_, i) => `setting${i}: value-${i}`).join('\n');
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels: { app: 'bench' } },
    data: { 'config.yaml': settings, mode: 'bench' },
  });
}

export async function measureTarget(
  target: Target,
  sizes: Sizes,
  hooks: Hooks,
): Promise<{ measured: Measured; captured: Captured } | { skipped: string }> {
  const problems: string[] = [];
  const pool = (connections: number): Dispatcher =>
    new undici.Pool(target.origin, { connect: target.connect, connections, pipelining: 1 });
  const one = pool(1);
  const creators = pool(sizes.concurrentCreators);
  const getters = pool(sizes.connections);
  try {
    if (target.apiserver) {
      const skipped = await prepareAPIServer(one, problems, hooks);
      if (skipped) return { skipped };
    }

    const createSequential = await closedLoop({
      concurrency: 1,
      count: Math.min(sizes.sequentialCreates, sizes.listItems),
      durationMs: sizes.createTimeBoundMs,
      request: (i) => send(one, 'POST', listPath, configMap(`cm-${i}`)),
    });
    const createConcurrent = await closedLoop({
      concurrency: sizes.concurrentCreators,
      count: Math.max(0, sizes.listItems - createSequential.count),
      durationMs: sizes.createTimeBoundMs,
      request: (i) => send(creators, 'POST', listPath, configMap(`cm-${createSequential.count + i}`)),
    });
    const created = createSequential.latenciesMs.length + createConcurrent.latenciesMs.length;
    if (target.apiserver && created < sizes.listItems)
      problems.push(
        `only ${created} of ${sizes.listItems} ConfigMaps created (time bound ${sizes.createTimeBoundMs / 1000} s per phase, or failures)`,
      );

    // Warm-up: opens every connection and lets the JIT settle before the measured window.
    await closedLoop({ concurrency: sizes.connections, durationMs: 500, request: () => send(getters, 'GET', getPath) });
    const get = await closedLoop({
      concurrency: sizes.connections,
      durationMs: sizes.getDurationMs,
      request: () => send(getters, 'GET', getPath),
    });

    const list = await closedLoop({
      concurrency: 1,
      count: sizes.listReps,
      durationMs: 120_000,
      request: () => send(one, 'GET', listPath),
    });
    if (target.apiserver && list.firstBody) {
      const items = (JSON.parse(list.firstBody.toString('utf8')) as { items?: unknown[] }).items?.length;
      if (items !== created) problems.push(`LIST returned ${items} items, ${created} were created`);
    }

    const watch = await measureWatchFanout({
      origin: target.origin,
      connect: target.connect,
      watchPath,
      watchers: sizes.watchers,
      events: sizes.watchEvents,
      timeoutMs: 30_000,
      write: (k) => send(one, 'POST', watchCollectionPath, configMap(`watch-${k}`)),
      check: target.apiserver
        ? (line, k) =>
            line.startsWith('{"type":"ADDED"') && line.includes(`"name":"watch-${k}"`)
              ? undefined
              : `expected ADDED watch-${k}`
        : undefined,
    });
    if (watch.opened < sizes.watchers) problems.push(`only ${watch.opened} of ${sizes.watchers} watch streams opened`);

    for (const [phase, r] of [
      ['create sequential', createSequential],
      ['create concurrent', createConcurrent],
      ['GET', get],
      ['LIST', list],
      ['watch', { failures: watch.failures }],
    ] as const) {
      if (r.failures.total > 0)
        problems.push(`${phase}: ${describeFailures(r.failures)}; first: ${r.failures.samples.join(' | ')}`);
    }
    const measured: Measured = {
      createSequential,
      createConcurrent,
      get,
      list,
      listBytes: list.firstBody?.length,
      watch,
      rssKiB: target.rssKiB(),
      problems,
    };
    return { measured, captured: capture(measured) };
  } finally {
    await Promise.all([one, creators, getters].map((d) => d.destroy()));
  }
}

/** Namespaces and the object to GET; skipped (with a reason) when `hooks` says so. */
async function prepareAPIServer(one: Dispatcher, problems: string[], hooks: Hooks): Promise<string | undefined> {
  for (const name of Object.values(namespaces)) {
    const answer = await send(
      one,
      'POST',
      '/api/v1/namespaces',
      JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
    );
    if (answer.status !== 201 && answer.status !== 409)
      problems.push(`create namespace ${name}: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
  }
  const target = await send(one, 'POST', collection(namespaces.get), configMap('get-target'));
  if (target.status !== 201)
    throw new Error(
      `creating the ConfigMap to GET failed: HTTP ${target.status} ${target.body.toString('utf8').slice(0, 500)}`,
    );
  return hooks.afterFirstWrites?.();
}

function capture(m: Measured): Captured {
  const text = (what: string, body: Buffer | undefined): string => {
    if (!body) throw new Error(`no successful ${what} answer to capture for the reference`);
    return body.toString('utf8');
  };
  if (!m.watch.firstLine) throw new Error('no watch event line to capture for the reference');
  return {
    getPath,
    getBody: text('GET', m.get.firstBody),
    listPath,
    listBody: text('LIST', m.list.firstBody),
    createBody: text('create', m.createSequential.firstBody ?? m.createConcurrent.firstBody),
    watchCollectionPath,
    watchLine: m.watch.firstLine,
  };
}
