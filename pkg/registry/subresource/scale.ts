/**
 * The `/scale` subresource (mirrors the ScaleREST of upstream's deployment, replicaset,
 * statefulset and replicationcontroller storage): reads and writes an autoscaling/v1 Scale that
 * views the parent's replica count.
 *
 *   GET  …/deployments/web/scale → {kind: Scale, spec: {replicas: 3}, status: {replicas: 3, selector: "app=web"}}
 *   PUT  …/deployments/web/scale {spec: {replicas: 5}, metadata: {resourceVersion: "42"}}
 *        → the deployment's spec.replicas becomes 5 through the deployment's own update path
 *          (its strategy, validation and admission), conditional on resourceVersion 42 when given.
 */
import { newInvalid, newNotFound } from '../../api/errors/errors.js';
import { validateObjectMeta } from '../../api/validation/objectmeta.js';
import { nameIsDNSSubdomain } from '../../api/validation/generic.js';
import type { KubeObject, ObjectMeta } from '../../apis/meta/v1/types.js';
import { labelSelectorAsString, type LabelSelector } from '../../apis/meta/v1/validation/validation.js';
import { invalid, Path } from '../../util/validation/field/errors.js';
import type { Store } from '../generic/registry/store.js';
import type { Getter, Updater } from '../rest/rest.js';

/** autoscaling/v1 Scale. */
export interface Scale extends KubeObject {
  spec?: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}

export interface ScaleAccessors<T extends KubeObject> {
  specReplicas(obj: T): number;
  setSpecReplicas(obj: T, replicas: number): void;
  statusReplicas(obj: T): number;
  /** The pod selector in labels.Selector string form (`app=web,tier in (a,b)`). */
  selector(obj: T): string;
}

/** The scale of the parent: what GET and PUT …/scale serve. */
export type ScaleREST = Getter<Scale> & Updater<Scale>;

interface Replicated extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector };
  status?: { replicas?: number };
}

/** Scale accessors of apps workloads: spec.replicas, status.replicas, and the spec.selector as a string. */
export function replicasScale<T extends Replicated>(): ScaleAccessors<T> {
  return {
    specReplicas: (obj) => obj.spec?.replicas ?? 0,
    setSpecReplicas: (obj, n) => void ((obj.spec ??= {}).replicas = n),
    statusReplicas: (obj) => obj.status?.replicas ?? 0,
    selector: (obj) => labelSelectorAsString(obj.spec?.selector),
  };
}

const scaleMetadataFields = ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp'] as const;

function copyField<K extends keyof ObjectMeta>(from: ObjectMeta, to: ObjectMeta, field: K): void {
  if (from[field] !== undefined) to[field] = from[field];
}

function toScale<T extends KubeObject>(obj: T, acc: ScaleAccessors<T>): Scale {
  const metadata: ObjectMeta = {};
  for (const field of scaleMetadataFields) copyField(obj.metadata, metadata, field);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: { replicas: acc.specReplicas(obj) },
    status: { replicas: acc.statusReplicas(obj), selector: acc.selector(obj) },
  };
}

function validateScale(scale: Scale, namespaced: boolean): void {
  const errs = validateObjectMeta(scale.metadata ?? {}, namespaced, nameIsDNSSubdomain, Path.root('metadata'));
  const replicas = scale.spec?.replicas ?? 0;
  if (replicas < 0) errs.push(invalid('spec.replicas', replicas, 'must be greater than or equal to 0'));
  if (errs.length > 0) throw newInvalid({ group: 'autoscaling', kind: 'Scale' }, scale.metadata?.name ?? '', errs);
}

/** Builds the scale REST over the parent resource's Store. */
export function newScaleREST<T extends KubeObject>(parent: Store<T>, acc: ScaleAccessors<T>): ScaleREST {
  return {
    async get(ctx, name) {
      return toScale(await parent.get(ctx, name), acc);
    },
    async update(ctx, name, objInfo, opts) {
      const result = await parent.update(
        ctx,
        name,
        async (current) => {
          // Scale is never created through this endpoint.
          if (!current) throw newNotFound(parent.qualifiedResource, name);
          const next = structuredClone(current);
          const scale = await objInfo(toScale(current, acc));
          validateScale(scale, parent.namespaceScoped);
          acc.setSpecReplicas(next, scale.spec?.replicas ?? 0);
          // The Scale's resourceVersion is the parent's: a stale one is a conflict on the parent.
          next.metadata.resourceVersion = scale.metadata?.resourceVersion ?? '';
          if (next.metadata.resourceVersion === '') delete next.metadata.resourceVersion;
          return next;
        },
        {
          ...(opts?.dryRun ? { dryRun: true } : {}),
          ...(opts?.fieldManager ? { fieldManager: opts.fieldManager } : {}),
        },
      );
      return { object: toScale(result.object, acc), created: false };
    },
  };
}
