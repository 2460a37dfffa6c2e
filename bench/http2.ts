/**
 * HTTP/1.1 or HTTP/2 for the apiserver? Measures what the protocol alone changes for the request
 * shape kubectl and client-go send (small JSON GETs, many concurrent), with nothing else in the
 * way: one bare `node:https` server (HTTP/1.1, a keep-alive connection per concurrent request,
 * as kubectl over HTTP/1.1 uses) beside one bare `node:http2` server (one connection, streams
 * multiplexed, as client-go over h2 uses), same certificate, same body, same process, same run.
 *
 *   node bench/run.mjs http2 [--seconds=5] [--concurrency=16]
 */
import { once } from 'node:events';
import http2 from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generateCA, generateSignedCert, loadSigningCA } from '../pkg/util/cert/cert.js';
import { closedLoop, send, type LoadResult } from './lib/load.js';
import { ms, perSecond, printConditions, printTable, ratio } from './lib/report.js';
import { summarize } from './lib/stats.js';
import { undici, type Dispatcher } from './lib/undici.js';

const arg = (name: string, fallback: number): number =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const seconds = arg('seconds', 5);
const concurrency = arg('concurrency', 16);

const body = JSON.stringify({
  kind: 'ConfigMap',
  apiVersion: 'v1',
  metadata: {
    name: 'x',
    namespace: 'default',
    resourceVersion: '42',
    uid: '0b0f6c1e-1111-4a4a-9c9c-000000000000',
    creationTimestamp: '2026-11-29T00:00:00Z',
  },
  data: { a: 'x'.repeat(700) },
});
const answer = (res: {
  writeHead(code: number, headers: Record<string, string | number>): unknown;
  end(b: string): unknown;
}): void => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

async function main(): Promise<void> {
  const ca = await generateCA('bench-ca');
  const cert = await generateSignedCert(await loadSigningCA(ca), {
    commonName: 'bench',
    hosts: ['127.0.0.1'],
    usage: 'server',
  });
  const tls = { cert: cert.certPEM, key: cert.keyPEM };
  const h1 = https.createServer({ ...tls, ALPNProtocols: ['http/1.1'] }, (_req, res) => answer(res));
  const h2 = http2.createSecureServer({ ...tls, allowHTTP1: true }, (_req, res) => answer(res));
  h1.listen(0, '127.0.0.1');
  h2.listen(0, '127.0.0.1');
  await Promise.all([once(h1, 'listening'), once(h2, 'listening')]);
  const url = (s: { address(): AddressInfo | string | null }) =>
    `https://127.0.0.1:${(s.address() as AddressInfo).port}`;

  printConditions('HTTP/1.1 vs HTTP/2 for small JSON GETs', {
    concurrency: String(concurrency),
    duration: `${seconds}s each`,
  });
  const h1Pool = new undici.Pool(url(h1), { connect: { ca: ca.certPEM }, connections: concurrency });
  const h2Client = new undici.Client(url(h2), { connect: { ca: ca.certPEM }, allowH2: true });
  const path = '/api/v1/namespaces/default/configmaps/x';
  const run = (dispatcher: Dispatcher, count?: number): Promise<LoadResult> =>
    closedLoop({
      concurrency,
      ...(count ? { count } : { durationMs: seconds * 1000 }),
      request: () => send(dispatcher, 'GET', path),
    });
  // Warm both up (TLS handshakes, JIT) before measuring.
  await run(h1Pool, 500);
  await run(h2Client, 500);
  const one = await run(h1Pool);
  const two = await run(h2Client);
  const s1 = summarize(one.latenciesMs);
  const s2 = summarize(two.latenciesMs);
  const rate = (r: LoadResult) => (r.latenciesMs.length * 1000) / r.elapsedMs;
  printTable(
    ['metric', 'HTTP/1.1 (16 connections)', 'HTTP/2 (1 connection)', 'h2 ÷ h1'],
    [
      ['GETs per second', perSecond(rate(one)), perSecond(rate(two)), ratio(rate(two), rate(one))],
      ['latency p50', ms(s1.p50), ms(s2.p50), ratio(s2.p50, s1.p50)],
      ['latency p99', ms(s1.p99), ms(s2.p99), ratio(s2.p99, s1.p99)],
      ['failures', String(one.failures.total), String(two.failures.total), ''],
    ],
  );
  await Promise.all([h1Pool.close(), h2Client.close()]);
  h1.close();
  h2.close();
}

await main();
