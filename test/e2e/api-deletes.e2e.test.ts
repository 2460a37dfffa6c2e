/**
 * Deletes, dry runs, terminating namespaces and subresources over HTTP against the built bundle,
 * compared with upstream kube-apiserver 1.33: DeleteOptions from the body or the query,
 * preconditions, finalizers, deletecollection, dryRun=All on every write verb, the namespace
 * lifecycle admission and /finalize, deployments/scale and pods/binding.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useAPIServer, type Response, type RunningAPIServer } from './support/apiserver.js';
import { expectFailure } from './support/status.js';

interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    deletionTimestamp?: string;
    finalizers?: string[];
    labels?: Record<string, string>;
  };
  [field: string]: unknown;
}

const apiserver = useAPIServer();
let server: RunningAPIServer;
const ns = 'api-deletes';

beforeAll(async () => {
  server = apiserver();
  await ok(server.request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } }), 201);
});

const cms = `/api/v1/namespaces/${ns}/configmaps`;
const deploys = `/apis/apps/v1/namespaces/${ns}/deployments`;
const mergePatch = { 'content-type': 'application/merge-patch+json' };

async function ok(res: Promise<Response>, code = 200): Promise<Obj> {
  const r = await res;
  expect(r.status, r.text).toBe(code);
  return r.json as Obj;
}

async function createCM(name: string, extra: Partial<Obj> = {}): Promise<Obj> {
  return ok(server.request('POST', cms, { body: { metadata: { name, ...extra.metadata }, data: { a: '1' } } }), 201);
}

async function listRV(path = cms): Promise<string> {
  const list = await ok(server.request('GET', path));
  return list.metadata.resourceVersion ?? '';
}

/** Polls `check` every 100 ms until it holds, for at most `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('dryRun=All', () => {
  it('validates every write verb fully but stores nothing and consumes no revision', async () => {
    await createCM('dry-target');
    const before = await listRV();

    const created = await ok(
      server.request('POST', `${cms}?dryRun=All`, { body: { metadata: { name: 'dry-new' } } }),
      201,
    );
    expect(created.metadata.uid).toBeTruthy();
    expect(created.metadata).not.toHaveProperty('resourceVersion');
    expectFailure(
      await server.request('POST', `${cms}?dryRun=All`, { body: { metadata: { name: 'Dry_New' } } }),
      422,
      'Invalid',
      /^ConfigMap "Dry_New" is invalid: metadata\.name: Invalid value: "Dry_New"/,
    );
    expectFailure(
      await server.request('POST', `${cms}?dryRun=All`, { body: { metadata: { name: 'dry-target' } } }),
      409,
      'AlreadyExists',
      'configmaps "dry-target" already exists',
    );

    const put = await ok(
      server.request('PUT', `${cms}/dry-target?dryRun=All`, {
        body: { metadata: { name: 'dry-target' }, data: { a: 'put' } },
      }),
    );
    expect(put.data).toEqual({ a: 'put' });
    const patched = await ok(
      server.request('PATCH', `${cms}/dry-target?dryRun=All`, { body: { data: { b: 'patch' } }, headers: mergePatch }),
    );
    expect(patched.data).toEqual({ a: '1', b: 'patch' });
    const deleted = await ok(
      server.request('DELETE', `${cms}/dry-target`, {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] },
      }),
    );
    expect(deleted).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'dry-target', kind: 'configmaps' },
    });

    expectFailure(await server.request('GET', `${cms}/dry-new`), 404, 'NotFound', 'configmaps "dry-new" not found');
    expect((await ok(server.request('GET', `${cms}/dry-target`))).data).toEqual({ a: '1' });
    expect(await listRV()).toBe(before);
  });

  // Bug (pkg/endpoints/handlers/rest.ts isDryRun): upstream validates CreateOptions/UpdateOptions/
  // DeleteOptions.dryRun with ValidateDryRun → 422 Invalid, not 400 "Invalid dry run value".
  it('rejects an unknown dryRun value with 422 like upstream', async () => {
    const res = await server.request('POST', `${cms}?dryRun=Bogus`, { body: { metadata: { name: 'bogus' } } });
    expectFailure(
      res,
      422,
      'Invalid',
      'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Bogus"}: supported values: "All"',
    );
  });
});

describe('delete', () => {
  it('checks uid and resourceVersion preconditions from the body with 409 Conflict', async () => {
    const cm = await createCM('guarded');
    const { uid, resourceVersion } = cm.metadata;
    const byUID = await server.request('DELETE', `${cms}/guarded`, { body: { preconditions: { uid: 'not-the-uid' } } });
    const status = expectFailure(
      byUID,
      409,
      'Conflict',
      `Operation cannot be fulfilled on ConfigMap "guarded": the UID in the precondition (not-the-uid) does not match the UID in record (${uid}). The object might have been deleted and then recreated`,
    );
    expect(status.details).toEqual({ name: 'guarded', kind: 'ConfigMap' });
    const byRV = await server.request('DELETE', `${cms}/guarded`, {
      body: { preconditions: { resourceVersion: '1' } },
    });
    expectFailure(
      byRV,
      409,
      'Conflict',
      `Operation cannot be fulfilled on ConfigMap "guarded": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${resourceVersion}). The object might have been modified`,
    );
    const done = await ok(
      server.request('DELETE', `${cms}/guarded`, {
        body: { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid, resourceVersion } },
      }),
    );
    expect(done).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Success',
      code: 200,
      details: { name: 'guarded', kind: 'configmaps', uid },
    });
  });

  it('takes DeleteOptions from the query and validates them', async () => {
    await createCM('by-query');
    await ok(server.request('DELETE', `${cms}/by-query?gracePeriodSeconds=0&propagationPolicy=Background`));
    expectFailure(await server.request('GET', `${cms}/by-query`), 404, 'NotFound');
    expectFailure(await server.request('DELETE', `${cms}/whatever?gracePeriodSeconds=soon`), 400, 'BadRequest');
    expectFailure(await server.request('DELETE', `${cms}/whatever`, { body: '{not json' }), 400, 'BadRequest');
    expectFailure(await server.request('DELETE', `${cms}/absent`), 404, 'NotFound', 'configmaps "absent" not found');
  });

  // Bug (pkg/endpoints/handlers/delete.ts): upstream ValidateDeleteOptions lists "nil" among the
  // supported propagation policies; the handler here drops it (pkg/registry/rest/delete.ts has it).
  it('rejects an unknown propagationPolicy with upstream’s full list of values', async () => {
    await createCM('policy');
    expectFailure(
      await server.request('DELETE', `${cms}/policy?propagationPolicy=Bogus`),
      422,
      'Invalid',
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Bogus": supported values: "Foreground", "Background", "Orphan", "nil"',
    );
  });

  it('keeps an object with finalizers until the last one is removed', async () => {
    await createCM('held', { metadata: { finalizers: ['example.com/a', 'example.com/b'] } });
    const deleting = await ok(server.request('DELETE', `${cms}/held`));
    expect(deleting.metadata.deletionTimestamp).toBeTruthy();
    expect(deleting.metadata).toMatchObject({
      deletionGracePeriodSeconds: 0,
      finalizers: ['example.com/a', 'example.com/b'],
    });
    const again = await ok(server.request('DELETE', `${cms}/held`));
    expect(again.metadata.deletionTimestamp).toBe(deleting.metadata.deletionTimestamp);
    const updated = await ok(
      server.request('PATCH', `${cms}/held`, {
        body: { metadata: { finalizers: ['example.com/b'] }, data: { during: 'deletion' } },
        headers: mergePatch,
      }),
    );
    expect(updated.metadata.finalizers).toEqual(['example.com/b']);
    const last = await ok(
      server.request('PATCH', `${cms}/held`, { body: { metadata: { finalizers: null } }, headers: mergePatch }),
    );
    expect(last.metadata).not.toHaveProperty('finalizers');
    expectFailure(await server.request('GET', `${cms}/held`), 404, 'NotFound', 'configmaps "held" not found');
  });

  it('deletes a collection by label selector and returns what it deleted', async () => {
    for (const [name, tier] of [
      ['dc-a', 'x'],
      ['dc-b', 'y'],
      ['dc-c', 'x'],
    ] as const)
      await createCM(name, { metadata: { labels: { tier } } });
    const deleted = await ok(server.request('DELETE', `${cms}?labelSelector=${encodeURIComponent('tier=x')}`));
    expect(deleted.kind).toBe('ConfigMapList');
    expect((deleted.items as Obj[]).map((i) => i.metadata.name).sort()).toEqual(['dc-a', 'dc-c']);
    const left = await ok(server.request('GET', `${cms}?labelSelector=tier`));
    expect((left.items as Obj[]).map((i) => i.metadata.name)).toEqual(['dc-b']);
    expectFailure(
      await server.request('DELETE', `${cms}?labelSelector=${encodeURIComponent('tier in x')}`),
      400,
      'BadRequest',
      "unable to parse requirement: found 'x' expected: '('",
    );
  });
});

describe('namespaces', () => {
  it('refuses new content in a terminating namespace with 403, and /finalize ends it', async () => {
    const doomed = 'api-deletes-doomed';
    await ok(server.request('POST', '/api/v1/namespaces', { body: { metadata: { name: doomed } } }), 201);
    await ok(
      server.request('POST', `/api/v1/namespaces/${doomed}/configmaps`, {
        body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } },
      }),
      201,
    );
    const terminating = await ok(server.request('DELETE', `/api/v1/namespaces/${doomed}`));
    expect(terminating).toMatchObject({ kind: 'Namespace', status: { phase: 'Terminating' } });

    const res = await server.request('POST', `/api/v1/namespaces/${doomed}/configmaps`, {
      body: { metadata: { name: 'late' } },
    });
    const status = expectFailure(
      res,
      403,
      'Forbidden',
      `configmaps "late" is forbidden: unable to create new content in namespace ${doomed} because it is being terminated`,
    );
    expect(status.details).toEqual({
      name: 'late',
      kind: 'configmaps',
      causes: [
        {
          reason: 'NamespaceTerminating',
          message: `namespace ${doomed} is being terminated`,
          field: 'metadata.namespace',
        },
      ],
    });

    expectFailure(await server.request('GET', `/api/v1/namespaces/${doomed}/finalize`), 405, 'MethodNotAllowed');
    const current = await ok(server.request('GET', `/api/v1/namespaces/${doomed}`));
    await ok(
      server.request('PUT', `/api/v1/namespaces/${doomed}/finalize`, {
        body: { ...current, spec: { finalizers: [] } },
      }),
    );
    await eventually(async () => (await server.request('GET', `/api/v1/namespaces/${doomed}`)).status === 404);
  });
});

describe('subresources', () => {
  const labels = { app: 'scaled' };
  const dep = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'scaled' },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
    },
  };
  const scalePath = `${deploys}/scaled/scale`;

  it('reads and writes deployments/scale as autoscaling/v1 Scale, 409 on a stale resourceVersion', async () => {
    const created = await ok(server.request('POST', deploys, { body: dep }), 201);
    const scale = await ok(server.request('GET', scalePath));
    expect(scale).toEqual({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: 'scaled',
        namespace: ns,
        uid: created.metadata.uid,
        resourceVersion: created.metadata.resourceVersion,
        creationTimestamp: expect.any(String),
      },
      spec: { replicas: 1 },
      status: { replicas: 0, selector: 'app=scaled' },
    });
    const put = await ok(server.request('PUT', scalePath, { body: { ...scale, spec: { replicas: 4 } } }));
    expect(put.spec).toEqual({ replicas: 4 });
    const stale = await server.request('PUT', scalePath, { body: { ...scale, spec: { replicas: 5 } } });
    const status = expectFailure(
      stale,
      409,
      'Conflict',
      'Operation cannot be fulfilled on deployments.apps "scaled": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(status.details).toEqual({ name: 'scaled', group: 'apps', kind: 'deployments' });
    const deployment = await ok(server.request('GET', `${deploys}/scaled`));
    expect(deployment).toMatchObject({ spec: { replicas: 4 }, metadata: { generation: 2 } });
  });

  it('accepts the merge patch kubectl scale sends, and validates replicas', async () => {
    const patched = await ok(
      server.request('PATCH', scalePath, { body: { spec: { replicas: 2 } }, headers: mergePatch }),
    );
    expect(patched.spec).toEqual({ replicas: 2 });
    expectFailure(
      await server.request('PATCH', scalePath, { body: { spec: { replicas: -1 } }, headers: mergePatch }),
      422,
      'Invalid',
      'Scale.autoscaling "scaled" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    expectFailure(
      await server.request('GET', `${deploys}/absent/scale`),
      404,
      'NotFound',
      'deployments.apps "absent" not found',
    );
  });

  it('binds a pod to a node once through pods/binding', async () => {
    const pods = `/api/v1/namespaces/${ns}/pods`;
    await ok(
      server.request('POST', pods, {
        body: { metadata: { name: 'bound' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
      }),
      201,
    );
    const binding = (node: string) => ({
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: 'bound' },
      target: { apiVersion: 'v1', kind: 'Node', name: node },
    });
    const res = await ok(server.request('POST', `${pods}/bound/binding`, { body: binding('node-1') }), 201);
    expect(res).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    expect((await ok(server.request('GET', `${pods}/bound`))).spec).toMatchObject({ nodeName: 'node-1' });
    const again = await server.request('POST', `${pods}/bound/binding`, { body: binding('node-2') });
    const status = expectFailure(
      again,
      409,
      'Conflict',
      'Operation cannot be fulfilled on pods/binding "bound": pod bound is already assigned to node "node-1"',
    );
    expect(status.details).toEqual({ name: 'bound', kind: 'pods/binding' });
    expectFailure(
      await server.request('POST', `${pods}/absent/binding`, {
        body: { ...binding('node-1'), metadata: { name: 'absent' } },
      }),
      404,
      'NotFound',
      'pods "absent" not found',
    );
  });
});
