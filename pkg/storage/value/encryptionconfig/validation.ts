/**
 * ValidateEncryptionConfiguration (k8s.io/apiserver/pkg/apis/apiserver/validation), with
 * upstream's field paths and wording. Key secrets are never printed ("REDACTED").
 */
import type { GroupResource } from '../../../apis/meta/v1/types.js';
import { type FieldError, invalid, omitValue, required } from '../../../util/validation/field/errors.js';
import type { EncryptionConfiguration, Key, ProviderConfiguration } from './types.js';

const moreThanOneElement =
  'more than one provider specified in a single element, should split into different list elements';
const noProvider = 'provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity';
const eventsGroup =
  "'*.events.k8s.io' objects are stored using the 'events' API group in etcd. Use 'events' instead in the config file";
const extensionsGroup = "'extensions' group has been removed and cannot be used for encryption";
const starResource = "use '*.' to encrypt all the resources from core API group or *.* to encrypt all resources";
const overlap =
  "using overlapping resources such as 'secrets' and '*.' in the same resource list is not allowed as they will be masked";
const nonRESTAPIResource = 'resources which do not have REST API/s cannot be encrypted';
const resourceName = 'resource name should not contain capital letters';
const resourceAcrossGroup = 'encrypting the same resource across groups is not supported';
const duplicateResource = 'the same resource cannot be specified multiple times';

export const aesKeySizes = [16, 24, 32];
export const secretboxKeySizes = [32];

/** schema.ParseGroupResource: `deployments.apps` → apps/deployments, `*.` → every core resource. */
export function parseGroupResource(text: string): GroupResource {
  const dot = text.indexOf('.');
  return dot < 0 ? { group: '', resource: text } : { group: text.slice(dot + 1), resource: text.slice(0, dot) };
}

export function validateEncryptionConfiguration(c: EncryptionConfiguration): FieldError[] {
  const errs: FieldError[] = [];
  if (c.resources.length === 0) return [required('resources', 'at least one resources is required')];
  for (const [i, conf] of c.resources.entries()) {
    const r = `resources[${i}].resources`;
    const p = `resources[${i}].providers`;
    if (conf.resources.length === 0) errs.push(required(r, `at least one ${r} is required`));
    errs.push(...validateResourceOverlap(conf.resources, r), ...validateResourceNames(conf.resources, r));
    if (conf.providers.length === 0) errs.push(required(p, `at least one ${p} is required`));
    for (const [j, provider] of conf.providers.entries()) {
      const at = `${p}[${j}]`;
      const single = validateSingleProvider(provider, at);
      errs.push(...single);
      if (single.length > 0) continue;
      if (provider.aesgcm) errs.push(...validateKeys(provider.aesgcm.keys, `${at}.aesgcm.keys`, aesKeySizes));
      if (provider.aescbc) errs.push(...validateKeys(provider.aescbc.keys, `${at}.aescbc.keys`, aesKeySizes));
      if (provider.secretbox)
        errs.push(...validateKeys(provider.secretbox.keys, `${at}.secretbox.keys`, secretboxKeySizes));
      if (provider.kms) errs.push(invalid(`${at}.kms`, omitValue, 'KMS providers are not supported by this server'));
    }
  }
  return errs;
}

function validateResourceOverlap(resources: string[], at: string): FieldError[] {
  if (resources.length < 2) return [];
  const grs = resources.map(parseGroupResource);
  let hasOverlap = false;
  let hasDuplicate = false;
  for (const [i, r1] of grs.entries()) {
    for (const [j, r2] of grs.entries()) {
      if (i === j) continue;
      if (r1.group === r2.group && r1.resource === r2.resource) {
        hasDuplicate = true;
        continue;
      }
      if (r1.group === '*' && r1.resource === '*') hasOverlap = true;
      else if (r1.group === r2.group && (r1.resource === '*' || r2.resource === '*')) hasOverlap = true;
    }
  }
  const errs: FieldError[] = [];
  if (hasDuplicate) errs.push(invalid(at, resources, duplicateResource));
  if (hasOverlap) errs.push(invalid(at, resources, overlap));
  return errs;
}

function validateResourceNames(resources: string[], at: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [j, res] of resources.entries()) {
    const path = `${at}[${j}]`;
    const gr = parseGroupResource(res);
    let why: string | undefined;
    if (/[A-Z]/.test(res)) why = resourceName;
    else if (res === '*') why = starResource;
    else if (['apiserveripinfo', 'serviceipallocations', 'servicenodeportallocations'].includes(res))
      why = nonRESTAPIResource;
    else if (gr.group === 'events.k8s.io') why = eventsGroup;
    else if (gr.group === 'extensions') why = extensionsGroup;
    else if (gr.group === '*' && gr.resource !== '*') why = resourceAcrossGroup;
    if (why) errs.push(invalid(path, res, why));
  }
  return errs;
}

function validateSingleProvider(provider: ProviderConfiguration, at: string): FieldError[] {
  const found = [provider.kms, provider.aesgcm, provider.aescbc, provider.secretbox, provider.identity].filter(
    (p) => p !== undefined,
  ).length;
  if (found === 0) return [invalid(at, provider, noProvider)];
  if (found > 1) return [invalid(at, omitValue, moreThanOneElement)];
  return [];
}

function validateKeys(keys: Key[], at: string, sizes: number[]): FieldError[] {
  if (keys.length === 0) return [required(at, 'at least one keys is required')];
  return keys.flatMap((key, i) => validateKey(key, `${at}[${i}]`, sizes));
}

function validateKey(key: Key, at: string, sizes: number[]): FieldError[] {
  const errs: FieldError[] = [];
  if (key.name === '') errs.push(required(`${at}.name`, 'name is a mandatory field for a key'));
  if (key.secret === '') return [...errs, required(`${at}.secret`, 'secret is a mandatory field for a key')];
  const secret = decodeBase64(key.secret);
  if (!secret) return [...errs, invalid(`${at}.secret`, 'REDACTED', 'secrets must be base64 encoded')];
  if (!sizes.includes(secret.length)) {
    errs.push(
      invalid(
        `${at}.secret`,
        'REDACTED',
        `secret is not of the expected length, got ${secret.length}, expected one of [${sizes.join(' ')}]`,
      ),
    );
  }
  return errs;
}

/** Standard base64 (with padding), as Go's StdEncoding: undefined when malformed. */
export function decodeBase64(text: string): Buffer | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}
