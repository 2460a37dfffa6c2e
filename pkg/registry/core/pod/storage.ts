/**
 * Pod storage (mirrors pkg/registry/core/pod/storage/storage.go): pods, pods/status and
 * pods/binding. Binding is how the scheduler places a pod:
 *
 *   POST /api/v1/namespaces/ns/pods/web/binding {metadata: {name: web}, target: {kind: Node, name: n1}}
 *   → 201 Status Success; the pod now has spec.nodeName n1, the Binding's annotations, and
 *     condition PodScheduled=True
 *   already bound → 409 Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "n1"
 */
import { newBadRequest, newConflict, StatusError } from '../../../api/errors/errors.js';
import { noAdmission } from '../../../admission/chain.js';
import type { Attributes } from '../../../admission/interfaces.js';
import type { Binding, Pod } from '../../../apis/core/v1/types.js';
import { validatePodBinding } from '../../../apis/core/validation/validation-pod.js';
import type { Status } from '../../../apis/meta/v1/types.js';
import { podTableConvertor } from '../../../printers/internalversion/printers-pod.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { namespaceValue, userFrom } from '../../../endpoints/request/context.js';
import { ensureObjectNamespaceMatchesRequestNamespace, rfc3339 } from '../../rest/create.js';
import type { NamedCreater } from '../../rest/rest.js';
import { newStatusREST, type StatusREST } from '../../subresource/status.js';
import { podSelectableFields, podStatusStrategy, podStrategy, updatePodCondition } from './strategy.js';

/** pods/binding: a Binding goes in, a Success Status comes out. */
export type BindingREST = NamedCreater<Binding, Status>;

export interface PodStorage {
  store: Store<Pod>;
  status: StatusREST<Pod>;
  binding: BindingREST;
}

/** A refusal from inside the binding's read-modify-write; becomes 409 on pods/binding, as upstream. */
class BindingRefused extends Error {}

/** A non-Status error as upstream's handler reports it (500, reason Unknown, the error's own text). */
function unknownError(message: string): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: '',
    code: 500,
  });
}

/** Applies a binding to (a copy of) the stored pod (upstream setPodNodeAndMetadata). */
function bind(pod: Pod, binding: Binding): Pod {
  if (pod.metadata.deletionTimestamp)
    throw new BindingRefused(`pod ${pod.metadata.name} is being deleted, cannot be assigned to a host`);
  if (pod.spec?.nodeName)
    throw new BindingRefused(
      `pod ${pod.metadata.name} is already assigned to node ${JSON.stringify(pod.spec.nodeName)}`,
    );
  if ((pod.spec?.schedulingGates ?? []).length > 0)
    throw new BindingRefused(`pod ${pod.metadata.name} has non-empty .spec.schedulingGates`);
  (pod.spec ??= {}).nodeName = binding.target?.name ?? '';
  const annotations = binding.metadata.annotations ?? {};
  if (Object.keys(annotations).length > 0)
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), ...annotations };
  updatePodCondition(pod, { type: 'PodScheduled', status: 'True' }, rfc3339(new Date()));
  return pod;
}

function newBindingREST(store: Store<Pod>, opts: RESTOptions): BindingREST {
  const admission = opts.admission ?? noAdmission;
  return {
    async createNamed(ctx, name, binding, options = {}) {
      binding.metadata ??= {};
      ensureObjectNamespaceMatchesRequestNamespace(namespaceValue(ctx), binding.metadata);
      if (name !== binding.metadata.name) throw newBadRequest('name in URL does not match name in Binding object');
      const errs = validatePodBinding(binding);
      // Upstream returns these as a plain aggregate error, not a 422.
      if (errs.length > 0) throw unknownError(errs.length === 1 ? String(errs[0]) : `[${errs.map(String).join(', ')}]`);
      const attrs: Attributes = {
        name,
        namespace: namespaceValue(ctx),
        resource: { group: '', version: 'v1', resource: 'pods' },
        subresource: 'binding',
        kind: { group: '', version: 'v1', kind: 'Binding' },
        operation: 'CREATE',
        object: binding,
        dryRun: Boolean(options.dryRun),
        userInfo: userFrom(ctx),
      };
      await admission.admit(attrs, ctx.signal);
      await admission.validate({ ...attrs, object: structuredClone(binding) }, ctx.signal);

      const preconditions = {
        ...(binding.metadata.uid ? { uid: binding.metadata.uid } : {}),
        ...(binding.metadata.resourceVersion ? { resourceVersion: binding.metadata.resourceVersion } : {}),
      };
      try {
        if (options.dryRun) bind(await store.get(ctx, name), binding);
        else await store.guaranteedUpdate(ctx, name, (current) => bind(current, binding), preconditions);
      } catch (err) {
        if (err instanceof BindingRefused)
          throw newConflict({ group: '', resource: 'pods/binding' }, name, err.message);
        throw err;
      }
      return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
    },
  };
}

export function newPodStorage(opts: RESTOptions): PodStorage {
  const store = newRegistryStore<Pod>(opts, {
    resource: { group: '', version: 'v1', resource: 'pods', kind: 'Pod' },
    strategy: podStrategy,
    returnDeletedObject: true,
    selectableFields: podSelectableFields,
    tableConvertor: podTableConvertor,
  });
  return { store, status: newStatusREST(store, podStatusStrategy), binding: newBindingREST(store, opts) };
}
