/**
 * The official JavaScript client, @kubernetes/client-node 1.x, against the built bundle: what a
 * TypeScript operator writes with it must work unchanged. Typed CRUD through CoreV1Api and
 * AppsV1Api (label selectors, limit/continue paging, optimistic concurrency surfacing as a 409
 * ApiException that carries the Status, JSON, merge and strategic-merge patches, DeleteOptions),
 * the deployment status and scale subresources, the discovery-driven KubernetesObjectApi, a raw
 * Watch, and ListWatch informers: following another client's writes, on watches the server keeps
 * ending, and across an apiserver restart, resuming from their resourceVersion and losing nothing.
 * Exec, Attach, Log and PortForward need a kubelet and are out of scope.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  ListWatch,
  PatchStrategy,
  Watch,
  loadAllYaml,
  makeInformer,
  setHeaderOptions,
  type V1ConfigMap,
  type V1Deployment,
  type V1Status,
} from '@kubernetes/client-node';
import { makeTempDir } from './support/bundle.js';
import { startAPIServer, useAPIServer, type Response } from './support/apiserver.js';

const ns = 'client-node';
const informerNs = 'client-node-informer';
const resumeNs = 'client-node-resume';
const getServer = useAPIServer();

let kc: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;

beforeAll(async () => {
  kc = new KubeConfig();
  kc.loadFromFile(getServer().kubeconfig);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  for (const name of [ns, informerNs, resumeNs]) await core.createNamespace({ body: { metadata: { name } } });
});

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const strategicMergePatch = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

/** The ApiException `call` rejects with, its body parsed as the Status the server sent. */
async function failure(call: Promise<unknown>): Promise<{ code: number; status: V1Status }> {
  const err: unknown = await call.then(
    () => new Error('expected the call to fail, it succeeded'),
    (e: unknown) => e,
  );
  if (!(err instanceof ApiException)) throw err;
  return { code: err.code, status: JSON.parse(String(err.body)) as V1Status };
}

