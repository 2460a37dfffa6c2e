/**
 * Resource names and quantities (pkg/apis/core/validation: validateResourceName,
 * ValidateResourceQuantityValue, validateResourceRequirements, LimitRange and ResourceQuota),
 * with the helper predicates of pkg/apis/core/helper.
 */
import {
  compareQuantity,
  formatQuantity,
  parseQuantity,
  quantityFormatError,
  quantityMilliValue,
  quantityValue,
  type Quantity,
} from '../../../api/resource/quantity.js';
import {
  duplicate,
  forbidden,
  invalid,
  Path,
  required,
  type FieldError,
} from '../../../util/validation/field/errors.js';
import { invalidStringer } from '../../../util/validation/field/stringer.js';
import { isQualifiedName } from '../../../util/validation/validation.js';
import type { LimitRange, QuantityValue, ResourceList, ResourceQuota, ResourceRequirements } from '../v1/types.js';
import {
  isNegativeErrorMsg,
  isNotIntegerErrorMsg,
  isNotPositiveErrorMsg,
  validateLimitRangeName,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateResourceQuotaName,
} from './validation.js';

const standardResources = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
const standardQuotaResources = new Set([...standardResources].filter((r) => r !== 'storage'));
const integerResources = new Set([
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);
const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);

export function isHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-');
}

function isQuotaHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

/** Unprefixed names and kubernetes.io/ names are Kubernetes' own. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

export function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePageResourceName(name);
}

function isIntegerResourceName(name: string): boolean {
  return integerResources.has(name) || isExtendedResourceName(name);
}

export function validateResourceName(value: string, fldPath: Path): FieldError[] {
  const errs = isQualifiedName(value).map((msg) => invalid(String(fldPath), value, msg));
  if (errs.length > 0) return errs;
  if (value.split('/').length === 1 && !(standardResources.has(value) || isQuotaHugePageResourceName(value))) {
    return [invalid(String(fldPath), value, 'must be a standard resource type or fully qualified')];
  }
  return [];
}

export function validateContainerResourceName(value: string, fldPath: Path): FieldError[] {
  const errs = validateResourceName(value, fldPath);
  if (value.split('/').length === 1) {
    if (!standardContainerResources.has(value) && !isHugePageResourceName(value)) {
      return [...errs, invalid(String(fldPath), value, 'must be a standard resource for containers')];
    }
  } else if (!isNativeResource(value) && !isExtendedResourceName(value)) {
    return [...errs, invalid(String(fldPath), value, "doesn't follow extended resource name standard")];
  }
  return errs;
}

export function validateResourceQuotaResourceName(value: string, fldPath: Path): FieldError[] {
  const errs = validateResourceName(value, fldPath);
  if (value.split('/').length === 1 && !(standardQuotaResources.has(value) || isQuotaHugePageResourceName(value))) {
    return [...errs, invalid(String(fldPath), value, 'must be a standard resource for quota')];
  }
  return errs;
}

/**
 * Parses a wire quantity. A malformed one is reported with upstream's decode message (upstream
 * rejects it while decoding JSON, before validation).
 */
export function parseQuantityAt(
  value: QuantityValue | undefined,
  fldPath: Path,
  errs: FieldError[],
): Quantity | undefined {
  const q = value === undefined ? undefined : parseQuantity(value);
  if (!q) errs.push(invalid(String(fldPath), value ?? '', quantityFormatError));
  return q;
}

/** Non-negative, and a whole number for countable resources (pods, services, extended resources). */
export function validateResourceQuantityValue(resource: string, q: Quantity, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (q.num < 0n) errs.push(invalid(String(fldPath), formatQuantity(q), isNegativeErrorMsg));
  if (isIntegerResourceName(resource) && quantityMilliValue(q) % 1000n !== 0n)
    errs.push(invalidStringer(String(fldPath), formatQuantity(q), isNotIntegerErrorMsg));
  return errs;
}

