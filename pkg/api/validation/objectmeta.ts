/**
 * metadata validation shared by every kind (k8s.io/apimachinery/pkg/api/validation/objectmeta.go).
 * Strategies call validateObjectMeta on create and validateObjectMetaUpdate on update, with the
 * `metadata` path, and add their kind-specific checks; the field paths and messages here are the
 * ones kubectl users see, e.g. `metadata.name: Required value: name or generateName is required`.
 */
import type { ObjectMeta, OwnerReference } from '../../apis/meta/v1/types.js';
import {
  forbidden,
  invalid,
  required,
  tooLong,
  type FieldError,
  type Path,
} from '../../util/validation/field/errors.js';
import { isQualifiedName } from '../../util/validation/validation.js';
import { validateLabels } from '../../apis/meta/v1/validation/validation.js';
import { semanticDeepEqual } from './equality.js';
import { validateNamespaceName, validateNonnegativeField, type ValidateNameFunc } from './generic.js';

export const fieldImmutableErrorMsg = 'field is immutable';

/** Keys plus values of all annotations may not exceed 256 KiB. */
export const totalAnnotationSizeLimitB = 256 * 1024;

export const finalizerOrphanDependents = 'orphan';
export const finalizerDeleteDependents = 'foregroundDeletion';

/** Owners that the garbage collector refuses to follow (group/version/kind). */
const bannedOwners = new Set(['/v1, Kind=Event']);

/** Annotation keys are qualified names, case-insensitively; the total size is capped. */
export function validateAnnotations(annotations: Record<string, string> | undefined, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalid(String(fldPath), k, msg));
    total += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (total > totalAnnotationSizeLimitB) errs.push(tooLong(String(fldPath), totalAnnotationSizeLimitB));
  return errs;
}

function groupVersionKindString(apiVersion: string, kind: string): { group: string; version: string; text: string } {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return { group, version, text: `${group}/${version}, Kind=${kind}` };
}

function validateOwnerReference(ref: OwnerReference, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  const gvk = groupVersionKindString(ref.apiVersion ?? '', ref.kind ?? '');
  if (!gvk.version)
    errs.push(invalid(String(fldPath.child('apiVersion')), ref.apiVersion ?? '', 'version must not be empty'));
  if (!ref.kind) errs.push(invalid(String(fldPath.child('kind')), ref.kind ?? '', 'must not be empty'));
  if (!ref.name) errs.push(invalid(String(fldPath.child('name')), ref.name ?? '', 'must not be empty'));
  if (!ref.uid) errs.push(invalid(String(fldPath.child('uid')), ref.uid ?? '', 'must not be empty'));
  if (bannedOwners.has(gvk.text))
    errs.push(invalid(String(fldPath), ref, `${gvk.text} is disallowed from being an owner`));
  return errs;
}

/** Each reference needs apiVersion, kind, name and uid; at most one may be the controller. */
export function validateOwnerReferences(refs: readonly OwnerReference[] | undefined, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    errs.push(...validateOwnerReference(ref, fldPath));
    if (ref.controller === true) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errs.push(
          invalid(
            String(fldPath),
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}

export function validateFinalizerName(name: string, fldPath: Path): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(String(fldPath), name, msg));
}

/** Names must be qualified; `orphan` and `foregroundDeletion` exclude each other. */
export function validateFinalizers(finalizers: readonly string[] | undefined, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  const list = finalizers ?? [];
  for (const f of list) errs.push(...validateFinalizerName(f, fldPath));
  if (list.includes(finalizerOrphanDependents) && list.includes(finalizerDeleteDependents)) {
    errs.push(
      invalid(
        String(fldPath),
        list,
        `finalizer ${finalizerOrphanDependents} and ${finalizerDeleteDependents} cannot be both set`,
      ),
    );
  }
  return errs;
}

/** Go's %#v of a []string, which upstream prints in this message. */
function goStringSlice(items: readonly string[]): string {
  return `[]string{${items.map((s) => JSON.stringify(s)).join(', ')}}`;
}

/** An object being deleted may lose finalizers but not gain any. */
export function validateNoNewFinalizers(
  newFinalizers: readonly string[] | undefined,
  oldFinalizers: readonly string[] | undefined,
  fldPath: Path,
): FieldError[] {
  const old = new Set(oldFinalizers ?? []);
  const extra = [...new Set((newFinalizers ?? []).filter((f) => !old.has(f)))].sort();
  if (extra.length === 0) return [];
  return [
    forbidden(
      String(fldPath),
      `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra)}`,
    ),
  ];
}

