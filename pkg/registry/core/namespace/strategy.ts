/**
 * Namespace policy (mirrors pkg/registry/core/namespace/strategy.go): a new namespace is Active
 * and carries the `kubernetes` finalizer in spec.finalizers, which only the namespace controller
 * removes (through /finalize) once the namespace is empty; status and spec.finalizers cannot be
 * changed through the main resource.
 */
import { setDefaultsNamespace } from '../../../apis/core/v1/defaults.js';
import type { Namespace } from '../../../apis/core/v1/types.js';
import {
  validateNamespace,
  validateNamespaceFinalizeUpdate,
  validateNamespaceStatusUpdate,
  validateNamespaceUpdate,
} from '../../../apis/core/validation/validation-cluster.js';
import { specStatusStrategy } from '../../strategies.js';
import type { ResourceStrategy } from '../../rest/strategy.js';
import { statusStrategy } from '../../subresource/status.js';

/** The finalizer the namespace controller owns: set on create, removed after the content is deleted. */
export const finalizerKubernetes = 'kubernetes';

export const namespaceStrategy = specStatusStrategy<Namespace>({
  namespaced: false,
  defaults: setDefaultsNamespace,
  validate: validateNamespace,
  validateUpdate: validateNamespaceUpdate,
  generationChanged: false,
  prepareForCreate(ns) {
    const spec = (ns.spec ??= {});
    if (!(spec.finalizers ?? []).includes(finalizerKubernetes))
      spec.finalizers = [...(spec.finalizers ?? []), finalizerKubernetes];
  },
  prepareForUpdate(ns, old) {
    ns.spec = { ...(ns.spec ?? {}), finalizers: old.spec?.finalizers ?? [] };
    if (ns.spec.finalizers?.length === 0) delete ns.spec.finalizers;
  },
  // The name label is derived state, kept true even if a client removed it.
  canonicalize: setDefaultsNamespace,
});

export const namespaceStatusStrategy = statusStrategy(namespaceStrategy, {
  validateStatusUpdate: validateNamespaceStatusUpdate,
});

/** namespaces/finalize: only spec.finalizers comes from the request. */
export const namespaceFinalizeStrategy: ResourceStrategy<Namespace> = {
  ...namespaceStatusStrategy,
  prepareForUpdate(_ctx, ns, old) {
    const finalizers = ns.spec?.finalizers;
    const resourceVersion = ns.metadata.resourceVersion;
    for (const key of Object.keys(ns)) delete ns[key];
    Object.assign(ns, structuredClone(old));
    ns.spec = { ...(ns.spec ?? {}) };
    if (finalizers && finalizers.length > 0) ns.spec.finalizers = finalizers;
    else delete ns.spec.finalizers;
    if (resourceVersion === undefined) delete ns.metadata.resourceVersion;
    else ns.metadata.resourceVersion = resourceVersion;
  },
  validateUpdate: (_ctx, ns, old) => validateNamespaceFinalizeUpdate(ns, old),
};

/** Field selectors on namespaces (upstream NamespaceToSelectableFields). */
export const namespaceSelectableFields = { 'status.phase': (ns: Namespace) => ns.status?.phase ?? '' };
