/**
 * Fuzzing the request paths a client controls (issue 9: no request may crash or freeze the
 * server): a few thousand seeded requests of malformed and deeply nested YAML and JSON bodies,
 * every patch type, bad query parameters, invalid names, large headers and odd methods. Every
 * answer must be below 500 and every error a Status whose `code` is the HTTP status; afterwards
 * the server must be ready and the objects made before the run unchanged.
 *
 * The seed is fixed, so a failure replays exactly; FUZZ_SEED=<n> tries another sequence.
 */
import { describe, expect, it } from 'vitest';
import type { Response, RunningAPIServer } from './support/apiserver.js';
import { useAPIServer } from './support/apiserver.js';

const seed = Number(process.env.FUZZ_SEED ?? 20250609);
const requestCount = 2000;
const concurrency = 6;
/** Node's default limit on a request's headers (16 KiB), past which its HTTP parser answers 431. */
const maxHeaderBytes = 16 * 1024;

interface FuzzRequest {
  category: string;
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /** Headers past the HTTP parser's limit: it answers 431 itself, before any handler, without a body. */
  oversizedHeaders?: boolean;
}

type Rand = () => number;

/** mulberry32: a small seeded generator, so the request sequence is the same on every run. */
function seeded(state: number): Rand {
  let s = state >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const int = (rand: Rand, max: number): number => Math.floor(rand() * max);

const ns = 'fuzz';
const cms = `/api/v1/namespaces/${ns}/configmaps`;
const deploys = `/apis/apps/v1/namespaces/${ns}/deployments`;
/** Collections that requests with arbitrary methods may hit (DELETE there deletes them all). */
const scratch = '/api/v1/namespaces/fuzz-scratch/configmaps';
const mib3 = 3 * 1024 * 1024;

/** Large bodies are built once: the generator picks among them. */
const bigBodies = {
  nestedFlow: '['.repeat(mib3 - 16),
  nestedMaps: '{"a":'.repeat(Math.floor((mib3 - 16) / 5)),
  nestedBlock: '- '.repeat(Math.floor((mib3 - 16) / 2)),
  manyNodes: `[${'0,'.repeat(Math.floor(mib3 / 2) - 8)}0]`,
  manyAliases: `a: &a [1]\nb: [${'*a,'.repeat(Math.floor(mib3 / 3) - 16)}*a]\n`,
};

function nested(depth: number, open: string, close: string, leaf = '1'): string {
  return open.repeat(depth) + leaf + close.repeat(depth);
}

function mutate(rand: Rand, text: string): string {
  let out = text;
  for (let n = 1 + int(rand, 4); n > 0; n--) {
    const at = int(rand, out.length + 1);
    const what = int(rand, 3);
    if (what === 0) out = out.slice(0, at) + out.slice(at + 1 + int(rand, 5));
    else if (what === 1)
      out = out.slice(0, at) + pick(rand, [...'{}[]:,"\'\\-&*!|>#%@` \t\n0aZ\u00e9\u0000']) + out.slice(at);
    else out = out.slice(0, at) + out.slice(at, at + 1 + int(rand, 20)).repeat(1 + int(rand, 50)) + out.slice(at);
  }
  return out;
}

function garbage(rand: Rand, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[int(rand, alphabet.length)];
  return out;
}

const validConfigMapYAML = `apiVersion: v1
kind: ConfigMap
metadata:
  name: fuzz-yaml
  labels: {a: b}
data:
  key: value
  other: "quoted"
`;
const validConfigMapJSON = JSON.stringify({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'fuzz-json', annotations: { a: 'b' } },
  data: { key: 'value' },
});