/** Polls `check` every 20 ms; fails naming `what` after `timeoutMs`. */
async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing`);
  return value;
}

/** Writes through plain HTTPS (undici), a client other than the one whose view is under test. */
const other = {
  async send(
    method: string,
    path: string,
    body: unknown,
    code: number,
    headers?: Record<string, string>,
  ): Promise<Response> {
    const res = await getServer().request(method, path, headers ? { body, headers } : { body });
    expect(res.status, res.text).toBe(code);
    return res;
  },
  create: (namespace: string, name: string, n: number) =>
    other.send(
      'POST',
      `/api/v1/namespaces/${namespace}/configmaps`,
      { metadata: { name }, data: { n: String(n) } },
      201,
    ),
  set: (namespace: string, name: string, n: number) =>
    other.send('PATCH', `/api/v1/namespaces/${namespace}/configmaps/${name}`, { data: { n: String(n) } }, 200, {
      'content-type': 'application/merge-patch+json',
    }),
  remove: (namespace: string, name: string) =>
    other.send('DELETE', `/api/v1/namespaces/${namespace}/configmaps/${name}`, undefined, 200),
  /** The server's configmaps in `namespace`. */
  list: async (namespace: string) =>
    (
      (await other.send('GET', `/api/v1/namespaces/${namespace}/configmaps`, undefined, 200)).json as {
        items: V1ConfigMap[];
      }
    ).items,
};

/** name → resourceVersion, to compare an informer's cache with the server. */
const versions = (items: ReadonlyArray<V1ConfigMap>): Record<string, string> =>
  Object.fromEntries(items.map((cm) => [cm.metadata?.name ?? '', cm.metadata?.resourceVersion ?? '']));

describe('CoreV1Api on configmaps', () => {
  it('creates, reads, and lists by label selector in limit/continue pages of one snapshot', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'page-0', labels: { app: 'paged' } }, data: { i: '0' } },
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // The client turns date-time fields into Dates; a malformed timestamp would be an Invalid Date.
    expect(created.metadata?.creationTimestamp?.getTime()).toBeGreaterThan(Date.now() - 60_000);
    for (let i = 1; i < 5; i++)
      await core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: `page-${i}`, labels: { app: 'paged' } }, data: { i: String(i) } },
      });
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'unlabelled' } } });

    const read = await core.readNamespacedConfigMap({ name: 'page-3', namespace: ns });
    expect(read).toMatchObject({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'page-3', namespace: ns, labels: { app: 'paged' } },
      data: { i: '3' },
    });

    const pages: string[][] = [];
    const snapshots = new Set<string>();
    let token: string | undefined;
    do {
      const page = await core.listNamespacedConfigMap({
        namespace: ns,
        labelSelector: 'app=paged',
        limit: 2,
        ...(token ? { _continue: token } : {}),
      });
      pages.push(page.items.map((cm) => cm.metadata?.name ?? ''));
      snapshots.add(page.metadata?.resourceVersion ?? '');
      // Upstream leaves the count unset when a selector makes it unknowable.
      expect(page.metadata?.remainingItemCount).toBeUndefined();
      token = page.metadata?._continue;
      // Later pages come from the first page's snapshot: this one must not show up.
      if (pages.length === 1)
        await core.createNamespacedConfigMap({
          namespace: ns,
          body: { metadata: { name: 'page-9', labels: { app: 'paged' } } },
        });
    } while (token && pages.length < 10);
    expect(pages).toEqual([['page-0', 'page-1'], ['page-2', 'page-3'], ['page-4']]);
    expect(snapshots.size).toBe(1);
  });

  it('replaces with a resourceVersion and answers a stale one with a 409 ApiException carrying the Status', async () => {
    const current = await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'cas' }, data: { v: '1' } },
    });
    // The whole object goes back, Date fields re-serialised by the client.
    const replaced = await core.replaceNamespacedConfigMap({
      name: 'cas',
      namespace: ns,
      body: { ...current, data: { v: '2' } },
    });
    expect(replaced.data).toEqual({ v: '2' });
    expect(replaced.metadata?.resourceVersion).not.toBe(current.metadata?.resourceVersion);
    expect(replaced.metadata?.creationTimestamp).toEqual(current.metadata?.creationTimestamp);

    const { code, status } = await failure(
      core.replaceNamespacedConfigMap({ name: 'cas', namespace: ns, body: { ...current, data: { v: 'stale' } } }),
    );
    expect(code).toBe(409);
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Operation cannot be fulfilled on configmaps "cas": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'cas', kind: 'configmaps' },
      code: 409,
    });
    expect((await core.readNamespacedConfigMap({ name: 'cas', namespace: ns })).data).toEqual({ v: '2' });
  });

  it('patches with the default JSON patch and with a merge patch set through the patch options', async () => {
    await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'patched' }, data: { keep: 'k', drop: 'd' } },
    });
    const jsonPatched = await core.patchNamespacedConfigMap({
      name: 'patched',
      namespace: ns,
      body: [{ op: 'add', path: '/data/json', value: 'yes' }],
    });
    expect(jsonPatched.data).toEqual({ keep: 'k', drop: 'd', json: 'yes' });
    const merged = await core.patchNamespacedConfigMap(
      {
        name: 'patched',
        namespace: ns,
        body: { metadata: { annotations: { merged: 'true' } }, data: { drop: null, merge: 'yes' } },
      },
      mergePatch,
    );
    expect(merged.data).toEqual({ keep: 'k', json: 'yes', merge: 'yes' });
    expect(merged.metadata?.annotations).toEqual({ merged: 'true' });
  });

  it('deletes with DeleteOptions, refusing failed preconditions with 409 and then answering 404', async () => {
    const cm = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'doomed' } } });
    const uid = defined(cm.metadata?.uid, 'uid');
    const rv = defined(cm.metadata?.resourceVersion, 'resourceVersion');
    // Upstream's early precondition check (rest.BeforeDelete) names the Kind, not the resource.
    const wrongUID = '00000000-0000-0000-0000-000000000000';
    const byUID = await failure(
      core.deleteNamespacedConfigMap({ name: 'doomed', namespace: ns, body: { preconditions: { uid: wrongUID } } }),
    );
    expect(byUID.code).toBe(409);
    expect(byUID.status).toMatchObject({
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on ConfigMap "doomed": the UID in the precondition (${wrongUID}) does not match the UID in record (${uid}). The object might have been deleted and then recreated`,
      details: { name: 'doomed', kind: 'ConfigMap' },
    });
    const byVersion = await failure(
      core.deleteNamespacedConfigMap({
        name: 'doomed',
        namespace: ns,
        body: { preconditions: { resourceVersion: '1' } },
      }),
    );
    expect(byVersion.code).toBe(409);
    expect(byVersion.status.message).toBe(
      `Operation cannot be fulfilled on ConfigMap "doomed": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${rv}). The object might have been modified`,
    );

    const deleted = await core.deleteNamespacedConfigMap({
      name: 'doomed',
      namespace: ns,
      body: { gracePeriodSeconds: 0, propagationPolicy: 'Background', preconditions: { uid, resourceVersion: rv } },
    });
    expect(deleted).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Success',
      details: { name: 'doomed', kind: 'configmaps', uid },
    });

    const gone = await failure(core.readNamespacedConfigMap({ name: 'doomed', namespace: ns }));
    expect(gone.code).toBe(404);
    expect(gone.status).toMatchObject({
      reason: 'NotFound',
      message: 'configmaps "doomed" not found',
      details: { name: 'doomed', kind: 'configmaps' },
    });
  });
});