/** `field is immutable` unless new and old are semantically equal. */
export function validateImmutableField(newVal: unknown, oldVal: unknown, fldPath: Path): FieldError[] {
  return semanticDeepEqual(newVal, oldVal) ? [] : [invalid(String(fldPath), newVal, fieldImmutableErrorMsg)];
}

function validateObjectMetaCommon(meta: ObjectMeta, requiresNamespace: boolean, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  const ns = meta.namespace ?? '';
  if (requiresNamespace) {
    if (ns === '') errs.push(required(String(fldPath.child('namespace'))));
    else
      for (const msg of validateNamespaceName(ns, false))
        errs.push(invalid(String(fldPath.child('namespace')), ns, msg));
  } else if (ns !== '') {
    errs.push(forbidden(String(fldPath.child('namespace')), 'not allowed on this type'));
  }
  errs.push(...validateNonnegativeField(meta.generation, fldPath.child('generation')));
  errs.push(...validateLabels(meta.labels, fldPath.child('labels')));
  errs.push(...validateAnnotations(meta.annotations, fldPath.child('annotations')));
  errs.push(...validateOwnerReferences(meta.ownerReferences, fldPath.child('ownerReferences')));
  errs.push(...validateFinalizers(meta.finalizers, fldPath.child('finalizers')));
  return errs;
}

/**
 * Validates metadata on create, after name generation. `nameFn` is the resource's name rule;
 * `requiresNamespace` is the resource's scope (namespace required vs forbidden).
 */
export function validateObjectMeta(
  meta: ObjectMeta,
  requiresNamespace: boolean,
  nameFn: ValidateNameFunc,
  fldPath: Path,
): FieldError[] {
  const errs: FieldError[] = [];
  const generateName = meta.generateName ?? '';
  if (generateName !== '') {
    for (const msg of nameFn(generateName, true))
      errs.push(invalid(String(fldPath.child('generateName')), generateName, msg));
  }
  const name = meta.name ?? '';
  if (name === '') errs.push(required(String(fldPath.child('name')), 'name or generateName is required'));
  else for (const msg of nameFn(name, false)) errs.push(invalid(String(fldPath.child('name')), name, msg));
  return errs.concat(validateObjectMetaCommon(meta, requiresNamespace, fldPath));
}

/**
 * Validates metadata on update: resourceVersion present, generation not decremented, identity
 * fields (name, namespace, uid, creationTimestamp, deletion fields) unchanged, no finalizers
 * added once deletion started, and the new labels/annotations/owners well formed.
 */
export function validateObjectMetaUpdate(newMeta: ObjectMeta, oldMeta: ObjectMeta, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (oldMeta.deletionTimestamp) {
    errs.push(...validateNoNewFinalizers(newMeta.finalizers, oldMeta.finalizers, fldPath.child('finalizers')));
  }
  if (!newMeta.resourceVersion) {
    errs.push(
      invalid(
        String(fldPath.child('resourceVersion')),
        newMeta.resourceVersion ?? '',
        'must be specified for an update',
      ),
    );
  }
  if ((newMeta.generation ?? 0) < (oldMeta.generation ?? 0)) {
    errs.push(invalid(String(fldPath.child('generation')), newMeta.generation ?? 0, 'must not be decremented'));
  }
  errs.push(...validateImmutableField(newMeta.name ?? '', oldMeta.name ?? '', fldPath.child('name')));
  errs.push(...validateImmutableField(newMeta.namespace ?? '', oldMeta.namespace ?? '', fldPath.child('namespace')));
  errs.push(...validateImmutableField(newMeta.uid ?? '', oldMeta.uid ?? '', fldPath.child('uid')));
  errs.push(
    ...validateImmutableField(newMeta.creationTimestamp, oldMeta.creationTimestamp, fldPath.child('creationTimestamp')),
  );
  errs.push(
    ...validateImmutableField(newMeta.deletionTimestamp, oldMeta.deletionTimestamp, fldPath.child('deletionTimestamp')),
  );
  errs.push(
    ...validateImmutableField(
      newMeta.deletionGracePeriodSeconds,
      oldMeta.deletionGracePeriodSeconds,
      fldPath.child('deletionGracePeriodSeconds'),
    ),
  );
  errs.push(...validateLabels(newMeta.labels, fldPath.child('labels')));
  errs.push(...validateAnnotations(newMeta.annotations, fldPath.child('annotations')));
  errs.push(...validateOwnerReferences(newMeta.ownerReferences, fldPath.child('ownerReferences')));
  return errs;
}
