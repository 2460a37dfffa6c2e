/**
 * The REST API's read semantics over HTTP against the built bundle, compared with upstream
 * kube-apiserver 1.33: label and field selectors, paging, resourceVersion/resourceVersionMatch,
 * lists across namespaces, and content negotiation (Table, PartialObjectMetadata, YAML, pretty,
 * protobuf fallbacks, gzip). Watches are in api-watch.e2e.test.ts.
 */
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYAML } from 'yaml';
import { useAPIServer, type Response, type RunningAPIServer } from './support/apiserver.js';
import { rawRequest } from './support/raw-http.js';
import { expectFailure } from './support/status.js';

interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    continue?: string;
    remainingItemCount?: number;
    labels?: Record<string, string>;
  };
  items?: Obj[];
  [field: string]: unknown;
}

const apiserver = useAPIServer({ needsKubectl: true });
let server: RunningAPIServer;
const ns = 'api-reads';
const other = 'api-reads-other';
const cms = `/api/v1/namespaces/${ns}/configmaps`;
const pods = `/api/v1/namespaces/${ns}/pods`;
const tableAccept = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };

async function ok(res: Promise<Response>, code = 200): Promise<Obj> {
  const r = await res;
  expect(r.status, r.text).toBe(code);
  return r.json as Obj;
}

const names = (list: Obj): string[] => (list.items ?? []).map((i) => i.metadata.name ?? '').sort();
const q = (s: string): string => encodeURIComponent(s);

beforeAll(async () => {
  server = apiserver();
  for (const name of [ns, other])
    await ok(server.request('POST', '/api/v1/namespaces', { body: { metadata: { name } } }), 201);
  const labelled: Array<[string, Record<string, string>]> = [
    ['l-a', { env: 'prod', tier: 'web' }],
    ['l-b', { env: 'dev', tier: 'web' }],
    ['l-c', { env: 'prod' }],
    ['l-d', {}],
  ];
  for (const [name, labels] of labelled)
    await ok(server.request('POST', cms, { body: { metadata: { name, labels } } }), 201);
  for (const [namespace, name] of [
    [ns, 'bound'],
    [ns, 'waiting'],
    [other, 'elsewhere'],
  ] as const) {
    await ok(
      server.request('POST', `/api/v1/namespaces/${namespace}/pods`, {
        body: { metadata: { name }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
      }),
      201,
    );
  }
  const binding = {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name: 'bound' },
    target: { kind: 'Node', name: 'node-a' },
  };
  await ok(server.request('POST', `${pods}/bound/binding`, { body: binding }), 201);
});

describe('label selectors', () => {
  it('support =, ==, !=, in, notin, exists and !key, and their conjunction', async () => {
    const cases: Array<[string, string[]]> = [
      ['env=prod', ['l-a', 'l-c']],
      ['env==prod', ['l-a', 'l-c']],
      ['env!=prod', ['l-b', 'l-d']],
      ['env in (prod,dev)', ['l-a', 'l-b', 'l-c']],
      ['env notin (prod)', ['l-b', 'l-d']],
      ['tier', ['l-a', 'l-b']],
      ['!tier', ['l-c', 'l-d']],
      ['env=prod,tier', ['l-a']],
    ];
    for (const [selector, want] of cases)
      expect(names(await ok(server.request('GET', `${cms}?labelSelector=${q(selector)}`))), selector).toEqual(want);
  });

  it('answers 400 with the parser’s message for bad syntax', async () => {
    const cases: Array<[string, string]> = [
      ['env in prod', "unable to parse requirement: found 'prod' expected: '('"],
      ['!!env', "unable to parse requirement: found '!', expected: identifier"],
      ['env prod', "unable to parse requirement: found 'prod', expected: in, notin, =, ==, !=, gt, lt"],
    ];
    for (const [selector, message] of cases)
      expectFailure(await server.request('GET', `${cms}?labelSelector=${q(selector)}`), 400, 'BadRequest', message);
  });
});