export function validatePositiveQuantityValue(q: Quantity, fldPath: Path): FieldError[] {
  return q.num <= 0n ? [invalid(String(fldPath), formatQuantity(q), isNotPositiveErrorMsg)] : [];
}

/** validateBasicResource: a quantity must not be negative (by its rounded value). */
export function validateBasicResource(q: Quantity, fldPath: Path): FieldError[] {
  const v = quantityValue(q);
  return v < 0n ? [invalid(String(fldPath), Number(v), 'must be a valid resource quantity')] : [];
}

/** Container (and pod overhead) resource requirements: names, quantities, requests ≤ limits. */
export function validateResourceRequirements(
  req: ResourceRequirements | undefined,
  fldPath: Path,
  nameFn = validateContainerResourceName,
): FieldError[] {
  const errs: FieldError[] = [];
  const limPath = fldPath.child('limits');
  const reqPath = fldPath.child('requests');
  const limits = new Map<string, Quantity>();
  let limCPUOrMemory = false;
  let reqCPUOrMemory = false;
  let hugePages = false;
  for (const [name, value] of Object.entries(req?.limits ?? {})) {
    const p = limPath.key(name);
    errs.push(...nameFn(name, p));
    const q = parseQuantityAt(value, p, errs);
    if (!q) continue;
    limits.set(name, q);
    errs.push(...validateResourceQuantityValue(name, q, p));
    if (isHugePageResourceName(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') limCPUOrMemory = true;
  }
  for (const [name, value] of Object.entries(req?.requests ?? {})) {
    const p = reqPath.key(name);
    errs.push(...nameFn(name, p));
    const q = parseQuantityAt(value, p, errs);
    if (!q) continue;
    errs.push(...validateResourceQuantityValue(name, q, p));
    const limit = limits.get(name);
    if (limit) {
      const cmp = compareQuantity(q, limit);
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        errs.push(
          invalid(String(reqPath), formatQuantity(q), `must be equal to ${name} limit of ${formatQuantity(limit)}`),
        );
      } else if (cmp > 0) {
        errs.push(
          invalid(
            String(reqPath),
            formatQuantity(q),
            `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`,
          ),
        );
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(String(limPath), 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePageResourceName(name)) hugePages = true;
    if (name === 'cpu' || name === 'memory') reqCPUOrMemory = true;
  }
  if (!limCPUOrMemory && !reqCPUOrMemory && hugePages)
    errs.push(forbidden(String(fldPath), 'HugePages require cpu or memory'));
  return errs;
}

function quantities(
  list: ResourceList | undefined,
  fldPath: Path,
  nameFn: (n: string, p: Path) => FieldError[],
  errs: FieldError[],
): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [k, v] of Object.entries(list ?? {})) {
    errs.push(...nameFn(k, fldPath.key(k)));
    const q = parseQuantityAt(v, fldPath.key(k), errs);
    if (q) out.set(k, q);
  }
  return out;
}

const standardLimitTypes = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);

