import { afterEach, describe, expect, it } from 'vitest';
import { newChainHandler } from '../../admission/chain.js';
import { newNamespaceLifecycle } from '../../admission/plugin/namespace/lifecycle.js';
import { isNotFound, newInternalError } from '../../api/errors/errors.js';
import type { Namespace } from '../../apis/core/v1/types.js';
import { configMapStrategy, newBackend, type Backend } from '../../registry/generic/registry/testing/fixtures.js';
import { newRegistryStore, type Store } from '../../registry/generic/registry/store.js';
import { newSystemContext } from '../../endpoints/request/context.js';
import { rfc3339 } from '../../registry/rest/create.js';
import type { GracefulDeleter } from '../../registry/rest/rest.js';
import { preserveAllButStatus } from '../../registry/rest/status.js';
import { defaultUpdatedObjectInfo } from '../../registry/rest/update.js';
import type { NamespacedResource } from './deletion/namespaced-resources-deleter.js';
import { newNamespaceController } from './namespace-controller.js';

const sys = newSystemContext();
const inNs = (ns: string) => newSystemContext(ns);

/**
 * Namespaces as upstream's namespace REST behaves (the real one lives in pkg/registry/core/namespace):
 * created Active with the `kubernetes` finalizer; DELETE marks Terminating while spec.finalizers remain;
 * /status changes only status; /finalize changes only spec.finalizers.
 */
function newTestNamespaces(backend: Backend) {
  const base = configMapStrategy({ namespaceScoped: false });
  const main = newRegistryStore<Namespace>(
    { storage: backend.storage },
    {
      resource: { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace' },
      strategy: {
        ...base,
        prepareForCreate: (_ctx, ns) =>
          Object.assign(ns, { spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }),
      },
      shouldDeleteDuringUpdate: (ns) => (ns.spec?.finalizers ?? []).length === 0,
    },
  );
  const status = main.forSubresource('status', {
    ...base,
    prepareForUpdate: (_ctx, ns, old) => preserveAllButStatus(ns, old),
  });
  const finalize = main.forSubresource('finalize', {
    ...base,
    prepareForUpdate: (_ctx, ns, old) =>
      Object.assign(ns, { status: old.status, spec: { finalizers: ns.spec?.finalizers ?? [] } }),
  });
  const del: GracefulDeleter<Namespace>['delete'] = async (ctx, name, options) => {
    const ns = await main.get(ctx, name);
    if ((ns.spec?.finalizers ?? []).length === 0) return main.delete(ctx, name, options);
    if (ns.metadata.deletionTimestamp) return { object: ns, deleted: false };
    // Like upstream's namespace storage: deletionTimestamp and phase in one storage-level update.
    const marked = await main.guaranteedUpdate(ctx, name, (current) => ({
      ...current,
      metadata: { ...current.metadata, deletionTimestamp: rfc3339(new Date()) },
      status: { phase: 'Terminating' },
    }));
    return { object: marked, deleted: false };
  };
  return { main: { ...main, delete: del }, status, finalize };
}

function setup(resourceOverrides: (cms: Store) => NamespacedResource['storage'] = (s) => s) {
  const backend = newBackend();
  const namespaces = newTestNamespaces(backend);
  const admission = newChainHandler([
    newNamespaceLifecycle({
      getNamespace: async (name) => {
        try {
          return await namespaces.main.get(sys, name);
        } catch (err) {
          if (isNotFound(err)) return undefined;
          throw err;
        }
      },
    }),
  ]);
  const configmaps = newRegistryStore(
    { storage: backend.storage, admission },
    {
      resource: { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap' },
      strategy: configMapStrategy(),
    },
  );
  const resources: NamespacedResource[] = [
    { group: '', resource: 'configmaps', storage: resourceOverrides(configmaps) },
  ];
  const controller = newNamespaceController({
    namespaces: namespaces.main,
    namespaceStatus: namespaces.status,
    namespaceFinalize: namespaces.finalize,
    resources: () => resources,
    backoff: { baseDelayMs: 5, maxDelayMs: 50 },
    relistDelayMs: 10,
    remainingRequeueMs: () => 20,
  });
  return { namespaces, configmaps, controller };
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
}

const gone = async (p: Promise<unknown>) =>
  p.then(
    () => false,
    (err: unknown) => isNotFound(err),
  );

const running: { abort: AbortController; done: Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.abort.abort();
    await r.done;
  }
});