describe('field selectors', () => {
  it('select by metadata.name and metadata.namespace, across namespaces too', async () => {
    expect(names(await ok(server.request('GET', `${cms}?fieldSelector=${q('metadata.name=l-b')}`)))).toEqual(['l-b']);
    expect(names(await ok(server.request('GET', `${cms}?fieldSelector=${q('metadata.name!=l-b')}`)))).toEqual([
      'l-a',
      'l-c',
      'l-d',
    ]);
    const all = await ok(server.request('GET', `/api/v1/configmaps?fieldSelector=${q(`metadata.namespace=${ns}`)}`));
    expect(all.kind).toBe('ConfigMapList');
    expect(names(all)).toEqual(['l-a', 'l-b', 'l-c', 'l-d']);
  });

  it('select pods by spec.nodeName and status.phase', async () => {
    expect(names(await ok(server.request('GET', `${pods}?fieldSelector=${q('spec.nodeName=node-a')}`)))).toEqual([
      'bound',
    ]);
    expect(names(await ok(server.request('GET', `${pods}?fieldSelector=${q('spec.nodeName=')}`)))).toEqual(['waiting']);
    expect(names(await ok(server.request('GET', `${pods}?fieldSelector=${q('status.phase=Pending')}`)))).toEqual([
      'bound',
      'waiting',
    ]);
    expect(names(await ok(server.request('GET', `${pods}?fieldSelector=${q('status.phase=Running')}`)))).toEqual([]);
  });

  it('answers 400 for unsupported fields and bad syntax', async () => {
    expectFailure(
      await server.request('GET', `${pods}?fieldSelector=${q('spec.bogus=1')}`),
      400,
      'BadRequest',
      'field label not supported: spec.bogus',
    );
    expectFailure(
      await server.request('GET', `${cms}?fieldSelector=${q('data.a=b')}`),
      400,
      'BadRequest',
      '"data.a" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    expectFailure(
      await server.request('GET', `${pods}?fieldSelector=${q('spec.nodeName')}`),
      400,
      'BadRequest',
      "invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'",
    );
  });
});

describe('lists', () => {
  it('list pods across namespaces at /api/v1/pods', async () => {
    const list = await ok(server.request('GET', '/api/v1/pods'));
    expect(list.kind).toBe('PodList');
    const ours = (list.items ?? [])
      .filter((p) => p.metadata.namespace === ns || p.metadata.namespace === other)
      .map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    expect(ours.sort()).toEqual([`${ns}/bound`, `${ns}/waiting`, `${other}/elsewhere`].sort());
  });

  it('page with limit/continue over one snapshot, with remainingItemCount when unfiltered', async () => {
    const paging = `/api/v1/namespaces/${other}/configmaps`;
    for (let i = 0; i < 5; i++)
      await ok(
        server.request('POST', paging, { body: { metadata: { name: `pg-${i}`, labels: { paged: 'yes' } } } }),
        201,
      );
    const first = await ok(server.request('GET', `${paging}?limit=2`));
    expect(names(first)).toEqual(['pg-0', 'pg-1']);
    expect(first.metadata.remainingItemCount).toBe(3);
    expect(first.metadata.continue).toBeTruthy();
    await ok(server.request('POST', paging, { body: { metadata: { name: 'pg-5' } } }), 201);
    const rest = await ok(server.request('GET', `${paging}?limit=10&continue=${q(first.metadata.continue ?? '')}`));
    expect(names(rest)).toEqual(['pg-2', 'pg-3', 'pg-4']);
    expect(rest.metadata).toEqual({ resourceVersion: first.metadata.resourceVersion });
    const filtered = await ok(server.request('GET', `${paging}?limit=2&labelSelector=paged`));
    expect(filtered.metadata.continue).toBeTruthy();
    expect(filtered.metadata).not.toHaveProperty('remainingItemCount');
    expectFailure(
      await server.request('GET', `${paging}?limit=2&continue=garbage`),
      400,
      'BadRequest',
      /^invalid continue token: /,
    );
    expectFailure(await server.request('GET', `${paging}?limit=abc`), 400, 'BadRequest');
  });
});

