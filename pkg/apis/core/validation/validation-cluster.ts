/**
 * Namespace and Node validation (pkg/apis/core/validation: ValidateNamespace*, ValidateNode*).
 * Field paths keep upstream's quirks where clients see them (`status.Phase`, `metadata.taints`).
 */
import { duplicate, forbidden, invalid, Path, type FieldError } from '../../../util/validation/field/errors.js';
import { duplicateStringer } from '../../../util/validation/field/stringer.js';
import { isValidLabelValue } from '../../../util/validation/validation.js';
import { ipFamilyOf, isValidCIDR } from '../../../util/validation/ip.js';
import { validateLabelName } from '../../meta/v1/validation/validation.js';
import type { Namespace, Node, ResourceList, Taint } from '../v1/types.js';
import { parseQuantityAt, validateResourceQuantityValue } from './validation-resources.js';
import { validateTaintEffect } from './validation-podspec.js';
import {
  requiredAt,
  validateFinalizerName,
  validateNamespaceName,
  validateNodeName,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './validation.js';

export function validateNamespace(ns: Namespace): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, false, validateNamespaceName, Path.root('metadata'));
  // Upstream reports spec finalizers without an index on create.
  for (const f of ns.spec?.finalizers ?? [])
    errs.push(...validateFinalizerName(f, Path.root('spec').child('finalizers')));
  return errs;
}

export function validateNamespaceUpdate(ns: Namespace, old: Namespace): FieldError[] {
  return validateObjectMetaUpdate(ns.metadata, old.metadata, Path.root('metadata'));
}

/** Phase follows deletion: Active until deletionTimestamp is set, Terminating after. */
export function validateNamespaceStatusUpdate(ns: Namespace, old: Namespace): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata, Path.root('metadata'));
  const phase = ns.status?.phase ?? '';
  if (!ns.metadata.deletionTimestamp) {
    if (phase !== 'Active')
      errs.push(invalid('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (phase !== 'Terminating') {
    errs.push(invalid('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errs;
}

export function validateNamespaceFinalizeUpdate(ns: Namespace, old: Namespace): FieldError[] {
  const errs = validateObjectMetaUpdate(ns.metadata, old.metadata, Path.root('metadata'));
  (ns.spec?.finalizers ?? []).forEach((f, i) => {
    errs.push(...validateFinalizerName(f, Path.root('spec').child('finalizers').index(i)));
  });
  return errs;
}

function validateNodeTaints(taints: Taint[] | undefined, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  const unique = new Map<string, Set<string>>();
  (taints ?? []).forEach((t, i) => {
    const idx = fldPath.index(i);
    errs.push(...validateLabelName(t.key ?? '', idx.child('key')));
    const msgs = isValidLabelValue(t.value ?? '');
    if (msgs.length > 0) errs.push(invalid(String(idx.child('value')), t.value ?? '', msgs.join(';')));
    if (!t.effect) errs.push(requiredAt(idx.child('effect')));
    else errs.push(...validateTaintEffect(t.effect, idx.child('effect')));
    const keys = unique.get(t.effect ?? '') ?? new Set<string>();
    if (keys.has(t.key ?? '')) {
      const text = `core.Taint{Key:${JSON.stringify(t.key ?? '')}, Value:${JSON.stringify(t.value ?? '')}, Effect:${JSON.stringify(t.effect ?? '')}, TimeAdded:<nil>}`;
      errs.push(duplicateStringer(String(idx), text, 'taints must be unique by key and effect pair'));
      return;
    }
    keys.add(t.key ?? '');
    unique.set(t.effect ?? '', keys);
  });
  return errs;
}

function validateNodeResources(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  const check = (list: ResourceList | undefined, field: string) => {
    for (const [k, v] of Object.entries(list ?? {})) {
      const p = Path.root('status').child(field, k);
      const q = parseQuantityAt(v, p, errs);
      if (q) errs.push(...validateResourceQuantityValue(k, q, p));
    }
  };
  check(node.status?.capacity, 'capacity');
  check(node.status?.allocatable, 'allocatable');
  return errs;
}

function validatePodCIDRs(cidrs: string[], fldPath: Path): FieldError[] {
  const errs = cidrs.flatMap((c, i) => isValidCIDR(fldPath.index(i), c));
  if (cidrs.length > 1 && errs.length === 0) {
    const families = new Set(cidrs.map((c) => ipFamilyOf(c.split('/')[0] ?? '')));
    if (families.size !== 2 || cidrs.length > 2)
      errs.push(invalid(String(fldPath), cidrs, 'may specify no more than one CIDR for each IP family'));
    const seen = new Set<string>();
    cidrs.forEach((c, i) => {
      if (seen.has(c)) errs.push(duplicate(String(fldPath.index(i)), c));
      seen.add(c);
    });
  }
  return errs;
}

export function validateNode(node: Node): FieldError[] {
  const metaPath = Path.root('metadata');
  const errs = validateObjectMeta(node.metadata, false, validateNodeName, metaPath);
  // Upstream validates spec.taints under the metadata path.
  errs.push(...validateNodeTaints(node.spec?.taints, metaPath.child('taints')));
  errs.push(...validateNodeResources(node));
  if ((node.spec?.podCIDRs ?? []).length > 0)
    errs.push(...validatePodCIDRs(node.spec?.podCIDRs ?? [], Path.root('spec').child('podCIDRs')));
  return errs;
}

export function validateNodeUpdate(node: Node, old: Node): FieldError[] {
  const metaPath = Path.root('metadata');
  const errs = validateObjectMetaUpdate(node.metadata, old.metadata, metaPath);
  errs.push(...validateNodeResources(node));
  const seen = new Set<string>();
  (node.status?.addresses ?? []).forEach((a, i) => {
    const key = `${a.type ?? ''}/${a.address ?? ''}`;
    if (seen.has(key)) errs.push(duplicate(String(Path.root('status').child('addresses').index(i)), a));
    seen.add(key);
  });
  const oldCIDRs = old.spec?.podCIDRs ?? [];
  const newCIDRs = node.spec?.podCIDRs ?? [];
  if (oldCIDRs.length > 0) {
    // One error when the length changed, else one per changed entry, as upstream.
    const changes = oldCIDRs.length !== newCIDRs.length ? 1 : oldCIDRs.filter((c, i) => c !== newCIDRs[i]).length;
    for (let i = 0; i < changes; i++)
      errs.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
  }
  if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID) {
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  errs.push(...validateNodeTaints(node.spec?.taints, metaPath.child('taints')));
  if ((node.spec?.externalID ?? '') !== (old.spec?.externalID ?? ''))
    errs.push(forbidden('spec.externalID', 'may not be updated'));
  return errs;
}
