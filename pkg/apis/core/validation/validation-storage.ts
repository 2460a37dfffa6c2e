/**
 * PersistentVolume and PersistentVolumeClaim validation (pkg/apis/core/validation:
 * ValidatePersistentVolume*, ValidatePersistentVolumeClaim*). Volume sources are checked for
 * presence and uniqueness; the common ones (hostPath, nfs, local, csi) for their required fields.
 */
import { semanticDeepEqual } from '../../../api/validation/equality.js';
import { compareQuantity, parseQuantity } from '../../../api/resource/quantity.js';
import { validateLabelSelector } from '../../meta/v1/validation/validation.js';
import { forbidden, invalid, notSupported, Path, type FieldError } from '../../../util/validation/field/errors.js';
import { isDNS1123Subdomain } from '../../../util/validation/validation.js';
import type { PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec } from '../v1/types.js';
import {
  parseQuantityAt,
  validateBasicResource,
  validatePositiveQuantityValue,
  validateResourceQuantityValue,
} from './validation-resources.js';
import { validatePathNoBacksteps } from './validation-volumes.js';
import {
  nameErrors,
  requiredAt,
  validateClassName,
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validatePersistentVolumeName,
} from './validation.js';

const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const reclaimPolicies = ['Delete', 'Recycle', 'Retain'];
const volumeModes = ['Block', 'Filesystem'];
const pvSources = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'flocker',
  'nfs',
  'rbd',
  'quobyte',
  'cephfs',
  'iscsi',
  'cinder',
  'fc',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'scaleIO',
  'local',
  'storageos',
  'csi',
];