const deployment = (name: string, replicas: number): V1Deployment => ({
  metadata: { name, labels: { app: name, tier: 'client-node' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
    },
  },
});

describe('AppsV1Api on deployments', () => {
  it('creates with defaults, lists by label, replaces and strategic-merge-patches the template', async () => {
    const created = await apps.createNamespacedDeployment({ namespace: ns, body: deployment('web', 1) });
    expect(created.metadata?.generation).toBe(1);
    expect(created.spec).toMatchObject({
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate' },
    });
    expect(created.spec?.template.spec?.containers[0]).toMatchObject({
      imagePullPolicy: 'IfNotPresent',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
    });
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment('api', 1) });

    const listed = await apps.listNamespacedDeployment({
      namespace: ns,
      labelSelector: 'tier=client-node,app in (web)',
    });
    expect(listed.items.map((d) => d.metadata?.name)).toEqual(['web']);

    const spec = defined(created.spec, 'spec');
    const replaced = await apps.replaceNamespacedDeployment({
      name: 'web',
      namespace: ns,
      body: { ...created, spec: { ...spec, replicas: 2 } },
    });
    expect(replaced.spec?.replicas).toBe(2);
    expect(replaced.metadata?.generation).toBe(2);

    // Strategic merge matches containers by name: the image survives, env is added.
    const patched = await apps.patchNamespacedDeployment(
      {
        name: 'web',
        namespace: ns,
        body: {
          spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'MODE', value: 'smp' }] }] } } },
        },
      },
      strategicMergePatch,
    );
    expect(patched.spec?.template.spec?.containers).toMatchObject([
      { name: 'web', image: 'nginx:1.27', env: [{ name: 'MODE', value: 'smp' }] },
    ]);
    expect(patched.metadata?.generation).toBe(3);

    // The same body as a merge patch replaces the whole list, and the image is then missing.
    const invalid = await failure(
      apps.patchNamespacedDeployment(
        {
          name: 'web',
          namespace: ns,
          body: { spec: { template: { spec: { containers: [{ name: 'web', env: [] }] } } } },
        },
        mergePatch,
      ),
    );
    expect(invalid.code).toBe(422);
    expect(invalid.status).toMatchObject({
      reason: 'Invalid',
      details: {
        name: 'web',
        group: 'apps',
        kind: 'Deployment',
        causes: [{ reason: 'FieldValueRequired', field: 'spec.template.spec.containers[0].image' }],
      },
    });
  });

  it('updates status only through the status subresource, without touching spec or generation', async () => {
    const current = await apps.createNamespacedDeployment({ namespace: ns, body: deployment('status', 2) });
    const spec = defined(current.spec, 'spec');
    const status = {
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 1,
      availableReplicas: 1,
      unavailableReplicas: 1,
    };
    const withStatus = await apps.replaceNamespacedDeploymentStatus({
      name: 'status',
      namespace: ns,
      body: { ...current, spec: { ...spec, replicas: 7 }, status },
    });
    expect(withStatus.status).toMatchObject(status);
    expect(withStatus.spec?.replicas).toBe(2);
    expect(withStatus.metadata?.generation).toBe(1);

    // And the main resource ignores status.
    const replaced = await apps.replaceNamespacedDeployment({
      name: 'status',
      namespace: ns,
      body: { ...withStatus, status: { replicas: 99 } },
    });
    expect(replaced.status).toMatchObject(status);
    const read = await apps.readNamespacedDeploymentStatus({ name: 'status', namespace: ns });
    expect(read.status).toMatchObject(status);
  });

  it('scales through the scale subresource by replace and by patch, with optimistic concurrency', async () => {
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment('scaled', 2) });
    const scale = await apps.readNamespacedDeploymentScale({ name: 'scaled', namespace: ns });
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'scaled', namespace: ns },
      spec: { replicas: 2 },
      status: { replicas: 0, selector: 'app=scaled' },
    });

    const replaced = await apps.replaceNamespacedDeploymentScale({
      name: 'scaled',
      namespace: ns,
      body: { ...scale, spec: { replicas: 4 } },
    });
    expect(replaced.spec?.replicas).toBe(4);
    expect((await apps.readNamespacedDeployment({ name: 'scaled', namespace: ns })).spec?.replicas).toBe(4);

    const stale = await failure(
      apps.replaceNamespacedDeploymentScale({
        name: 'scaled',
        namespace: ns,
        body: { ...scale, spec: { replicas: 5 } },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.status).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on deployments.apps "scaled": the object has been modified; please apply your changes to the latest version and try again',
    });

    const patched = await apps.patchNamespacedDeploymentScale(
      { name: 'scaled', namespace: ns, body: { spec: { replicas: 1 } } },
      mergePatch,
    );
    expect(patched.spec?.replicas).toBe(1);
    const after = await apps.readNamespacedDeployment({ name: 'scaled', namespace: ns });
    expect(after.spec?.replicas).toBe(1);
    expect(after.metadata?.generation).toBe(3);
  });
});

