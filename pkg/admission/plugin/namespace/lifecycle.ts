/**
 * NamespaceLifecycle (mirrors plugin/pkg/admission/namespace/lifecycle/admission.go):
 *  - the immortal namespaces (default, kube-system, kube-public) cannot be deleted (403);
 *  - nothing can be created or updated in a namespace that does not exist (404 `namespaces "x" not found`);
 *  - nothing new can be created in a namespace that is being terminated (403, with a
 *    NamespaceTerminating cause), so that namespace deletion can finish.
 * Deletes of namespaced objects, cluster-scoped objects and access reviews always pass.
 *
 * Upstream reads namespaces from an informer cache and falls back to a live read; in-process we
 * read the namespace registry directly, which is always current.
 */
import { newForbidden, newNotFound, type StatusError } from '../../../api/errors/errors.js';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import type { Attributes, MutationInterface, Operation } from '../../interfaces.js';

export const defaultImmortalNamespaces: readonly string[] = ['default', 'kube-system', 'kube-public'];

export interface LifecycleOptions {
  /** The namespace by name, or undefined when it does not exist (e.g. a Getter over the namespace store, NotFound mapped to undefined). */
  getNamespace: (name: string, signal?: AbortSignal) => Promise<KubeObject | undefined>;
  immortalNamespaces?: readonly string[];
}

const accessReviews = new Set(['localsubjectaccessreviews', 'subjectaccessreviews']);

function isNamespaceKind(a: Attributes): boolean {
  return a.kind.group === '' && a.kind.kind === 'Namespace';
}

/** upstream admission.NewForbidden: names the object (or its generateName, or "Unknown") and its resource. */
function forbidden(a: Attributes, why: string): StatusError {
  const meta = a.object?.metadata;
  const name = meta?.name || meta?.generateName || (a.object ? 'Unknown' : a.name || 'Unknown');
  return newForbidden({ group: a.resource.group, resource: a.resource.resource }, name, why);
}

export function newNamespaceLifecycle(opts: LifecycleOptions): MutationInterface {
  const immortal = new Set(opts.immortalNamespaces ?? defaultImmortalNamespaces);
  return {
    handles: (op: Operation) => op === 'CREATE' || op === 'UPDATE' || op === 'DELETE',
    async admit(a: Attributes, signal?: AbortSignal): Promise<void> {
      if (a.operation === 'DELETE' && isNamespaceKind(a) && immortal.has(a.name)) {
        throw newForbidden(
          { group: a.resource.group, resource: a.resource.resource },
          a.name,
          'this namespace may not be deleted',
        );
      }
      if (isNamespaceKind(a) || a.namespace === '') return;
      if (a.operation === 'DELETE') return;
      if (a.kind.group === 'authorization.k8s.io' && accessReviews.has(a.resource.resource)) return;

      const namespace = await opts.getNamespace(a.namespace, signal);
      if (!namespace) throw newNotFound({ group: '', resource: 'namespaces' }, a.namespace);
      if (a.operation !== 'CREATE') return;
      if ((namespace.status as { phase?: string } | undefined)?.phase !== 'Terminating') return;
      const err = forbidden(
        a,
        `unable to create new content in namespace ${a.namespace} because it is being terminated`,
      );
      const details = err.status.details ?? {};
      details.causes = [
        ...(details.causes ?? []),
        {
          reason: 'NamespaceTerminating',
          message: `namespace ${a.namespace} is being terminated`,
          field: 'metadata.namespace',
        },
      ];
      err.status.details = details;
      throw err;
    },
  };
}