describe('resourceVersion semantics', () => {
  it('serves the state at an old revision for Exact, and the latest for NotOlderThan', async () => {
    const created = await ok(
      server.request('POST', cms, { body: { metadata: { name: 'versioned' }, data: { v: '1' } } }),
      201,
    );
    const old = created.metadata.resourceVersion ?? '';
    await ok(
      server.request('PUT', `${cms}/versioned`, { body: { metadata: { name: 'versioned' }, data: { v: '2' } } }),
    );
    const exact = await ok(server.request('GET', `${cms}?resourceVersion=${old}&resourceVersionMatch=Exact`));
    expect(exact.metadata.resourceVersion).toBe(old);
    expect(exact.items?.find((i) => i.metadata.name === 'versioned')?.data).toEqual({ v: '1' });
    const newer = await ok(server.request('GET', `${cms}?resourceVersion=${old}&resourceVersionMatch=NotOlderThan`));
    expect(newer.items?.find((i) => i.metadata.name === 'versioned')?.data).toEqual({ v: '2' });
    expect((await ok(server.request('GET', `${cms}/versioned?resourceVersion=${old}`))).data).toEqual({ v: '2' });
    expect((await ok(server.request('GET', `${cms}?resourceVersion=0`))).items?.length).toBeGreaterThan(0);
  });

  it('answers 422 for invalid resourceVersionMatch combinations', async () => {
    const cases: Array<[string, string]> = [
      [
        'resourceVersionMatch=Exact',
        'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
      ],
      [
        'resourceVersionMatch=Exact&resourceVersion=0',
        'resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
      ],
      [
        'resourceVersionMatch=NotOlderThan&resourceVersion=1&limit=1&continue=x',
        'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided',
      ],
      ['sendInitialEvents=true', 'sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list'],
    ];
    for (const [query, detail] of cases) {
      const status = expectFailure(
        await server.request('GET', `${cms}?${query}`),
        422,
        'Invalid',
        `ListOptions.meta.k8s.io "" is invalid: ${detail}`,
      );
      expect(status.details).toMatchObject({ name: '', group: 'meta.k8s.io', kind: 'ListOptions' });
    }
  });

  // Bug (pkg/endpoints/handlers/rest.ts listOptionsFrom): upstream reports an unknown match with
  // field.NotSupported (reason FieldValueNotSupported) and lists "" among the supported values.
  it('answers 422 NotSupported for an unknown resourceVersionMatch', async () => {
    const status = expectFailure(
      await server.request('GET', `${cms}?resourceVersion=1&resourceVersionMatch=Bogus`),
      422,
      'Invalid',
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Bogus": supported values: "Exact", "NotOlderThan", ""',
    );
    expect(status.details?.causes?.[0]?.reason).toBe('FieldValueNotSupported');
  });

  it('answers 504 for a resourceVersion from the future and 400 for a malformed one', async () => {
    const status = expectFailure(
      await server.request('GET', `${cms}?resourceVersion=99999999`),
      504,
      'Timeout',
      /^Too large resource version: 99999999, current: \d+$/,
    );
    expect(status.details).toEqual({
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    });
    expectFailure(
      await server.request('GET', `${cms}?resourceVersion=abc`),
      400,
      'BadRequest',
      'invalid resource version: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
    );
  });
});

