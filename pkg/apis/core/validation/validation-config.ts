/**
 * ConfigMap, Secret and ServiceAccount validation (pkg/apis/core/validation: ValidateConfigMap*,
 * ValidateSecret*, ValidateServiceAccount*). Secret data arrives base64-encoded; sizes count the
 * decoded bytes, as upstream counts []byte lengths.
 */
import { forbidden, invalid, Path, required, tooLong, type FieldError } from '../../../util/validation/field/errors.js';
import { isConfigMapKey } from '../../../util/validation/validation.js';
import type { ConfigMap, Secret, ServiceAccount } from '../v1/types.js';
import {
  validateConfigMapName,
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateSecretName,
  validateServiceAccountName,
} from './validation.js';

/** 1 MiB: the most data a ConfigMap or Secret may hold (upstream MaxSecretSize). */
export const maxSecretSize = 1024 * 1024;
const immutableMsg = 'field is immutable when `immutable` is set';
const base64Regexp = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decoded bytes of a base64 value, or undefined when it is not valid base64 (standard alphabet, padded). */
export function decodeBase64(value: string): Buffer | undefined {
  return base64Regexp.test(value) ? Buffer.from(value, 'base64') : undefined;
}

function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b ?? {}, k) && b?.[k] === a?.[k]);
}

export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, true, validateConfigMapName, Path.root('metadata'));
  let total = 0;
  for (const [key, value] of Object.entries(cm.data ?? {})) {
    const p = String(Path.root('data').key(key));
    for (const msg of isConfigMapKey(key)) errs.push(invalid(p, key, msg));
    if (cm.binaryData && Object.hasOwn(cm.binaryData, key))
      errs.push(invalid(p, key, 'duplicate of key present in binaryData'));
    total += Buffer.byteLength(value ?? '');
  }
  for (const [key, value] of Object.entries(cm.binaryData ?? {})) {
    const p = String(Path.root('binaryData').key(key));
    for (const msg of isConfigMapKey(key)) errs.push(invalid(p, key, msg));
    const bytes = decodeBase64(value ?? '');
    if (!bytes) errs.push(invalid(p, '<binary data>', 'must be base64-encoded'));
    total += bytes?.length ?? 0;
  }
  // Upstream reports the whole object (an empty path) when it is too big.
  if (total > maxSecretSize) errs.push(tooLong('', maxSecretSize));
  return errs;
}

export function validateConfigMapUpdate(cm: ConfigMap, old: ConfigMap): FieldError[] {
  const errs = validateObjectMetaUpdate(cm.metadata, old.metadata, Path.root('metadata'));
  if (old.immutable === true) {
    if (cm.immutable !== true) errs.push(forbidden('immutable', immutableMsg));
    if (!sameMap(cm.data, old.data)) errs.push(forbidden('data', immutableMsg));
    if (!sameMap(cm.binaryData, old.binaryData)) errs.push(forbidden('binaryData', immutableMsg));
  }
  return errs.concat(validateConfigMap(cm));
}

function validJSON(bytes: Buffer | undefined): string | undefined {
  try {
    const v: unknown = JSON.parse((bytes ?? Buffer.alloc(0)).toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? undefined
      : 'json: cannot unmarshal into Go value of type map[string]interface {}';
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export function validateSecret(secret: Secret): FieldError[] {
  const errs = validateObjectMeta(secret.metadata, true, validateSecretName, Path.root('metadata'));
  const dataPath = Path.root('data');
  const decoded = new Map<string, Buffer>();
  let total = 0;
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    for (const msg of isConfigMapKey(key)) errs.push(invalid(String(dataPath.key(key)), key, msg));
    const bytes = decodeBase64(value ?? '');
    if (!bytes) {
      errs.push(invalid(String(dataPath.key(key)), '<secret contents redacted>', 'must be base64-encoded'));
      continue;
    }
    decoded.set(key, bytes);
    total += bytes.length;
  }
  if (total > maxSecretSize) errs.push(tooLong(String(dataPath), maxSecretSize));
  const need = (key: string) => {
    if (!decoded.has(key)) errs.push(required(String(dataPath.key(key))));
  };
  switch (secret.type ?? '') {
    case 'kubernetes.io/service-account-token':
      if (!secret.metadata.annotations?.['kubernetes.io/service-account.name']) {
        errs.push(
          required(String(Path.root('metadata').child('annotations').key('kubernetes.io/service-account.name'))),
        );
      }
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = secret.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!decoded.has(key)) {
        need(key);
        break;
      }
      const problem = validJSON(decoded.get(key));
      if (problem) errs.push(invalid(String(dataPath.key(key)), '<secret contents redacted>', problem));
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!decoded.has('username') && !decoded.has('password')) {
        need('username');
        need('password');
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if ((decoded.get('ssh-privatekey')?.length ?? 0) === 0)
        errs.push(required(String(dataPath.key('ssh-privatekey'))));
      break;
    case 'kubernetes.io/tls':
      need('tls.crt');
      need('tls.key');
      break;
  }
  return errs;
}

export function validateSecretUpdate(secret: Secret, old: Secret): FieldError[] {
  const errs = validateObjectMetaUpdate(secret.metadata, old.metadata, Path.root('metadata'));
  errs.push(...validateImmutableField(secret.type ?? '', old.type ?? '', Path.root('type')));
  if (old.immutable === true) {
    if (secret.immutable !== true) errs.push(forbidden('immutable', immutableMsg));
    if (!sameMap(secret.data, old.data)) errs.push(forbidden('data', immutableMsg));
  }
  return errs.concat(validateSecret(secret));
}

export function validateServiceAccount(sa: ServiceAccount): FieldError[] {
  return validateObjectMeta(sa.metadata, true, validateServiceAccountName, Path.root('metadata'));
}

export function validateServiceAccountUpdate(sa: ServiceAccount, old: ServiceAccount): FieldError[] {
  return [...validateObjectMetaUpdate(sa.metadata, old.metadata, Path.root('metadata')), ...validateServiceAccount(sa)];
}