export function validateLimitRange(lr: LimitRange): FieldError[] {
  const errs = validateObjectMeta(lr.metadata, true, validateLimitRangeName, Path.root('metadata'));
  const fldPath = Path.root('spec').child('limits');
  const seen = new Set<string>();
  (lr.spec?.limits ?? []).forEach((limit, i) => {
    const idx = fldPath.index(i);
    const type = limit.type ?? '';
    const typeErrs = isQualifiedName(type).map((msg) => invalid(String(idx.child('type')), type, msg));
    if (typeErrs.length === 0 && type.split('/').length === 1 && !standardLimitTypes.has(type)) {
      typeErrs.push(invalid(String(idx.child('type')), type, 'must be a standard limit type or fully qualified'));
    }
    errs.push(...typeErrs);
    if (seen.has(type)) errs.push(duplicate(String(idx.child('type')), type));
    seen.add(type);
    const nameFn = type === 'Pod' || type === 'Container' ? validateContainerResourceName : validateResourceName;
    const max = quantities(limit.max, idx.child('max'), nameFn, errs);
    const min = quantities(limit.min, idx.child('min'), nameFn, errs);
    let defaults = new Map<string, Quantity>();
    let defaultRequests = new Map<string, Quantity>();
    if (type === 'Pod') {
      if (Object.keys(limit.default ?? {}).length > 0)
        errs.push(forbidden(String(idx.child('default')), "may not be specified when `type` is 'Pod'"));
      if (Object.keys(limit.defaultRequest ?? {}).length > 0)
        errs.push(forbidden(String(idx.child('defaultRequest')), "may not be specified when `type` is 'Pod'"));
    } else {
      defaults = quantities(limit.default, idx.child('default'), nameFn, errs);
      defaultRequests = quantities(limit.defaultRequest, idx.child('defaultRequest'), nameFn, errs);
    }
    if (type === 'PersistentVolumeClaim' && !min.has('storage') && !max.has('storage')) {
      errs.push(
        required(
          String(idx.child('limits')),
          'either minimum or maximum storage value is required, but neither was provided',
        ),
      );
    }
    const ratios = quantities(limit.maxLimitRequestRatio, idx.child('maxLimitRequestRatio'), nameFn, errs);
    const keys = new Set([
      ...max.keys(),
      ...min.keys(),
      ...defaults.keys(),
      ...defaultRequests.keys(),
      ...ratios.keys(),
    ]);
    for (const k of keys) {
      const mn = min.get(k);
      const mx = max.get(k);
      const df = defaults.get(k);
      const dr = defaultRequests.get(k);
      const ratio = ratios.get(k);
      const f = formatQuantity;
      if (mn && mx && compareQuantity(mn, mx) > 0)
        errs.push(
          invalidStringer(
            String(idx.child('min').key(k)),
            f(mn),
            `min value ${f(mn)} is greater than max value ${f(mx)}`,
          ),
        );
      if (dr && mn && compareQuantity(mn, dr) > 0)
        errs.push(
          invalidStringer(
            String(idx.child('defaultRequest').key(k)),
            f(dr),
            `min value ${f(mn)} is greater than default request value ${f(dr)}`,
          ),
        );
      if (dr && mx && compareQuantity(dr, mx) > 0)
        errs.push(
          invalidStringer(
            String(idx.child('defaultRequest').key(k)),
            f(dr),
            `default request value ${f(dr)} is greater than max value ${f(mx)}`,
          ),
        );
      if (dr && df && compareQuantity(dr, df) > 0)
        errs.push(
          invalidStringer(
            String(idx.child('defaultRequest').key(k)),
            f(dr),
            `default request value ${f(dr)} is greater than default limit value ${f(df)}`,
          ),
        );
      if (df && mn && compareQuantity(mn, df) > 0)
        errs.push(
          invalidStringer(
            String(idx.child('default').key(k)),
            f(mn),
            `min value ${f(mn)} is greater than default value ${f(df)}`,
          ),
        );
      if (df && mx && compareQuantity(df, mx) > 0)
        errs.push(
          invalidStringer(
            String(idx.child('default').key(k)),
            f(mx),
            `default value ${f(df)} is greater than max value ${f(mx)}`,
          ),
        );
      if (ratio && ratio.num < ratio.den)
        errs.push(
          invalidStringer(
            String(idx.child('maxLimitRequestRatio').key(k)),
            f(ratio),
            `ratio ${f(ratio)} is less than 1`,
          ),
        );
      if (!isOvercommitAllowed(k) && df && dr && compareQuantity(df, dr) !== 0) {
        errs.push(
          invalidStringer(
            String(idx.child('defaultRequest').key(k)),
            f(dr),
            `default value ${f(df)} must equal to defaultRequest value ${f(dr)} in ${k}`,
          ),
        );
      }
    }
  });
  return errs;
}