describe('content negotiation', () => {
  it('prints pods as a Table with upstream’s columns, rows holding PartialObjectMetadata', async () => {
    const table = await ok(server.request('GET', pods, { headers: tableAccept }));
    expect(table).toMatchObject({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: expect.any(String) },
    });
    const columns = table.columnDefinitions as Array<{ name: string; priority: number }>;
    expect(columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
      ['Nominated Node', 1],
      ['Readiness Gates', 1],
    ]);
    const rows = table.rows as Array<{ cells: unknown[]; object?: Obj }>;
    const bound = rows.find((r) => r.cells[0] === 'bound');
    expect(bound?.cells.slice(0, 4)).toEqual(['bound', '0/1', 'Pending', '0']);
    expect(bound?.cells[4]).toMatch(/^\d+s$/);
    expect(bound?.cells[6]).toBe('node-a');
    expect(bound?.object).toMatchObject({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'bound', namespace: ns },
    });
  });

  it('embeds the full object for includeObject=Object and nothing for None', async () => {
    const full = await ok(server.request('GET', `${pods}?includeObject=Object`, { headers: tableAccept }));
    const row = (full.rows as Array<{ object: Obj }>)[0];
    expect(row?.object).toMatchObject({ kind: 'Pod', apiVersion: 'v1', spec: { containers: [{ name: 'app' }] } });
    const none = await ok(server.request('GET', `${pods}/bound?includeObject=None`, { headers: tableAccept }));
    expect((none.rows as Array<Record<string, unknown>>)[0]).not.toHaveProperty('object');
  });

  // Bug (pkg/endpoints/handlers/response.ts includeObjectPolicy): upstream validates TableOptions
  // and answers "Unable to convert to Table as requested: includeObject: Invalid value: …".
  it('answers 400 with upstream’s wording for an unknown includeObject', async () => {
    expectFailure(
      await server.request('GET', `${pods}?includeObject=Bogus`, { headers: tableAccept }),
      400,
      'BadRequest',
      "Unable to convert to Table as requested: includeObject: Invalid value: \"Bogus\": must be 'Metadata', 'Object', 'None', or empty",
    );
  });

  it('lets kubectl sort server-printed rows (it decodes each embedded object)', async () => {
    const res = await server.kubectl(['get', 'pods', '-n', ns, '--sort-by=.metadata.name', '-v=6']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).not.toContain('Unable to decode server response into a Table');
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['bound', 'waiting']);
  });

  it('serves PartialObjectMetadataList for lists and PartialObjectMetadata for one object', async () => {
    const list = await ok(
      server.request('GET', cms, {
        headers: { accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io' },
      }),
    );
    expect(list).toMatchObject({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1' });
    expect(list.items?.[0]).toMatchObject({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { namespace: ns },
    });
    expect(list.items?.[0]).not.toHaveProperty('data');
    const one = await ok(
      server.request('GET', `${cms}/l-a`, {
        headers: { accept: 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io' },
      }),
    );
    expect(one).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: expect.objectContaining({ name: 'l-a', labels: { env: 'prod', tier: 'web' } }),
    });
  });

  it('reads and writes YAML', async () => {
    const body = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  answer: "42"\n';
    const res = await server.request('POST', cms, {
      body,
      headers: { 'content-type': 'application/yaml', accept: 'application/yaml' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.headers['content-type']).toBe('application/yaml');
    expect(parseYAML(res.text)).toMatchObject({
      kind: 'ConfigMap',
      metadata: { name: 'from-yaml', namespace: ns },
      data: { answer: '42' },
    });
    const list = await server.request('GET', cms, { headers: { accept: 'application/yaml' } });
    expect(parseYAML(list.text)).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1' });
  });

  it('indents JSON for pretty=true', async () => {
    const res = await server.request('GET', `${cms}/l-a?pretty=true`);
    expect(res.text).toMatch(/^\{\n {2}"/);
    expect(res.text.endsWith('\n')).toBe(true);
    expect(res.json).toEqual((await server.request('GET', `${cms}/l-a`)).json);
  });

  it('answers 406 to protobuf-only clients and JSON to those that also accept it', async () => {
    const only = await server.request('GET', `${cms}/l-a`, {
      headers: { accept: 'application/vnd.kubernetes.protobuf' },
    });
    expectFailure(
      only,
      406,
      'NotAcceptable',
      /^only the following media types are accepted: application\/json, application\/yaml/,
    );
    const fallback = await server.request('GET', `${cms}/l-a`, {
      headers: { accept: 'application/vnd.kubernetes.protobuf, application/json' },
    });
    expect(fallback.status).toBe(200);
    expect(fallback.headers['content-type']).toBe('application/json');
    expect(fallback.json).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'l-a' } });
  });

  it('gzips responses over 128 KiB for clients that accept it', async () => {
    const big = `/api/v1/namespaces/${other}/configmaps`;
    const filler = 'x'.repeat(4096);
    for (let i = 0; i < 40; i++)
      await ok(
        server.request('POST', big, {
          body: { metadata: { name: `big-${i}`, labels: { big: 'yes' } }, data: { filler } },
        }),
        201,
      );
    const path = `${big}?labelSelector=big`;
    const zipped = await rawRequest(server, 'GET', path, { 'accept-encoding': 'gzip' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    const list = JSON.parse(gunzipSync(zipped.body).toString('utf8')) as Obj;
    expect(list.items).toHaveLength(40);
    const plain = await rawRequest(server, 'GET', path);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(128 * 1024);
    const small = await rawRequest(server, 'GET', `${cms}/l-a`, { 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});
