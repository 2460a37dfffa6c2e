/**
 * The controllers of this module against a real (in-process) kube-apiserver: the controller
 * manager runs as `run()` runs it, and the test watches the cluster change through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNotFound } from '../../../pkg/api/errors/errors.js';
import type { ConfigMap } from '../../../pkg/apis/core/v1/types.js';
import type { KubeObject } from '../../../pkg/apis/meta/v1/types.js';
import { newClientsetForConfig, type Clientset } from '../../../pkg/client/kubernetes/clientset.js';
import { configMaps, namespaces, serviceAccounts } from '../../../pkg/client/kubernetes/resources.js';
import { clusterRoles } from '../../../pkg/controller/clusterroleaggregation/clusterroleaggregation-controller.js';
import { description, rootCACertConfigMapName } from '../../../pkg/controller/rootcacertpublisher/publisher.js';
import { configure } from '../../../pkg/klog/klog.js';
import { run, type CompletedConfig } from './controller-manager.js';
import { startTestAPIServer, type TestAPIServer } from './testing/apiserver.js';

let server: TestAPIServer;
let cs: Clientset;
const stop = new AbortController();
let kcm: Promise<void>;
const exits: number[] = [];

beforeAll(async () => {
  configure({ write: (line) => process.env.KCM_TEST_LOG && process.stderr.write(line) });
  server = await startTestAPIServer();
  cs = newClientsetForConfig(server.config);
  const config: CompletedConfig = {
    client: server.config,
    leaderElection: {
      leaderElect: false,
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      resourceLock: 'leases',
      resourceName: 'kube-controller-manager',
      resourceNamespace: 'kube-system',
    },
    controllers: ['*'],
    options: {
      minResyncPeriodMs: 12 * 3600_000,
      concurrentSyncs: new Map(),
      rateLimit: { qps: 50, burst: 100 },
      namespaceSyncPeriodMs: 300_000,
      enableGarbageCollector: true,
      rootCA: server.config.tlsClientConfig.caData?.toString('utf8'),
    },
  };
  kcm = run(config, stop.signal, { exit: (code) => exits.push(code) });
}, 30_000);

afterAll(async () => {
  stop.abort(new Error('test done'));
  await kcm;
  await cs.close();
  await server.stop();
  configure({ write: (line) => process.stderr.write(line) });
  expect(exits).toEqual([]);
}, 30_000);

async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await check();
    if (got !== undefined) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function gone(get: () => Promise<KubeObject>): Promise<true | undefined> {
  try {
    await get();
    return undefined;
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
}

async function createNamespace(name: string): Promise<void> {
  await cs.resource(namespaces).create({ metadata: { name } });
}

function ownerRef(owner: KubeObject, block?: boolean) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    ...(block === undefined ? {} : { blockOwnerDeletion: block }),
  };
}

describe('serviceaccount and root-ca-cert-publisher controllers', () => {
  it('give a new namespace its default ServiceAccount and kube-root-ca.crt', async () => {
    await createNamespace('fresh');
    await eventually(
      () =>
        cs
          .resource(serviceAccounts)
          .namespace('fresh')
          .get('default')
          .catch(() => undefined),
      'the default ServiceAccount',
    );
    const cm = await eventually(
      () =>
        cs
          .resource(configMaps)
          .namespace('fresh')
          .get(rootCACertConfigMapName)
          .catch(() => undefined),
      'kube-root-ca.crt',
    );
    expect(cm.data).toEqual({ 'ca.crt': server.config.tlsClientConfig.caData?.toString('utf8') });
    expect(cm.metadata.annotations).toEqual({ 'kubernetes.io/description': description });
  });

  it('put back a deleted default ServiceAccount and an edited kube-root-ca.crt', async () => {
    await createNamespace('repaired');
    const sas = cs.resource(serviceAccounts).namespace('repaired');
    const first = await eventually(() => sas.get('default').catch(() => undefined), 'the default ServiceAccount');
    await sas.delete('default');
    await eventually(async () => {
      const sa = await sas.get('default').catch(() => undefined);
      return sa && sa.metadata.uid !== first.metadata.uid ? sa : undefined;
    }, 'a new default ServiceAccount');

    const cms = cs.resource(configMaps).namespace('repaired');
    const cm = await eventually(() => cms.get(rootCACertConfigMapName).catch(() => undefined), 'kube-root-ca.crt');
    await cms.update({ ...cm, data: { 'ca.crt': 'tampered' } });
    await eventually(async () => {
      const now = await cms.get(rootCACertConfigMapName);
      return now.data?.['ca.crt'] === cm.data?.['ca.crt'] ? now : undefined;
    }, 'the CA restored');
  });
});

describe('namespace controller', () => {
  it('empties a deleted namespace and removes it', async () => {
    await createNamespace('doomed');
    const cms = cs.resource(configMaps).namespace('doomed');
    for (const name of ['a', 'b', 'c']) await cms.create({ metadata: { name } });
    await cs.resource(namespaces).delete('doomed');
    const terminating = await cs.resource(namespaces).get('doomed');
    expect(terminating.status?.phase).toBe('Terminating');
    await eventually(() => gone(() => cs.resource(namespaces).get('doomed')), 'the namespace to go', 20_000);
    expect((await cms.list()).items).toEqual([]);
  }, 30_000);

  it('records what is left as conditions while content finalizers hold the namespace', async () => {
    await createNamespace('held');
    const cms = cs.resource(configMaps).namespace('held');
    await cms.create({ metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    await cs.resource(namespaces).delete('held');
    const conditions = await eventually(async () => {
      const ns = await cs.resource(namespaces).get('held');
      const c = ns.status?.conditions ?? [];
      return c.some((x) => x.type === 'NamespaceFinalizersRemaining' && x.status === 'True') ? c : undefined;
    }, 'the conditions');
    expect(conditions.find((c) => c.type === 'NamespaceContentRemaining')).toMatchObject({
      status: 'True',
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: configmaps. has 1 resource instances',
    });
    expect(conditions.find((c) => c.type === 'NamespaceFinalizersRemaining')).toMatchObject({
      reason: 'SomeFinalizerRemain',
      message: 'Some finalizers are remaining: example.com/hold in 1 resource instances',
    });
    const held = await cms.get('held');
    await cms.update({ ...held, metadata: { ...held.metadata, finalizers: [] } });
    // The next pass comes after the finalizer estimate (15 s / 2 + 1).
    await eventually(() => gone(() => cs.resource(namespaces).get('held')), 'the namespace to go', 20_000);
  }, 40_000);
});

describe('garbage collector', () => {
  const cms = () => cs.resource(configMaps).namespace('gc');
  beforeAll(async () => {
    await createNamespace('gc');
  });

  async function ownerWithDependent(name: string, dependent: Partial<ConfigMap['metadata']> = {}, block?: boolean) {
    const owner = await cms().create({ metadata: { name } });
    const dep = await cms().create({
      metadata: { name: `${name}-dependent`, ownerReferences: [ownerRef(owner, block)], ...dependent },
    });
    return { owner, dep };
  }

  it('deletes dependents of an owner deleted in the background', async () => {
    await ownerWithDependent('bg');
    await cms().delete('bg', { propagationPolicy: 'Background' });
    await eventually(() => gone(() => cms().get('bg-dependent')), 'the dependent to go');
  });

  it('keeps a foreground-deleted owner until its blocking dependents are gone', async () => {
    await ownerWithDependent('fg', { finalizers: ['example.com/hold'] }, true);
    await cms().delete('fg', { propagationPolicy: 'Foreground' });
    // The dependent is deleted, but its own finalizer holds it; the owner waits.
    const held = await eventually(async () => {
      const dep = await cms().get('fg-dependent');
      return dep.metadata.deletionTimestamp ? dep : undefined;
    }, 'the dependent to be marked');
    const owner = await cms().get('fg');
    expect(owner.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(owner.metadata.deletionTimestamp).toBeDefined();
    await cms().update({ ...held, metadata: { ...held.metadata, finalizers: [] } });
    await eventually(() => gone(() => cms().get('fg')), 'the owner to go');
  });

  it('does not wait for dependents that do not block', async () => {
    await ownerWithDependent('fg-free', { finalizers: ['example.com/hold'] }, false);
    await cms().delete('fg-free', { propagationPolicy: 'Foreground' });
    await eventually(() => gone(() => cms().get('fg-free')), 'the owner to go');
    const dep = await cms().get('fg-free-dependent');
    expect(dep.metadata.deletionTimestamp).toBeDefined();
    await cms().update({ ...dep, metadata: { ...dep.metadata, finalizers: [] } });
  });

  it('orphans dependents: they stay, without the reference to the deleted owner', async () => {
    await ownerWithDependent('orphaner');
    await cms().delete('orphaner', { propagationPolicy: 'Orphan' });
    await eventually(() => gone(() => cms().get('orphaner')), 'the owner to go');
    const dep = await cms().get('orphaner-dependent');
    expect(dep.metadata.ownerReferences).toBeUndefined();
  });

  it('deletes an object whose owner never existed', async () => {
    await cms().create({
      metadata: {
        name: 'dangling',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-0000-0000-000000000001' },
        ],
      },
    });
    await eventually(() => gone(() => cms().get('dangling')), 'the dangling dependent to go');
  });

  it('keeps an object while one of its owners exists, dropping the reference to the missing one', async () => {
    const owner = await cms().create({ metadata: { name: 'solid' } });
    await cms().create({
      metadata: {
        name: 'two-owners',
        ownerReferences: [
          ownerRef(owner),
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost2', uid: '00000000-0000-0000-0000-000000000002' },
        ],
      },
    });
    const kept = await eventually(async () => {
      const cm = await cms().get('two-owners');
      return cm.metadata.ownerReferences?.length === 1 ? cm : undefined;
    }, 'the dangling reference to go');
    expect(kept.metadata.ownerReferences).toEqual([ownerRef(owner)]);
  });

  it('deletes dependents across resources (a Secret owned by a ConfigMap)', async () => {
    const owner = await cms().create({ metadata: { name: 'cross' } });
    const secrets = cs.resource({ group: '', version: 'v1', resource: 'secrets', namespaced: true }).namespace('gc');
    await secrets.create({ metadata: { name: 'owned', ownerReferences: [ownerRef(owner)] } });
    await cms().delete('cross');
    await eventually(() => gone(() => secrets.get('owned')), 'the secret to go');
  });
});

describe('clusterrole-aggregation controller', () => {
  it('fills an aggregated ClusterRole with the rules of the roles its selector matches', async () => {
    const roles = cs.resource(clusterRoles);
    await roles.create({
      metadata: { name: 'test-aggregate' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-test': 'true' } }] },
    });
    const rule = { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] };
    await roles.create({
      metadata: { name: 'test-part', labels: { 'example.com/aggregate-to-test': 'true' } },
      rules: [rule],
    });
    const aggregated = await eventually(async () => {
      const role = await roles.get('test-aggregate');
      return role.rules?.length ? role : undefined;
    }, 'aggregated rules');
    expect(aggregated.rules).toEqual([rule]);
  });
});