export function validateLimitRangeUpdate(lr: LimitRange, old: LimitRange): FieldError[] {
  return [...validateObjectMetaUpdate(lr.metadata, old.metadata, Path.root('metadata')), ...validateLimitRange(lr)];
}

const quotaScopes = [
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
  'VolumeAttributesClass',
];

function validateQuotaList(list: ResourceList | undefined, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(list ?? {})) {
    const p = fldPath.key(k);
    errs.push(...validateResourceQuotaResourceName(k, p));
    const q = parseQuantityAt(v, p, errs);
    if (q) errs.push(...validateResourceQuantityValue(k, q, p));
  }
  return errs;
}

export function validateResourceQuotaSpec(rq: ResourceQuota, fld: Path): FieldError[] {
  const spec = rq.spec ?? {};
  const errs = validateQuotaList(spec.hard, fld.child('hard'));
  const scopes = spec.scopes ?? [];
  for (const scope of scopes)
    if (!quotaScopes.includes(scope)) errs.push(invalid(String(fld.child('scopes')), scopes, 'unsupported scope'));
  const has = (a: string, b: string) => scopes.includes(a) && scopes.includes(b);
  if (has('BestEffort', 'NotBestEffort') || has('Terminating', 'NotTerminating'))
    errs.push(invalid(String(fld.child('scopes')), scopes, 'conflicting scopes'));
  (spec.scopeSelector?.matchExpressions ?? []).forEach((req) => {
    const p = fld.child('scopeSelector').child('matchExpressions');
    if (!quotaScopes.includes(req.scopeName ?? ''))
      errs.push(invalid(String(p.child('scopeName')), req.scopeName ?? '', 'unsupported scope'));
    const values = req.values ?? [];
    if (req.operator === 'In' || req.operator === 'NotIn') {
      if (values.length === 0)
        errs.push(
          required(
            String(p.child('values')),
            "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
          ),
        );
    } else if (req.operator === 'Exists' || req.operator === 'DoesNotExist') {
      if (values.length !== 0)
        errs.push(
          invalid(
            String(p.child('values')),
            values,
            "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
          ),
        );
    } else {
      errs.push(invalid(String(p.child('operator')), req.operator ?? '', 'not a valid selector operator'));
    }
  });
  return errs;
}

export function validateResourceQuota(rq: ResourceQuota): FieldError[] {
  const status = Path.root('status');
  return [
    ...validateObjectMeta(rq.metadata, true, validateResourceQuotaName, Path.root('metadata')),
    ...validateResourceQuotaSpec(rq, Path.root('spec')),
    ...validateQuotaList(rq.status?.hard, status.child('hard')),
    ...validateQuotaList(rq.status?.used, status.child('used')),
  ];
}

export function validateResourceQuotaUpdate(rq: ResourceQuota, old: ResourceQuota): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(rq.metadata, old.metadata, Path.root('metadata')),
    ...validateResourceQuotaSpec(rq, Path.root('spec')),
  ];
  const a = new Set(rq.spec?.scopes ?? []);
  const b = new Set(old.spec?.scopes ?? []);
  if (a.size !== b.size || [...a].some((s) => !b.has(s)))
    errs.push(invalid('spec.scopes', rq.spec?.scopes ?? [], 'field is immutable'));
  return errs;
}

export function validateResourceQuotaStatusUpdate(rq: ResourceQuota, old: ResourceQuota): FieldError[] {
  const errs = validateObjectMetaUpdate(rq.metadata, old.metadata, Path.root('metadata'));
  if (!rq.metadata.resourceVersion) errs.push(required('resourceVersion'));
  errs.push(...validateQuotaList(rq.status?.hard, Path.root('status').child('hard')));
  errs.push(...validateQuotaList(rq.status?.used, Path.root('status').child('used')));
  return errs;
}
