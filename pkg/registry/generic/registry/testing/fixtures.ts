/**
 * Test fixtures for the generic Store: a real Storage over the real memory KV, and small
 * strategies shaped like configmaps (namespaced, data validated), pods (graceful deletion,
 * selectable fields, status subresource) and namespaces (cluster-scoped).
 */
import type { AdmissionHandler } from '../../../../admission/interfaces.js';
import type { KubeObject } from '../../../../apis/meta/v1/types.js';
import { newMemoryKV, type MemoryKV } from '../../../../storage/kv/memory.js';
import { newStore as newStorage } from '../../../../storage/store.js';
import type { Storage } from '../../../../storage/interfaces.js';
import { invalid, type FieldError } from '../../../../util/validation/field/errors.js';
import { newSystemContext, type RequestContext } from '../../../../endpoints/request/context.js';
import {
  incrementGenerationOnSpecChange,
  initGeneration,
  preserveAllButStatus,
  preserveStatus,
  resetStatus,
} from '../../../rest/status.js';
import type { ResourceStrategy } from '../../../rest/strategy.js';
import { newRegistryStore, type Store } from '../store.js';
import type { RegistryStoreOptions } from '../store-options.js';

export interface Backend {
  kv: MemoryKV;
  storage: Storage;
}

export function newBackend(): Backend {
  const kv = newMemoryKV();
  return { kv, storage: newStorage(kv, { tooLargeResourceVersionWaitMs: 50 }) };
}

type Strategy = ResourceStrategy<KubeObject>;

function validateData(obj: KubeObject): FieldError[] {
  const data = (obj.data ?? {}) as Record<string, unknown>;
  return Object.entries(data)
    .filter(([, v]) => typeof v !== 'string')
    .map(([k, v]) => invalid(`data[${k}]`, v, 'must be a string'));
}

export function configMapStrategy(overrides: Partial<Strategy> = {}): Strategy {
  return {
    namespaceScoped: true,
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: true,
    prepareForCreate: () => {},
    validate: (_ctx, obj) => validateData(obj),
    prepareForUpdate: () => {},
    validateUpdate: (_ctx, obj) => validateData(obj),
    ...overrides,
  };
}

export function newConfigMapStore(
  backend: Backend,
  extra: Partial<RegistryStoreOptions<KubeObject>> = {},
  admission?: AdmissionHandler,
): Store {
  return newRegistryStore(
    { storage: backend.storage, ...(admission ? { admission } : {}) },
    {
      resource: { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap' },
      strategy: configMapStrategy(),
      ...extra,
    },
  );
}

const podStrategy: Strategy = {
  ...configMapStrategy({ allowUnconditionalUpdate: false }),
  prepareForCreate: (_ctx, obj) => {
    resetStatus(obj);
    initGeneration(obj);
  },
  prepareForUpdate: (_ctx, obj, old) => {
    preserveStatus(obj, old);
    incrementGenerationOnSpecChange(obj, old);
  },
  checkGracefulDelete(_ctx, obj, options) {
    if (options.gracePeriodSeconds === undefined) {
      const spec = obj.spec as { terminationGracePeriodSeconds?: number } | undefined;
      options.gracePeriodSeconds = spec?.terminationGracePeriodSeconds ?? 30;
    }
    return true;
  },
};

const podStatusStrategy: Strategy = {
  ...podStrategy,
  prepareForUpdate: (_ctx, obj, old) => preserveAllButStatus(obj, old),
};

export function newPodStores(backend: Backend): { pods: Store; status: Store } {
  const pods = newRegistryStore(
    { storage: backend.storage },
    {
      resource: { group: '', version: 'v1', resource: 'pods', kind: 'Pod' },
      strategy: podStrategy,
      returnDeletedObject: true,
      selectableFields: {
        'spec.nodeName': (p: KubeObject) => (p.spec as { nodeName?: string } | undefined)?.nodeName ?? '',
        'status.phase': (p: KubeObject) => (p.status as { phase?: string } | undefined)?.phase ?? '',
      },
    },
  );
  return { pods, status: pods.forSubresource('status', podStatusStrategy) };
}

export function newNamespaceStore(backend: Backend): Store {
  return newRegistryStore(
    { storage: backend.storage },
    {
      resource: { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace' },
      strategy: configMapStrategy({ namespaceScoped: false }),
    },
  );
}

export function ctxIn(namespace?: string): RequestContext {
  return newSystemContext(namespace);
}

export function cm(name: string, data: Record<string, unknown> = {}, labels?: Record<string, string>): KubeObject {
  const obj: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data };
  if (labels) obj.metadata.labels = labels;
  return obj;
}

/** The StatusError a promise rejects with, as its status (fails the test if it resolves). */
export async function statusOf(
  p: Promise<unknown>,
): Promise<{ code: number; reason?: string; message?: string; details?: unknown; metadata: unknown }> {
  try {
    await p;
  } catch (err) {
    const status = (err as { status?: { code: number } }).status;
    if (status) return status as never;
    throw err;
  }
  throw new Error('expected a StatusError, got success');
}