/** Two manifests as a user would keep them in a file. */
const manifestsYAML = `
apiVersion: v1
kind: ConfigMap
metadata: {name: generic, namespace: ${ns}}
data: {a: "1"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: generic, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: generic}}
  template:
    metadata: {labels: {app: generic}}
    spec: {containers: [{name: c, image: busybox}]}
`;

describe('KubernetesObjectApi (the generic client, resolving kinds through discovery)', () => {
  it('creates, reads, merge-patches, lists and deletes manifests by apiVersion and kind', async () => {
    const client = KubernetesObjectApi.makeApiClient(kc);
    const [cm, deploy] = loadAllYaml(manifestsYAML) as Array<{
      apiVersion: string;
      kind: string;
      metadata: { name: string; namespace: string };
    }>;
    if (!cm || !deploy) throw new Error('two manifests expected');
    await client.create(cm);
    await client.create(deploy);
    expect(await client.read(cm)).toMatchObject({ kind: 'ConfigMap', data: { a: '1' } });
    const patched = await client.patch(
      { ...deploy, spec: { replicas: 3 } },
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch,
    );
    expect(patched).toMatchObject({
      kind: 'Deployment',
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'c' }] } } },
    });
    const list = await client.list(
      'apps/v1',
      'Deployment',
      ns,
      undefined,
      undefined,
      undefined,
      'metadata.name=generic',
    );
    expect(list.items.map((d) => d.metadata?.name)).toEqual(['generic']);
    expect(await client.delete(cm)).toMatchObject({ status: 'Success', details: { kind: 'configmaps' } });
    expect(await client.delete(deploy, undefined, undefined, 0, undefined, 'Background')).toMatchObject({
      status: 'Success',
      details: { group: 'apps', kind: 'deployments' },
    });
    const gone = await failure(client.read(deploy));
    expect(gone.code).toBe(404);
    expect(gone.status.message).toBe('deployments.apps "generic" not found');
  });
});