function start(controller: ReturnType<typeof setup>['controller']) {
  const abort = new AbortController();
  const done = controller.run(abort.signal);
  running.push({ abort, done });
  return { abort, done };
}

describe('namespace controller', () => {
  it('empties a terminating namespace, then releases and removes it', async () => {
    const { namespaces, configmaps, controller } = setup();
    await namespaces.main.create(sys, { metadata: { name: 'team' } });
    await configmaps.create(inNs('team'), { metadata: { name: 'a' } });
    await configmaps.create(inNs('team'), { metadata: { name: 'b' } });
    start(controller);
    await namespaces.main.delete(sys, 'team');
    expect(await eventually(() => gone(namespaces.main.get(sys, 'team')), Boolean)).toBe(true);
    expect((await configmaps.list(inNs('team'))).items).toEqual([]);
  });

  it('blocks new content while terminating and waits for content finalizers, reporting them in conditions', async () => {
    const { namespaces, configmaps, controller } = setup();
    await namespaces.main.create(sys, { metadata: { name: 'team' } });
    await configmaps.create(inNs('team'), { metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    await namespaces.main.delete(sys, 'team');
    expect(
      await configmaps.create(inNs('team'), { metadata: { name: 'late' } }).catch((e: { status: unknown }) => e.status),
    ).toMatchObject({
      code: 403,
      message:
        'configmaps "late" is forbidden: unable to create new content in namespace team because it is being terminated',
    });
    start(controller);
    const conditions = async () => (await namespaces.main.get(sys, 'team')).status?.conditions ?? [];
    const withFinalizers = await eventually(conditions, (cs) =>
      cs.some((c) => c.type === 'NamespaceFinalizersRemaining' && c.status === 'True'),
    );
    expect(withFinalizers.find((c) => c.type === 'NamespaceFinalizersRemaining')?.message).toBe(
      'Some finalizers are remaining: example.com/hold in 1 resource instances',
    );
    expect(withFinalizers.find((c) => c.type === 'NamespaceContentRemaining')?.message).toBe(
      'Some resources are remaining: configmaps. has 1 resource instances',
    );
    expect(await gone(namespaces.main.get(sys, 'team'))).toBe(false);

    const held = await configmaps.get(inNs('team'), 'held');
    await configmaps.update(
      inNs('team'),
      'held',
      defaultUpdatedObjectInfo({ ...held, metadata: { ...held.metadata, finalizers: [] } }),
    );
    expect(await eventually(() => gone(namespaces.main.get(sys, 'team')), Boolean)).toBe(true);
  });

  it('retries after failures with backoff', async () => {
    let failures = 2;
    const { namespaces, configmaps, controller } = setup((cms) => ({
      ...cms,
      deleteCollection: async (ctx, opts, listOpts) => {
        if (failures-- > 0) throw newInternalError(new Error('storage hiccup'));
        return cms.deleteCollection(ctx, opts, listOpts);
      },
    }));
    await namespaces.main.create(sys, { metadata: { name: 'team' } });
    await configmaps.create(inNs('team'), { metadata: { name: 'a' } });
    await namespaces.main.delete(sys, 'team');
    start(controller);
    expect(await eventually(() => gone(namespaces.main.get(sys, 'team')), Boolean)).toBe(true);
    expect(failures).toBeLessThan(0);
  });

  it('leaves active namespaces alone and stops when aborted', async () => {
    const { namespaces, configmaps, controller } = setup();
    await namespaces.main.create(sys, { metadata: { name: 'team' } });
    await configmaps.create(inNs('team'), { metadata: { name: 'a' } });
    const { abort, done } = start(controller);
    await new Promise((r) => setTimeout(r, 50));
    expect((await configmaps.list(inNs('team'))).items).toHaveLength(1);
    const t0 = Date.now();
    abort.abort();
    await done;
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
