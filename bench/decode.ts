/**
 * What a hostile or merely large request body costs everyone else (issue 9): while one client
 * posts bodies the decoders must refuse or work through, another keeps GETting a small object,
 * and we report how long each body took to answer and the latency of those GETs meanwhile.
 * Goal: the concurrent GET's p99 stays under 50 ms while 3 MiB nested YAML is refused.
 *
 *   node bench/run.mjs decode [--bundle=dist/hyperkube.js] [--rounds=16] [--parallel=4]
 *
 * Bodies go to a dry-run create (nothing is stored), `--parallel` at a time, `--rounds` in all.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startBenchAPIServer } from './lib/apiserver.js';
import { closedLoop, describeFailures, send } from './lib/load.js';
import { bytes, ms, printConditions, printTable } from './lib/report.js';
import { summarize } from './lib/stats.js';
import { type Dispatcher, undici } from './lib/undici.js';

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const bundle = path.resolve(arg('bundle', 'dist/hyperkube.js'));
const rounds = Number(arg('rounds', '16'));
const parallel = Number(arg('parallel', '4'));
const mib3 = 3 * 1024 * 1024 - 64;
const crdFile = '/work/shared/crds/prometheus-operator-v0.93.0/crds/monitoring.coreos.com_prometheuses.yaml';

interface Scenario {
  name: string;
  path: string;
  contentType: string;
  body: string;
}

const cms = '/api/v1/namespaces/default/configmaps?dryRun=All';
const scenarios: Scenario[] = [
  { name: 'YAML: 3 MiB of `[`', path: cms, contentType: 'application/yaml', body: '['.repeat(mib3) },
  { name: 'YAML: 3 MiB of `- `', path: cms, contentType: 'application/yaml', body: '- '.repeat(mib3 / 2) },
  {
    name: 'YAML: 3 MiB flow list of ints',
    path: cms,
    contentType: 'application/yaml',
    body: `[${'0,'.repeat(mib3 / 2 - 2)}0]`,
  },
  {
    name: 'YAML: ConfigMap of 30,000 keys',
    path: cms,
    contentType: 'application/yaml',
    body: `metadata: {name: big}\ndata:\n${Array.from({ length: 30_000 }, (_, i) => `  k${i}: v${i}\n`).join('')}`,
  },
  { name: 'JSON: 3 MiB of `[`', path: cms, contentType: 'application/json', body: '['.repeat(mib3) },
  {
    name: 'JSON: 3 MiB nested objects',
    path: cms,
    contentType: 'application/json',
    body: `${'{"a":'.repeat(mib3 / 10)}1${'}'.repeat(mib3 / 10)}`,
  },
];
if (existsSync(crdFile)) {
  scenarios.push({
    name: 'YAML: prometheuses CRD (830 KB)',
    path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions?dryRun=All',
    contentType: 'application/yaml',
    body: readFileSync(crdFile, 'utf8'),
  });
}

async function post(pool: Dispatcher, s: Scenario): Promise<{ status: number; body: Buffer }> {
  const res = await pool.request({
    method: 'POST',
    path: s.path,
    headers: { 'content-type': s.contentType, accept: 'application/json' },
    body: s.body,
  });
  return { status: res.statusCode, body: Buffer.from(await res.body.arrayBuffer()) };
}

async function main(): Promise<void> {
  const server = await startBenchAPIServer({ bundle, storage: 'memory' });
  try {
    const connect = server.tls;
    const gets = new undici.Pool(server.origin, { connect, connections: 1 });
    // Creates that keep unknown fields answer with many Warning headers: allow them.
    const bodies = new undici.Pool(server.origin, {
      connect,
      connections: parallel,
      bodyTimeout: 120_000,
      maxHeaderSize: 1024 * 1024,
    });
    const probe = '/api/v1/namespaces/default/configmaps/probe';
    const created = await send(gets, 'POST', '/api/v1/namespaces/default/configmaps', '{"metadata":{"name":"probe"}}');
    if (created.status !== 201) throw new Error(`creating the probe: HTTP ${created.status}`);

    printConditions('Decoding large and hostile bodies: their cost, and a concurrent GET meanwhile', {
      bundle: path.relative(process.cwd(), bundle),
      bodies: `${rounds} per scenario, ${parallel} at a time, dry-run creates`,
      'concurrent GET': `${probe}, one at a time`,
    });

    const alone = await closedLoop({ concurrency: 1, durationMs: 2000, request: () => send(gets, 'GET', probe) });
    if (alone.failures.total > 0) console.log(`GET alone: failures ${describeFailures(alone.failures)}`);
    const rows: string[][] = [row('GET alone (reference)', '', '', undefined, alone.latenciesMs)];
    for (const s of scenarios) {
      const answers = new Map<number, number>();
      const times: number[] = [];
      let done = false;
      const latencies: number[] = [];
      let getFailures = 0;
      const getting = (async () => {
        while (!done) {
          const t0 = performance.now();
          const answer = await send(gets, 'GET', probe);
          if (answer.status === 200) latencies.push(performance.now() - t0);
          else getFailures++;
        }
      })();
      const posted = await closedLoop({
        concurrency: parallel,
        count: rounds,
        request: async () => {
          const t0 = performance.now();
          const answer = await post(bodies, s);
          times.push(performance.now() - t0);
          answers.set(answer.status, (answers.get(answer.status) ?? 0) + 1);
          return answer;
        },
      });
      done = true;
      await getting;
      const answered = [...answers].map(([code, n]) => `${code} ×${n}`).join(', ');
      rows.push(row(s.name, bytes(Buffer.byteLength(s.body)), answered, times, latencies));
      if (getFailures > 0) console.log(`${s.name}: ${getFailures} GETs failed`);
      // Answers other than 2xx are expected here; transport errors are not.
      const broken = posted.failures.samples.filter((f) => f.startsWith('error'));
      if (broken.length > 0) console.log(`${s.name}: ${broken.join('; ')}`);
    }
    printTable(
      ['scenario', 'body', 'answers', 'answer p50', 'answer max', 'GETs', 'GET p50', 'GET p99', 'GET max'],
      rows,
    );
    console.log(`\nserver RSS after the run: ${bytes((server.rssKiB() ?? 0) * 1024)}`);
    await gets.close();
    await bodies.close();
  } finally {
    await server.stop();
  }
}

function row(name: string, size: string, answered: string, times: number[] | undefined, gets: number[]): string[] {
  const answer = times && times.length > 0 ? summarize(times) : undefined;
  const latency = gets.length > 0 ? summarize(gets) : undefined;
  return [
    name,
    size,
    answered,
    ms(answer?.p50),
    ms(answer?.max),
    String(latency?.n ?? 0),
    ms(latency?.p50),
    ms(latency?.p99),
    ms(latency?.max),
  ];
}

await main();
