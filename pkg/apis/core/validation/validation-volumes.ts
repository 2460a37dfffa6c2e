/**
 * Pod volume validation (pkg/apis/core/validation: ValidateVolumes, validateVolumeSource and the
 * per-source checks). The common sources (emptyDir, hostPath, secret, configMap,
 * persistentVolumeClaim, downwardAPI, projected, nfs, csi, ephemeral, image) get upstream's field
 * checks; the legacy in-tree cloud sources only take part in the one-source-per-volume rule.
 */
import type { ObjectMeta } from '../../meta/v1/types.js';
import {
  duplicate,
  forbidden,
  invalid,
  notSupported,
  tooLong,
  type FieldError,
  type Path,
} from '../../../util/validation/field/errors.js';
import { isDNS1123Subdomain } from '../../../util/validation/validation.js';
import type { KeyToPath, Volume } from '../v1/types.js';
import { parseQuantity } from '../../../api/resource/quantity.js';
import {
  fileModeErrorMsg,
  requiredAt,
  validateDNS1123Label,
  validatePersistentVolumeName,
  validateSecretName,
} from './validation.js';

// Upstream's check order, with the path it reports a second source at (typos included).
const sourceOrder: readonly [key: string, forbiddenPath: string][] = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

const hostPathTypes = [
  '',
  'BlockDevice',
  'CharDevice',
  'Directory',
  'DirectoryOrCreate',
  'File',
  'FileOrCreate',
  'Socket',
];
const pullPolicies = ['Always', 'IfNotPresent', 'Never'];

/** `..` may not appear as a path element (upstream validatePathNoBacksteps). */
export function validatePathNoBacksteps(target: string, fldPath: Path): FieldError[] {
  return target.replaceAll('\\', '/').split('/').includes('..')
    ? [invalid(String(fldPath), target, "must not contain '..'")]
    : [];
}

/** Relative and without `..` elements. */
export function validateLocalDescendingPath(target: string, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(invalid(String(fldPath), target, 'must be a relative path'));
  return errs.concat(validatePathNoBacksteps(target, fldPath));
}

/** Also may not start with `..` (e.g. `..data`, reserved by the atomic writer). */
export function validateLocalNonReservedPath(target: string, fldPath: Path): FieldError[] {
  const errs = validateLocalDescendingPath(target, fldPath);
  if (target.startsWith('..') && !target.startsWith('../'))
    errs.push(invalid(String(fldPath), target, "must not start with '..'"));
  return errs;
}

function validateMode(mode: number | undefined, fldPath: Path): FieldError[] {
  return mode !== undefined && (mode > 0o777 || mode < 0) ? [invalid(String(fldPath), mode, fileModeErrorMsg)] : [];
}

function validateKeyToPath(kp: KeyToPath, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (!kp.key) errs.push(requiredAt(fldPath.child('key')));
  if (!kp.path) errs.push(requiredAt(fldPath.child('path')));
  errs.push(...validateLocalNonReservedPath(kp.path ?? '', fldPath.child('path')));
  return errs.concat(validateMode(kp.mode, fldPath.child('mode')));
}

function validateItems(items: KeyToPath[] | undefined, fldPath: Path): FieldError[] {
  return (items ?? []).flatMap((kp, i) => validateKeyToPath(kp, fldPath.index(i)));
}