describe('watching', () => {
  it('a raw Watch from a list resourceVersion sees ADDED, MODIFIED and DELETED in order', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: ns });
    const events: string[] = [];
    let ended: unknown = 'still open';
    const controller = await new Watch(kc).watch(
      `/api/v1/namespaces/${ns}/configmaps`,
      { resourceVersion: list.metadata?.resourceVersion, fieldSelector: 'metadata.name=watched' },
      (phase: string, cm: V1ConfigMap) => events.push(`${phase} ${cm.metadata?.name ?? ''} ${cm.data?.v ?? ''}`),
      (err: unknown) => {
        ended = err;
      },
    );
    try {
      await core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: 'watched' }, data: { v: '1' } },
      });
      await core.patchNamespacedConfigMap({ name: 'watched', namespace: ns, body: { data: { v: '2' } } }, mergePatch);
      await core.deleteNamespacedConfigMap({ name: 'watched', namespace: ns });
      await until('three watch events', () => events.length >= 3);
      expect(events).toEqual(['ADDED watched 1', 'MODIFIED watched 2', 'DELETED watched 2']);
      expect(ended).toBe('still open');
    } finally {
      controller.abort();
    }
  });

  it('an informer lists, follows writes made by another client, and caches what the server holds', async () => {
    await other.create(informerNs, 'inf-a', 0);
    await other.create(informerNs, 'inf-b', 0);
    const informer = makeInformer(kc, `/api/v1/namespaces/${informerNs}/configmaps`, () =>
      core.listNamespacedConfigMap({ namespace: informerNs }),
    );
    const seen: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (cm) => seen.push(`add ${cm.metadata?.name ?? ''}`));
    informer.on('update', (cm) => seen.push(`update ${cm.metadata?.name ?? ''} ${cm.data?.n ?? ''}`));
    informer.on('delete', (cm) => seen.push(`delete ${cm.metadata?.name ?? ''}`));
    informer.on('error', (err) => errors.push(err));
    await informer.start();
    try {
      await until('the initial list', () => seen.length >= 2);
      expect([...seen].sort()).toEqual(['add inf-a', 'add inf-b']);

      await other.create(informerNs, 'inf-c', 0);
      await other.set(informerNs, 'inf-a', 1);
      await other.remove(informerNs, 'inf-b');
      await until('three more events', () => seen.length >= 5);
      expect(seen.slice(2)).toEqual(['add inf-c', 'update inf-a 1', 'delete inf-b']);
      expect(versions(informer.list(informerNs))).toEqual(versions(await other.list(informerNs)));
      expect(informer.get('inf-a', informerNs)?.data).toEqual({ n: '1' });
      expect(errors).toEqual([]);
    } finally {
      await informer.stop();
    }
  });

  it('an informer whose watches the server keeps ending resumes from its resourceVersion without losing events', async () => {
    /** Asks the server to end every watch after a second, as its request timeout eventually does. */
    class ShortWatch extends Watch {
      started = 0;
      override watch(...[path, query, callback, done]: Parameters<Watch['watch']>): ReturnType<Watch['watch']> {
        this.started++;
        return super.watch(path, { ...query, timeoutSeconds: 1 }, callback, done);
      }
    }
    const watch = new ShortWatch(kc);
    let lists = 0;
    const informer = new ListWatch<V1ConfigMap>(
      `/api/v1/namespaces/${resumeNs}/configmaps`,
      watch,
      () => {
        lists++;
        return core.listNamespacedConfigMap({ namespace: resumeNs });
      },
      false,
    );
    const seen: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (cm) => seen.push(`add ${cm.metadata?.name ?? ''} ${cm.data?.n ?? ''}`));
    informer.on('update', (cm) => seen.push(`update ${cm.metadata?.name ?? ''} ${cm.data?.n ?? ''}`));
    informer.on('delete', (cm) => seen.push(`delete ${cm.metadata?.name ?? ''}`));
    informer.on('error', (err) => errors.push(err));
    await informer.start();
    try {
      // Writes spread over about three seconds, so some land while no watch is open.
      const expected: string[] = [];
      await other.create(resumeNs, 'r-0', 0);
      expected.push('add r-0 0');
      for (let n = 1; n <= 6; n++) {
        await sleep(450);
        await other.set(resumeNs, 'r-0', n);
        expected.push(`update r-0 ${n}`);
      }
      await other.create(resumeNs, 'r-1', 0);
      await other.remove(resumeNs, 'r-0');
      expected.push('add r-1 0', 'delete r-0');
      await until(`${expected.length} events`, () => seen.length >= expected.length);
      expect(seen).toEqual(expected);
      expect(watch.started).toBeGreaterThanOrEqual(3);
      expect(lists).toBe(1);
      expect(errors).toEqual([]);
      expect(versions(informer.list(resumeNs))).toEqual(versions(await other.list(resumeNs)));
    } finally {
      await informer.stop();
    }
  });

  it('an informer restarted from its error handler resumes after the apiserver restarts on the same store', async () => {
    const dataDir = makeTempDir('hyperkube-client-node-');
    let server = await startAPIServer({ dataDir, storage: 'embedded' });
    const config = new KubeConfig();
    config.loadFromFile(server.kubeconfig);
    const api = config.makeApiClient(CoreV1Api);
    await api.createNamespace({ body: { metadata: { name: 'restart' } } });
    await api.createNamespacedConfigMap({ namespace: 'restart', body: { metadata: { name: 'before' } } });
    let lists = 0;
    const informer = makeInformer(config, '/api/v1/namespaces/restart/configmaps', () => {
      lists++;
      return api.listNamespacedConfigMap({ namespace: 'restart' });
    });
    const seen: string[] = [];
    informer.on('add', (cm) => seen.push(`add ${cm.metadata?.name ?? ''}`));
    informer.on('delete', (cm) => seen.push(`delete ${cm.metadata?.name ?? ''}`));
    // ListWatch stops on any error but 410; restarting it is the caller's job, as its docs show.
    let errors = 0;
    let retry: NodeJS.Timeout | undefined;
    let done = false;
    informer.on('error', () => {
      errors++;
      if (!done) retry = setTimeout(() => void informer.start(), 200);
    });
    await informer.start();
    try {
      await until('the initial list', () => seen.length >= 1);
      await server.stop();
      await until('the informer to see the apiserver gone', () => errors > 0);
      server = await startAPIServer({ dataDir, storage: 'embedded', port: server.port });
      await api.createNamespacedConfigMap({ namespace: 'restart', body: { metadata: { name: 'after' } } });
      await api.deleteNamespacedConfigMap({ name: 'before', namespace: 'restart' });
      await until('the writes made after the restart', () => seen.length >= 3, 15_000);
      expect(seen).toEqual(['add before', 'add after', 'delete before']);
      // Resumed from the resourceVersion it had, which the restarted server still serves.
      expect(lists).toBe(1);
      const names = (await api.listNamespacedConfigMap({ namespace: 'restart' })).items.map((cm) => cm.metadata?.name);
      expect(informer.list('restart').map((cm) => cm.metadata?.name)).toEqual(names);
    } finally {
      done = true;
      clearTimeout(retry);
      await informer.stop();
      await server.stop();
    }
  });
});