function validateAccessModes(modes: string[] | undefined, fldPath: Path, requiredDetail: string): FieldError[] {
  const list = modes ?? [];
  const errs: FieldError[] = [];
  if (list.length === 0) errs.push(requiredAt(fldPath, requiredDetail));
  let rwop = false;
  let other = false;
  for (const m of list) {
    if (!accessModes.includes(m)) errs.push(notSupported(String(fldPath), m, accessModes));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (accessModes.includes(m)) other = true;
  }
  if (rwop && other) errs.push(forbidden(String(fldPath), 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function validatePersistentVolume(pv: PersistentVolume): FieldError[] {
  const errs = validateObjectMeta(pv.metadata, false, validatePersistentVolumeName, Path.root('metadata'));
  const spec = pv.spec ?? {};
  const specPath = Path.root('spec');
  errs.push(...validateAccessModes(spec.accessModes, specPath.child('accessModes'), ''));
  const capacity = spec.capacity ?? {};
  if (Object.keys(capacity).length === 0) errs.push(requiredAt(specPath.child('capacity')));
  if (!('storage' in capacity) || Object.keys(capacity).length > 1)
    errs.push(notSupported(String(specPath.child('capacity')), capacity, ['storage']));
  for (const [k, v] of Object.entries(capacity)) {
    const p = specPath.child('capacity').key(k);
    const q = parseQuantityAt(v, p, errs);
    if (q) errs.push(...validateBasicResource(q, p), ...validatePositiveQuantityValue(q, p));
  }
  if (spec.persistentVolumeReclaimPolicy && !reclaimPolicies.includes(spec.persistentVolumeReclaimPolicy)) {
    errs.push(
      notSupported(
        String(specPath.child('persistentVolumeReclaimPolicy')),
        spec.persistentVolumeReclaimPolicy,
        reclaimPolicies,
      ),
    );
  }
  let count = 0;
  for (const key of pvSources) {
    const src = spec[key] as Record<string, unknown> | undefined | null;
    if (src === undefined || src === null) continue;
    if (count > 0) {
      errs.push(forbidden(String(specPath.child(key)), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    const p = specPath.child(key);
    if (key === 'hostPath' || key === 'local') {
      if (!str(src['path'])) errs.push(requiredAt(p.child('path')));
      else errs.push(...validatePathNoBacksteps(str(src['path']), p.child('path')));
      if (key === 'local' && !spec.nodeAffinity)
        errs.push(requiredAt(specPath.child('nodeAffinity'), 'Local volume requires node affinity'));
    } else if (key === 'nfs') {
      if (!str(src['server'])) errs.push(requiredAt(p.child('server')));
      if (!str(src['path'])) errs.push(requiredAt(p.child('path')));
      if (!str(src['path']).startsWith('/'))
        errs.push(invalid(String(p.child('path')), str(src['path']), 'must be an absolute path'));
    } else if (key === 'csi') {
      const driver = str(src['driver']);
      if (!driver) errs.push(requiredAt(p.child('driver')));
      errs.push(...isDNS1123Subdomain(driver.toLowerCase()).map((m) => invalid(String(p.child('driver')), driver, m)));
      if (!str(src['volumeHandle'])) errs.push(requiredAt(p.child('volumeHandle')));
    }
  }
  if (count === 0) errs.push(requiredAt(specPath, 'must specify a volume type'));
  if (
    spec.hostPath &&
    spec.persistentVolumeReclaimPolicy === 'Recycle' &&
    str((spec.hostPath as Record<string, unknown>)['path']).replace(/\/+$/, '') === ''
  ) {
    errs.push(
      forbidden(
        String(specPath.child('persistentVolumeReclaimPolicy')),
        "may not be 'recycle' for a hostPath mount of '/'",
      ),
    );
  }
  if (spec.storageClassName)
    errs.push(...nameErrors(validateClassName, spec.storageClassName, specPath.child('storageClassName')));
  if (spec.volumeMode !== undefined && !volumeModes.includes(spec.volumeMode))
    errs.push(notSupported(String(specPath.child('volumeMode')), spec.volumeMode, volumeModes));
  if (spec.nodeAffinity && !spec.nodeAffinity.required)
    errs.push(requiredAt(specPath.child('nodeAffinity').child('required'), 'must specify required node constraints'));
  return errs;
}

function persistentVolumeSource(pv: PersistentVolume): Record<string, unknown> {
  return Object.fromEntries(pvSources.map((k) => [k, pv.spec?.[k]]));
}

export function validatePersistentVolumeUpdate(pv: PersistentVolume, old: PersistentVolume): FieldError[] {
  const errs = validatePersistentVolume(pv);
  const newSource = persistentVolumeSource(pv);
  const oldCSI = old.spec?.csi as Record<string, unknown> | undefined;
  const newCSI = newSource['csi'] as Record<string, unknown> | undefined;
  // Adding controllerExpandSecretRef to a CSI volume that had none is allowed.
  if (oldCSI && !oldCSI['controllerExpandSecretRef'] && newCSI?.['controllerExpandSecretRef']) {
    newSource['csi'] = { ...newCSI, controllerExpandSecretRef: undefined };
  }
  if (!semanticDeepEqual(newSource, persistentVolumeSource(old))) {
    errs.push(forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation\n'));
  }
  errs.push(...validateImmutableField(pv.spec?.volumeMode, old.spec?.volumeMode, Path.root('volumeMode')));
  if (old.spec?.nodeAffinity && !semanticDeepEqual(pv.spec?.nodeAffinity, old.spec.nodeAffinity)) {
    errs.push(
      invalid(
        'nodeAffinity',
        pv.spec?.nodeAffinity ?? null,
        'field is immutable, except for updating from beta label to GA',
      ),
    );
  }
  return errs;
}

export function validatePersistentVolumeStatusUpdate(pv: PersistentVolume, old: PersistentVolume): FieldError[] {
  const errs = validateObjectMetaUpdate(pv.metadata, old.metadata, Path.root('metadata'));
  if (!pv.metadata.resourceVersion) errs.push(requiredAt(Path.root('resourceVersion')));
  return errs;
}

export function validatePersistentVolumeClaimSpec(spec: PersistentVolumeClaimSpec, fldPath: Path): FieldError[] {
  const errs = validateAccessModes(
    spec.accessModes,
    fldPath.child('accessModes'),
    'at least 1 access mode is required',
  );
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, {}, fldPath.child('selector')));
  const storagePath = fldPath.child('resources').key('storage');
  const storage = spec.resources?.requests?.['storage'];
  if (storage === undefined) errs.push(requiredAt(storagePath));
  else {
    const q = parseQuantityAt(storage, storagePath, errs);
    if (q) {
      const pos = validatePositiveQuantityValue(q, storagePath);
      errs.push(...(pos.length > 0 ? pos : validateResourceQuantityValue('storage', q, storagePath)));
    }
  }
  if (spec.storageClassName)
    errs.push(...nameErrors(validateClassName, spec.storageClassName, fldPath.child('storageClassName')));
  if (spec.volumeMode !== undefined && !volumeModes.includes(spec.volumeMode))
    errs.push(notSupported(String(fldPath.child('volumeMode')), spec.volumeMode, volumeModes));
  for (const key of ['dataSource', 'dataSourceRef'] as const) {
    const ds = spec[key];
    if (!ds) continue;
    const p = fldPath.child(key);
    if (!ds.name) errs.push(requiredAt(p.child('name')));
    if (!ds.kind) errs.push(requiredAt(p.child('kind')));
    if (!ds.apiGroup && ds.kind !== 'PersistentVolumeClaim')
      errs.push(
        invalid(String(p), ds.kind ?? '', "must be 'PersistentVolumeClaim' when referencing the default apiGroup"),
      );
    if (ds.apiGroup)
      errs.push(...isDNS1123Subdomain(ds.apiGroup).map((m) => invalid(String(p.child('apiGroup')), ds.apiGroup, m)));
  }
  return errs;
}

export function validatePersistentVolumeClaim(pvc: PersistentVolumeClaim): FieldError[] {
  return [
    ...validateObjectMeta(pvc.metadata, true, validatePersistentVolumeName, Path.root('metadata')),
    ...validatePersistentVolumeClaimSpec(pvc.spec ?? {}, Path.root('spec')),
  ];
}

/** Claims are immutable except volumeName (once) and, for bound claims, the storage request. */
export function validatePersistentVolumeClaimUpdate(
  pvc: PersistentVolumeClaim,
  old: PersistentVolumeClaim,
): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(pvc.metadata, old.metadata, Path.root('metadata')),
    ...validatePersistentVolumeClaim(pvc),
  ];
  const newSpec: PersistentVolumeClaimSpec = structuredClone(pvc.spec ?? {});
  const oldSpec: PersistentVolumeClaimSpec = structuredClone(old.spec ?? {});
  if (!oldSpec.volumeName) oldSpec.volumeName = newSpec.volumeName;
  if (oldSpec.storageClassName === undefined && newSpec.storageClassName !== undefined)
    oldSpec.storageClassName = newSpec.storageClassName;
  const bound = pvc.status?.phase === 'Bound';
  if (bound && newSpec.resources?.requests)
    newSpec.resources.requests['storage'] = old.spec?.resources?.requests?.['storage'] ?? '';
  if (bound && newSpec.volumeAttributesClassName !== undefined)
    newSpec.volumeAttributesClassName = oldSpec.volumeAttributesClassName;
  if (!semanticDeepEqual(newSpec, oldSpec)) {
    errs.push(
      forbidden(
        'spec',
        'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n',
      ),
    );
  }
  const newSize = parseQuantity(pvc.spec?.resources?.requests?.['storage'] ?? '0');
  const oldSize = parseQuantity(old.spec?.resources?.requests?.['storage'] ?? '0');
  const statusSize = parseQuantity(old.status?.capacity?.['storage'] ?? '0');
  if (
    newSize &&
    oldSize &&
    statusSize &&
    compareQuantity(newSize, oldSize) < 0 &&
    compareQuantity(newSize, statusSize) <= 0
  ) {
    errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  }
  errs.push(...validateImmutableField(pvc.spec?.volumeMode, old.spec?.volumeMode, Path.root('volumeMode')));
  return errs;
}

export function validatePersistentVolumeClaimStatusUpdate(
  pvc: PersistentVolumeClaim,
  old: PersistentVolumeClaim,
): FieldError[] {
  const errs = validateObjectMetaUpdate(pvc.metadata, old.metadata, Path.root('metadata'));
  if (!pvc.metadata.resourceVersion) errs.push(requiredAt(Path.root('resourceVersion')));
  if ((pvc.spec?.accessModes ?? []).length === 0) errs.push(requiredAt(Path.root('Spec').child('accessModes')));
  for (const [k, v] of Object.entries(pvc.status?.capacity ?? {})) {
    const p = Path.root('status').child('capacity').key(k);
    const q = parseQuantityAt(v, p, errs);
    if (q) errs.push(...validateBasicResource(q, p));
  }
  return errs;
}