function validateSource(v: Volume, key: string, fldPath: Path, podMeta: ObjectMeta | undefined): FieldError[] {
  const errs: FieldError[] = [];
  switch (key) {
    case 'emptyDir': {
      const limit = v.emptyDir?.sizeLimit;
      const q = limit === undefined ? undefined : parseQuantity(limit);
      if (limit !== undefined && (!q || q.num < 0n))
        errs.push(
          forbidden(
            String(fldPath.child('emptyDir').child('sizeLimit')),
            'SizeLimit field must be a valid resource quantity',
          ),
        );
      break;
    }
    case 'hostPath': {
      const p = fldPath.child('hostPath');
      if (!v.hostPath?.path) return [requiredAt(p.child('path'))];
      errs.push(...validatePathNoBacksteps(v.hostPath.path, p.child('path')));
      const t = v.hostPath.type;
      if (t !== undefined && !hostPathTypes.includes(t))
        errs.push(notSupported(String(p.child('type')), t, hostPathTypes));
      break;
    }
    case 'secret': {
      const p = fldPath.child('secret');
      if (!v.secret?.secretName) errs.push(requiredAt(p.child('secretName')));
      errs.push(
        ...validateMode(v.secret?.defaultMode, p.child('defaultMode')),
        ...validateItems(v.secret?.items, p.child('items')),
      );
      break;
    }
    case 'configMap': {
      const p = fldPath.child('configMap');
      if (!v.configMap?.name) errs.push(requiredAt(p.child('name')));
      errs.push(
        ...validateMode(v.configMap?.defaultMode, p.child('defaultMode')),
        ...validateItems(v.configMap?.items, p.child('items')),
      );
      break;
    }
    case 'persistentVolumeClaim':
      if (!v.persistentVolumeClaim?.claimName)
        errs.push(requiredAt(fldPath.child('persistentVolumeClaim').child('claimName')));
      break;
    case 'nfs': {
      const p = fldPath.child('nfs');
      if (!v.nfs?.server) errs.push(requiredAt(p.child('server')));
      if (!v.nfs?.path) errs.push(requiredAt(p.child('path')));
      if (!(v.nfs?.path ?? '').startsWith('/'))
        errs.push(invalid(String(p.child('path')), v.nfs?.path ?? '', 'must be an absolute path'));
      break;
    }
    case 'downwardAPI': {
      const p = fldPath.child('downwardAPI');
      errs.push(...validateMode(v.downwardAPI?.defaultMode, p.child('defaultMode')));
      for (const item of v.downwardAPI?.items ?? []) {
        const path = typeof item['path'] === 'string' ? item['path'] : '';
        if (!path) errs.push(requiredAt(p.child('path')));
        errs.push(...validateLocalNonReservedPath(path, p.child('path')));
        if (!item['fieldRef'] && !item['resourceFieldRef'])
          errs.push(requiredAt(p, 'one of fieldRef and resourceFieldRef is required'));
        if (item['fieldRef'] && item['resourceFieldRef'])
          errs.push(
            invalid(String(p), 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'),
          );
      }
      break;
    }
    case 'projected': {
      const p = fldPath.child('projected');
      errs.push(...validateMode(v.projected?.defaultMode, p.child('defaultMode')));
      (v.projected?.sources ?? []).forEach((source, i) => {
        const srcPath = p.child('sources').index(i);
        const kinds = Object.keys(source).filter((k) => source[k] !== undefined && source[k] !== null);
        if (kinds.length > 1)
          errs.push(forbidden(String(srcPath), 'may not specify more than 1 volume type per source'));
        const secret = source['secret'];
        if (secret && !secret['name']) errs.push(requiredAt(srcPath.child('secret').child('name')));
        const cm = source['configMap'];
        if (cm && !cm['name']) errs.push(requiredAt(srcPath.child('configMap').child('name')));
        const token = source['serviceAccountToken'];
        if (token) {
          const exp = typeof token['expirationSeconds'] === 'number' ? token['expirationSeconds'] : 0;
          if (exp < 600)
            errs.push(
              invalid(
                String(srcPath.child('serviceAccountToken').child('expirationSeconds')),
                exp,
                'may not specify a duration less than 10 minutes',
              ),
            );
          if (exp > 2 ** 32)
            errs.push(
              invalid(
                String(srcPath.child('serviceAccountToken').child('expirationSeconds')),
                exp,
                'may not specify a duration larger than 2^32 seconds',
              ),
            );
          if (!token['path']) errs.push(requiredAt(p.child('path')));
          else errs.push(...validateLocalNonReservedPath(String(token['path']), p.child('path')));
        }
      });
      break;
    }
    case 'csi': {
      const p = fldPath.child('csi');
      const driver = v.csi?.driver ?? '';
      if (!driver) errs.push(requiredAt(p.child('driver')));
      if (driver.length > 63) errs.push(tooLong(String(p.child('driver')), 63));
      errs.push(
        ...isDNS1123Subdomain(driver.toLowerCase()).map((msg) => invalid(String(p.child('driver')), driver, msg)),
      );
      const ref = v.csi?.nodePublishSecretRef;
      if (ref) {
        if (!ref.name) errs.push(requiredAt(p.child('nodePublishSecretRef').child('name')));
        else
          errs.push(
            ...validateSecretName(ref.name, false).map((msg) => invalid(String(p.child('name')), ref.name ?? '', msg)),
          );
      }
      break;
    }
    case 'ephemeral': {
      const p = fldPath.child('ephemeral');
      if (!v.ephemeral?.volumeClaimTemplate) {
        errs.push(requiredAt(p.child('volumeClaimTemplate')));
      } else if (podMeta?.name && v.name) {
        const pvcName = `${podMeta.name}-${v.name}`;
        for (const msg of validatePersistentVolumeName(pvcName, false))
          errs.push(invalid(String(fldPath.child('name')), v.name, `PVC name ${JSON.stringify(pvcName)}: ${msg}`));
      }
      break;
    }
    case 'image': {
      const p = fldPath.child('image');
      if (podMeta && !v.image?.reference) errs.push(requiredAt(p.child('reference')));
      const policy = v.image?.pullPolicy ?? '';
      if (policy === '') errs.push(requiredAt(p.child('pullPolicy')));
      else if (!pullPolicies.includes(policy))
        errs.push(notSupported(String(p.child('pullPolicy')), policy, pullPolicies));
      break;
    }
  }
  return errs;
}

/**
 * Validates the pod's volumes; returns the valid ones by name (for volumeMounts checks) and the
 * errors. `podMeta` is the pod's metadata for real pods, undefined for templates.
 */
export function validateVolumes(
  volumes: Volume[] | undefined,
  podMeta: ObjectMeta | undefined,
  fldPath: Path,
): { vols: Map<string, Volume>; errs: FieldError[] } {
  const vols = new Map<string, Volume>();
  const errs: FieldError[] = [];
  const createdPVCs = new Set<string>();
  if (podMeta?.name) for (const v of volumes ?? []) if (v.ephemeral) createdPVCs.add(`${podMeta.name}-${v.name ?? ''}`);
  (volumes ?? []).forEach((v, i) => {
    const idx = fldPath.index(i);
    const el: FieldError[] = [];
    let count = 0;
    for (const [key, forbiddenPath] of sourceOrder) {
      if (v[key] === undefined || v[key] === null) continue;
      if (count > 0) {
        el.push(forbidden(String(idx.child(forbiddenPath)), 'may not specify more than 1 volume type'));
        continue;
      }
      count++;
      el.push(...validateSource(v, key, idx, podMeta));
    }
    if (count === 0) el.push(requiredAt(idx, 'must specify a volume type'));
    const name = v.name ?? '';
    if (name === '') el.push(requiredAt(idx.child('name')));
    else el.push(...validateDNS1123Label(name, idx.child('name')));
    if (vols.has(name)) el.push(duplicate(String(idx.child('name')), name));
    if (el.length === 0) vols.set(name, v);
    else errs.push(...el);
    const claim = v.persistentVolumeClaim?.claimName;
    if (claim && createdPVCs.has(claim)) {
      errs.push(
        invalid(
          String(idx.child('persistentVolumeClaim').child('claimName')),
          claim,
          'must not reference a PVC that gets created for an ephemeral volume',
        ),
      );
    }
  });
  return { vols, errs };
}