function yamlBody(rand: Rand): string {
  const depth = pick(rand, [10, 511, 512, 513, 1000, 20_000]);
  const anchors = ['a: &a ["lol"]'];
  for (let i = 1; i < 9; i++)
    anchors.push(
      `l${i}: &l${i} [${Array(9)
        .fill(i === 1 ? '*a' : `*l${i - 1}`)
        .join(',')}]`,
    );
  return pick(rand, [
    () => nested(depth, '[', ']'),
    () => '['.repeat(depth),
    () => nested(depth, '{a: ', '}'),
    () => Array.from({ length: Math.min(depth, 2000) }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
    () => `${'- '.repeat(depth)}x\n`,
    () => `${anchors.join('\n')}\n`,
    () => 'data: &a [*a]\n',
    () => 'data: {x: *missing}\n',
    () => 'metadata: {name: m}\ndata:\n  <<: 5\n',
    () => 'base: &b {x: "1"}\nmetadata: {name: merged}\ndata:\n  <<: *b\n  y: "2"\n',
    () => 'metadata: {name: bin}\ndata: {x: !!binary aGVsbG8=}\n',
    () => 'metadata: {name: badbin}\ndata: {x: !!binary "%%%"}\n',
    () => 'metadata: {name: nullkey}\ndata: {~: x}\n',
    () => 'metadata: {name: mapkey}\ndata: {? {a: 1} : x}\n',
    () => 'metadata: {name: nan}\ndata: {x: .nan}\n',
    () => 'metadata: !!str {name: x}\n',
    () => 'metadata: {name: t}\ndata: {x: !!int "abc", y: !custom tag, z: !!set {a, b}}\n',
    () => 'metadata: {name: omap}\ndata: !!omap [a: 1, b: 2]\n',
    () => '\ufeffmetadata:\n\tname: tab\n',
    () => 'a: 1\n---\n[[[\n',
    () => '%YAML 1.2\n---\nmetadata: {name: directive}\n',
    () => mutate(rand, validConfigMapYAML),
    () => garbage(rand, '[]{}:,-?&*!|>\'"%@` \t\n#abc01.~<=', 1 + int(rand, 3000)),
    () => pick(rand, [bigBodies.nestedFlow, bigBodies.nestedBlock, bigBodies.manyNodes, bigBodies.manyAliases]),
  ])();
}

function jsonBody(rand: Rand): string {
  const depth = pick(rand, [10, 511, 512, 513, 10_000, 100_000]);
  return pick(rand, [
    () => nested(depth, '[', ']'),
    () => nested(depth, '{"a":', '}'),
    () => '['.repeat(depth),
    () => `{"metadata":{"name":"deep-data"},"data":{"a":${nested(depth, '[', ']')}}}`,
    () =>
      `{"metadata":{"name":"deep-mf","managedFields":[{"manager":"m","operation":"Update","fieldsType":"FieldsV1","fieldsV1":${nested(depth, '{"f:a":', '}', '{}')}}]}}`,
    () => '{"metadata":5}',
    () => '{"metadata":{"name":{}}}',
    () => '{"metadata":{"name":"types"},"data":{"a":1}}',
    () => '{"metadata":{"name":"types2"},"data":["x"]}',
    () => '{"apiVersion":5,"kind":[]}',
    () => '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"wrong-kind"}}',
    () => '{"apiVersion":"bad/group/v1"}',
    () => '{"metadata":{"name":"big-number"},"binaryData":{"a":1e999}}',
    () => '[]',
    () => 'null',
    () => '"string"',
    () => '',
    () => mutate(rand, validConfigMapJSON),
    () => garbage(rand, '{}[]:,"\\0123456789.eE+-truefalsn \t\n\u00e9', 1 + int(rand, 3000)),
    () => pick(rand, [bigBodies.nestedFlow, bigBodies.nestedMaps]),
  ])();
}

function patchBody(rand: Rand, type: string): string {
  const depth = pick(rand, [5, 511, 512, 513, 10_000]);
  const deepValue = nested(depth, '{"a":', '}');
  if (type === 'application/json-patch+json') {
    const op = (): unknown => ({
      op: pick(rand, ['add', 'remove', 'replace', 'move', 'copy', 'test', 'frob', 5]),
      path: pick(rand, [
        '/metadata/labels/x',
        '/data/k',
        '',
        '/-',
        '/data',
        `/data${'/0'.repeat(int(rand, 600))}`,
        'nope',
        7,
      ]),
      from: pick(rand, ['', '/data', '/metadata', '/missing']),
      value: pick(rand, [1, 'v', null, { k: 'v' }, [[[]]], undefined]),
    });
    return pick(rand, [
      () => JSON.stringify(Array.from({ length: 1 + int(rand, 5) }, op)),
      () => `[{"op":"add","path":"/data/deep","value":${deepValue}}]`,
      () => JSON.stringify(Array.from({ length: 30 }, (_, i) => ({ op: 'copy', from: '', path: `/c${i}` }))),
      () => JSON.stringify(Array.from({ length: 10_001 }, () => ({ op: 'test', path: '/kind', value: 'ConfigMap' }))),
      () => '{"op":"add"}',
      () => nested(depth, '[', ']'),
      () => mutate(rand, '[{"op":"replace","path":"/data/k","value":"v"}]'),
    ])();
  }
  if (type === 'application/strategic-merge-patch+json') {
    return pick(rand, [
      () => `{"spec":{"template":{"spec":{"containers":[{"name":"c","image":"x"}]}}},"x":${deepValue}}`,
      () => '{"spec":{"template":{"spec":{"containers":[{"$patch":"frob"}]}}}}',
      () => '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":5}],"containers":[{"name":"c"}]}}}}',
      () => '{"spec":{"template":{"spec":{"containers":[{"image":"no-merge-key"}]}}}}',
      () => '{"spec":{"$retainKeys":5}}',
      () => '{"spec":{"template":{"spec":{"containers":[[1]]}}}}',
      () => '{"metadata":{"$deleteFromPrimitiveList/finalizers":"x"}}',
      () => '{"$patch":"replace"}',
      () => '[1]',
      () => nested(depth, '[', ']'),
      () => mutate(rand, '{"spec":{"replicas":2}}'),
    ])();
  }
  return pick(rand, [
    () => `{"data":{"k":"v"},"x":${deepValue}}`,
    () => '{"metadata":{"name":"renamed"}}',
    () => '{"metadata":null}',
    () => '{"data":{"k":null,"n":1}}',
    () => '[1,2]',
    () => 'null',
    () => nested(depth, '[', ']'),
    () => mutate(rand, '{"data":{"k":"v"}}'),
  ])();
}

const queryKeys = [
  'fieldValidation',
  'dryRun',
  'limit',
  'continue',
  'labelSelector',
  'fieldSelector',
  'resourceVersion',
  'resourceVersionMatch',
  'timeoutSeconds',
  'watch',
  'propagationPolicy',
  'gracePeriodSeconds',
  'pretty',
  'fieldManager',
  'allowWatchBookmarks',
  'sendInitialEvents',
];
const queryValues = [
  '',
  'Strict',
  'bogus',
  'All',
  '-1',
  '0',
  '99999999999999999999',
  'a=b=c',
  '!!!',
  'x in (',
  '%zz',
  '%00',
];

function query(rand: Rand): string {
  const parts: string[] = [];
  for (let n = int(rand, 4); n > 0; n--) {
    const key = pick(rand, queryKeys);
    // A watch that succeeds streams until its timeout: keep those short.
    const value = key === 'watch' ? pick(rand, ['false', 'bogus']) : pick(rand, queryValues);
    parts.push(`${key}=${value.startsWith('%') ? value : encodeURIComponent(value)}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** Names no object may have; URLs get them percent-encoded. */
const invalidNames = [
  'UPPER',
  'under_score',
  '-leading',
  'a'.repeat(300),
  'ünïcödé',
  'sp ace',
  'slash/name',
  'nul\u0000',
  'dots..dots',
  'colon:name',
  'x'.repeat(64),
];
/** Invalid only in a body: a URL client normalizes `.` and `..` segments away (WHATWG URL), leaving a collection path. */
const bodyOnlyNames = ['.', '..', ''];

function generate(rand: Rand): FuzzRequest {
  const category = pick(rand, ['yaml', 'json', 'patch', 'query', 'name', 'header', 'method']);
  switch (category) {
    case 'yaml': {
      const method = pick(rand, ['POST', 'PUT']);
      const path = method === 'POST' ? cms : `${cms}/fuzz-yaml`;
      return { category, method, path, body: yamlBody(rand), headers: { 'content-type': 'application/yaml' } };
    }
    case 'json': {
      const type = pick(rand, [
        'application/json',
        'application/json',
        'application/vnd.kubernetes.protobuf',
        'text/plain',
      ]);
      const body =
        type === 'application/vnd.kubernetes.protobuf'
          ? `k8s\u0000${garbage(rand, '\u0000\u0001\u0008\n\u0012\u001a\u007f\u0080abc', int(rand, 200))}`
          : jsonBody(rand);
      const target = rand() < 0.2 ? deploys : cms;
      const method = pick(rand, ['POST', 'PUT']);
      const path = method === 'POST' ? target : `${target}/victim`;
      return { category, method, path, body, headers: { 'content-type': type } };
    }
    case 'patch': {
      const type = pick(rand, [
        'application/merge-patch+json',
        'application/json-patch+json',
        'application/strategic-merge-patch+json',
      ]);
      // Targets no other category touches, so that patches meet an object to apply to.
      const target =
        type === 'application/strategic-merge-patch+json' || rand() < 0.3 ? `${deploys}/patched` : `${cms}/patched`;
      const validation = pick(rand, [
        '',
        '?fieldValidation=Strict',
        '?fieldValidation=Ignore',
        '?fieldValidation=Warn',
      ]);
      return {
        category,
        method: 'PATCH',
        path: target + validation,
        body: patchBody(rand, type),
        headers: { 'content-type': type },
      };
    }
    case 'query': {
      const method = pick(rand, ['GET', 'GET', 'DELETE', 'POST']);
      const path = pick(rand, [method === 'DELETE' ? scratch : cms, `${cms}/victim`, `/api/v1/namespaces/${ns}/pods`]);
      return { category, method, path: path + query(rand), ...(method === 'POST' ? { body: validConfigMapJSON } : {}) };
    }
    case 'name': {
      if (rand() < 0.5) {
        const name = pick(rand, [...invalidNames, ...bodyOnlyNames]);
        return { category, method: 'POST', path: cms, body: JSON.stringify({ metadata: { name } }) };
      }
      return {
        category,
        method: pick(rand, ['GET', 'PUT', 'DELETE', 'PATCH']),
        path: `${cms}/${encodeURIComponent(pick(rand, invalidNames))}`,
        body: '{}',
        headers: { 'content-type': 'application/merge-patch+json' },
      };
    }
    case 'header': {
      const size = pick(rand, [100, 4000, 12_000, 20_000, 64_000]);
      const headers: Record<string, string> = { 'x-fuzz': 'v'.repeat(size) };
      if (rand() < 0.3) for (let i = 0; i < 50; i++) headers[`x-fuzz-${i}`] = 'w'.repeat(100);
      if (rand() < 0.3)
        headers.accept = pick(rand, [
          'application/yaml',
          'application/vnd.kubernetes.protobuf',
          'bogus/type;q=x',
          '*/*;as=Table;g=meta.k8s.io;v=v1',
        ]);
      if (rand() < 0.3)
        headers['content-type'] = pick(rand, ['application/json; charset=bogus', ';;;', 'application/yaml;x']);
      const bytes = Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
      return {
        category,
        method: pick(rand, ['GET', 'POST']),
        path: cms,
        body: validConfigMapJSON,
        headers,
        oversizedHeaders: bytes > maxHeaderBytes - 1024,
      };
    }
    default: {
      const method = pick(rand, [
        'PROPFIND',
        'MKCOL',
        'LOCK',
        'SEARCH',
        'REPORT',
        'PURGE',
        'OPTIONS',
        'TRACE',
        'HEAD',
        'PUT',
        'PATCH',
        'DELETE',
        'POST',
      ]);
      const path = pick(rand, [
        scratch,
        `${cms}/victim`,
        '/api/v1/namespaces/fuzz-scratch',
        '/api/v1',
        '/apis',
        '/version',
        '/healthz',
        '/nope',
        `/api/v1/namespaces/${ns}/configmaps/victim/status`,
      ]);
      return { category: 'method', method, path };
    }
  }
}

/** What is wrong with an answer, or undefined when it is one the rules allow. */
function judge(req: FuzzRequest, res: Response): string | undefined {
  if (req.oversizedHeaders && res.status === 431) return undefined;
  if (res.status >= 500) return `answered ${res.status}: ${res.text.slice(0, 300)}`;
  if (res.status < 400 || req.method === 'HEAD') return undefined;
  const status = res.json as { kind?: unknown; apiVersion?: unknown; status?: unknown; code?: unknown } | undefined;
  if (status?.kind !== 'Status' || status.apiVersion !== 'v1' || status.status !== 'Failure')
    return `answered ${res.status} without a Status: ${res.text.slice(0, 300)}`;
  if (status.code !== res.status) return `answered ${res.status} with a Status of code ${String(status.code)}`;
  return undefined;
}

async function send(server: RunningAPIServer, req: FuzzRequest): Promise<Response> {
  return server.request(req.method, req.path, {
    ...(req.body !== undefined ? { body: req.body } : {}),
    ...(req.headers ? { headers: req.headers } : {}),
  });
}

describe('fuzzing the request decoding paths', () => {
  const api = useAPIServer();

  it(`answers ${requestCount} malformed requests with 4xx Statuses and stays ready with its objects intact`, async () => {
    const server = api();
    const json = { 'content-type': 'application/json' };
    for (const name of [ns, 'fuzz-seed']) {
      expect((await server.request('POST', '/api/v1/namespaces', { body: { metadata: { name } } })).status).toBe(201);
    }
    const deployment = (name: string) => ({
      metadata: { name },
      spec: {
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      },
    });
    const seeds = [
      ['/api/v1/namespaces/fuzz-seed/configmaps', { metadata: { name: 'seed' }, data: { k: 'v' } }],
      ['/apis/apps/v1/namespaces/fuzz-seed/deployments', deployment('seed')],
      [cms, { metadata: { name: 'victim' }, data: { k: 'v' } }],
      [deploys, deployment('victim')],
      [cms, { metadata: { name: 'patched' }, data: { k: 'v' } }],
      [deploys, deployment('patched')],
    ] as const;
    const before: unknown[] = [];
    for (const [path, body] of seeds) {
      const res = await server.request('POST', path, { body, headers: json });
      expect(res.status, res.text).toBe(201);
      before.push(res.json);
    }

    const rand = seeded(seed);
    const requests = Array.from({ length: requestCount }, () => generate(rand));
    const failures: string[] = [];
    const tally = new Map<string, number>();
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < requests.length; i = next++) {
          const req = requests[i] as FuzzRequest;
          let verdict: string | undefined;
          let status = 'error';
          try {
            const res = await send(server, req);
            status = String(res.status);
            verdict = judge(req, res);
          } catch (err) {
            verdict = `request failed: ${String(err)}`;
          }
          tally.set(`${req.category} ${status}`, (tally.get(`${req.category} ${status}`) ?? 0) + 1);
          if (verdict)
            failures.push(`#${i} ${req.method} ${req.path.slice(0, 120)} (${req.category}, seed ${seed}): ${verdict}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `fuzz: ${requestCount} requests in ${seconds.toFixed(1)} s; answers by category: ${JSON.stringify(Object.fromEntries([...tally].sort()))}`,
    );

    expect(failures.slice(0, 20)).toEqual([]);
    expect(server.proc.exit).toBeUndefined();
    expect((await server.request('GET', '/readyz')).status).toBe(200);
    const [cmSeed, deploySeed] = before;
    expect((await server.request('GET', '/api/v1/namespaces/fuzz-seed/configmaps/seed')).json).toEqual(cmSeed);
    expect((await server.request('GET', '/apis/apps/v1/namespaces/fuzz-seed/deployments/seed')).json).toEqual(
      deploySeed,
    );
  }, 180_000);

  // Regression: patches nested 10,000 levels deep parsed, then overflowed the stack (500s).
  it('refuses deep patches with the wording of upstream decoder for each patch type', async () => {
    const server = api();
    const path = '/api/v1/namespaces/default/configmaps/patch-wording';
    const created = await server.request('POST', '/api/v1/namespaces/default/configmaps', {
      body: { metadata: { name: 'patch-wording' } },
    });
    expect(created.status, created.text).toBe(201);
    const deep = `{"data":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    const tooDeep = `invalid character '{' exceeded max depth`;
    const cases = [
      ['application/merge-patch+json', '', `error decoding patch: ${tooDeep}`],
      ['application/merge-patch+json', '?fieldValidation=Ignore', 'Invalid JSON Patch'],
      ['application/json-patch+json', '?fieldValidation=Strict', `error decoding patch: ${tooDeep}`],
      ['application/json-patch+json', '?fieldValidation=Ignore', tooDeep],
      ['application/strategic-merge-patch+json', '', tooDeep],
    ] as const;
    for (const [type, query, message] of cases) {
      const res = await server.request('PATCH', path + query, { body: deep, headers: { 'content-type': type } });
      expect({ type, query, status: res.status, json: res.json }).toMatchObject({
        status: 400,
        json: { kind: 'Status', code: 400, reason: 'BadRequest', message },
      });
    }
    const ops = JSON.stringify(
      Array.from({ length: 10_001 }, () => ({ op: 'test', path: '/kind', value: 'ConfigMap' })),
    );
    const res = await server.request('PATCH', path, {
      body: ops,
      headers: { 'content-type': 'application/json-patch+json' },
    });
    expect(res.json).toMatchObject({
      code: 413,
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    });
  });
});
