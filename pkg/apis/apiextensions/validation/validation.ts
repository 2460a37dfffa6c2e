/**
 * CustomResourceDefinition validation (apiextensions-apiserver pkg/apis/apiextensions/validation):
 * name = plural.group, names, scope, versions (unique DNS-1035 names, exactly one storage
 * version, schemas required), per-version schema (schema.ts), subresources, printer columns,
 * selectable fields, conversion, storedVersions, API approval for protected groups.
 *
 * Field paths are upstream's internal ones: a v1 CRD whose versions all carry the same schema
 * (or subresources, or printer columns) is validated with it at the top level, so its errors read
 * `spec.validation.openAPIV3Schema…` (`spec.subresources…`, `spec.additionalPrinterColumns…`), as
 * a real API server reports them; otherwise `spec.versions[i].schema.openAPIV3Schema…`.
 */
import {
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../../api/validation/objectmeta.js';
import { validFieldPath } from '../../../apiextensions/schema/cel/fieldpath.js';
import { newStructural, type Structural, StructuralError } from '../../../apiextensions/schema/structural.js';
import { jsonEqual } from '../../../apiextensions/validation/validation.js';
import {
  duplicate,
  type FieldError,
  forbidden,
  invalid,
  notSupported,
  Path,
  required,
  tooMany,
} from '../../../util/validation/field/errors.js';
import { isDNS1035Label, isDNS1123Subdomain, isValidPortNum } from '../../../util/validation/validation.js';
import type {
  CustomResourceColumnDefinition,
  CustomResourceConversion,
  CustomResourceDefinition,
  CustomResourceDefinitionNames,
  CustomResourceDefinitionVersion,
  JSONSchemaProps,
} from '../v1/types.js';
import { validateCustomResourceDefinitionValidation } from './schema.js';

const printerColumnTypes = ['boolean', 'date', 'integer', 'number', 'string'];
const printerColumnFormats = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const acceptedConversionReviewVersions = ['v1', 'v1beta1'];
const maxSelectableFields = 8;
const apiApprovedAnnotation = 'api-approved.kubernetes.io';

export function validateCustomResourceDefinitionNames(names: CustomResourceDefinitionNames, fld: Path): FieldError[] {
  const errs: FieldError[] = [];
  const label = (value: string | undefined, child: string) => {
    const msgs = value ? isDNS1035Label(value) : [];
    if (msgs.length > 0) errs.push(invalid(String(fld.child(child)), value, msgs.join(',')));
  };
  const mixedCase = (value: string | undefined, child: string) => {
    const msgs = value ? isDNS1035Label(value.toLowerCase()) : [];
    if (msgs.length > 0)
      errs.push(
        invalid(String(fld.child(child)), value, `may have mixed case, but should otherwise match: ${msgs.join(',')}`),
      );
  };
  label(names.plural, 'plural');
  label(names.singular, 'singular');
  mixedCase(names.kind, 'kind');
  mixedCase(names.listKind, 'listKind');
  (names.shortNames ?? []).forEach((s, i) => {
    const msgs = isDNS1035Label(s);
    if (msgs.length > 0) errs.push(invalid(String(fld.child('shortNames').index(i)), s, msgs.join(',')));
  });
  if (names.kind && names.kind === names.listKind)
    errs.push(invalid(String(fld.child('listKind')), names.listKind, 'kind and listKind may not be the same'));
  (names.categories ?? []).forEach((c, i) => {
    const msgs = isDNS1035Label(c);
    if (msgs.length > 0) errs.push(invalid(String(fld.child('categories').index(i)), c, msgs.join(',')));
  });
  return errs;
}

/** Which per-version fields are the same in every version (upstream moves them to the top level). */
interface Hoisted {
  schema: boolean;
  subresources: boolean;
  columns: boolean;
  selectableFields: boolean;
}

function hoisted(versions: readonly CustomResourceDefinitionVersion[]): Hoisted {
  const first = versions[0];
  const same = (pick: (v: CustomResourceDefinitionVersion) => unknown) =>
    first !== undefined && versions.every((v) => jsonEqual(pick(v) ?? null, pick(first) ?? null));
  return {
    schema: same((v) => v.schema),
    subresources: same((v) => v.subresources),
    columns: same((v) => (v.additionalPrinterColumns?.length ? v.additionalPrinterColumns : undefined)),
    selectableFields: same((v) => (v.selectableFields?.length ? v.selectableFields : undefined)),
  };
}

function validateColumn(col: CustomResourceColumnDefinition, fld: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (!col.name) errs.push(required(String(fld.child('name'))));
  const typeDetail = `must be one of ${printerColumnTypes.join(',')}`;
  if (!col.type) errs.push(required(String(fld.child('type')), typeDetail));
  else if (!printerColumnTypes.includes(col.type)) errs.push(invalid(String(fld.child('type')), col.type, typeDetail));
  if (col.format && !printerColumnFormats.includes(col.format))
    errs.push(invalid(String(fld.child('format')), col.format, `must be one of ${printerColumnFormats.join(',')}`));
  if (!col.jsonPath) errs.push(required(String(fld.child('JSONPath'))));
  else errs.push(...validateSimpleJSONPath(col.jsonPath, fld.child('JSONPath')));
  return errs;
}

function validateSimpleJSONPath(s: string, fld: Path): FieldError[] {
  if (s === '') return [invalid(String(fld), s, 'must not be empty')];
  if (!s.startsWith('.')) return [invalid(String(fld), s, 'must be a simple json path starting with .')];
  return [];
}

function validateSubresources(sub: CustomResourceDefinitionVersion['subresources'], fld: Path): FieldError[] {
  const scale = sub?.scale;
  if (!scale) return [];
  const errs: FieldError[] = [];
  const specPath = fld.child('scale.specReplicasPath');
  if (!scale.specReplicasPath) errs.push(required(String(specPath)));
  else {
    const e = validateSimpleJSONPath(scale.specReplicasPath, specPath);
    if (e.length > 0) errs.push(...e);
    else if (!scale.specReplicasPath.startsWith('.spec.'))
      errs.push(invalid(String(specPath), scale.specReplicasPath, 'should be a json path under .spec'));
  }
  const statusPath = fld.child('scale.statusReplicasPath');
  if (!scale.statusReplicasPath) errs.push(required(String(statusPath)));
  else {
    const e = validateSimpleJSONPath(scale.statusReplicasPath, statusPath);
    if (e.length > 0) errs.push(...e);
    else if (!scale.statusReplicasPath.startsWith('.status.'))
      errs.push(invalid(String(statusPath), scale.statusReplicasPath, 'should be a json path under .status'));
  }
  if (scale.labelSelectorPath) {
    const selPath = fld.child('scale.labelSelectorPath');
    const e = validateSimpleJSONPath(scale.labelSelectorPath, selPath);
    if (e.length > 0) errs.push(...e);
    else if (!scale.labelSelectorPath.startsWith('.spec.') && !scale.labelSelectorPath.startsWith('.status.'))
      errs.push(
        invalid(String(selPath), scale.labelSelectorPath, 'should be a json path under either .spec or .status'),
      );
  }
  return errs;
}

function validateDeprecationWarning(v: CustomResourceDefinitionVersion): string[] {
  const warning = v.deprecationWarning;
  if (!v.deprecated && warning !== undefined) return ['can only be set for deprecated versions'];
  if (warning === undefined) return [];
  const msgs: string[] = [];
  if (Buffer.byteLength(warning) > 256) msgs.push('must be <= 256 characters long');
  if (warning === '') msgs.push('must not be an empty string');
  const bad = [...warning].findIndex((c) => /\p{Cc}|\p{Cn}/u.test(c));
  if (bad >= 0)
    msgs.push(
      `must only contain printable UTF-8 characters; control character found at index ${Buffer.byteLength([...warning].slice(0, bad).join(''))}`,
    );
  return msgs;
}

/** Selectable fields: JSON paths to string, boolean or integer fields outside metadata. */
function validateSelectableFields(fields: { jsonPath?: string }[], schema: JSONSchemaProps, fld: Path): FieldError[] {
  let structural: Structural;
  try {
    structural = newStructural(schema);
  } catch (e) {
    if (e instanceof StructuralError) return [invalid('spec.schema.openAPIV3Schema', '', e.message)];
    throw e;
  }
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const [i, f] of fields.entries()) {
    const p = fld.index(i).child('jsonPath');
    const jsonPath = f.jsonPath ?? '';
    if (jsonPath === '') {
      errs.push(required(String(p)));
      continue;
    }
    if (jsonPath.includes('[')) {
      errs.push(invalid(String(p), jsonPath, 'is an invalid path: array notation is not allowed'));
      continue;
    }
    const resolved = validFieldPath(jsonPath, structural);
    if (resolved === undefined) {
      errs.push(invalid(String(p), jsonPath, 'is an invalid path: does not refer to a valid field'));
      continue;
    }
    if (resolved === 'metadata' || resolved.startsWith('metadata.')) {
      errs.push(invalid(String(p), jsonPath, 'must not point to fields in metadata'));
      continue;
    }
    let node: Structural | undefined = structural;
    for (const part of resolved.split('.')) node = node?.properties?.get(part);
    if (!node || !['string', 'boolean', 'integer'].includes(node.type)) {
      errs.push(
        invalid(
          String(p),
          jsonPath,
          'must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.',
        ),
      );
      continue;
    }
    if (seen.has(jsonPath)) errs.push(duplicate(String(p), jsonPath));
    seen.add(jsonPath);
  }
  if (seen.size > maxSelectableFields) errs.push(tooMany(String(fld), seen.size, maxSelectableFields));
  return errs;
}

function validateWebhookURL(fld: Path, raw: string): FieldError[] {
  const form = '; desired format: https://host[/path]';
  let u: URL;
  try {
    u = new URL(raw);
  } catch (e) {
    return [required(String(fld), `url must be a valid URL: ${e instanceof Error ? e.message : String(e)}${form}`)];
  }
  const errs: FieldError[] = [];
  const scheme = u.protocol.replace(/:$/, '');
  if (scheme !== 'https') errs.push(invalid(String(fld), scheme, `'https' is the only allowed URL scheme${form}`));
  if (u.host === '') errs.push(invalid(String(fld), u.host, `host must be specified${form}`));
  if (u.username || u.password)
    errs.push(
      invalid(
        String(fld),
        u.password ? `${u.username}:${u.password}` : u.username,
        'user information is not permitted in the URL',
      ),
    );
  if (u.hash) errs.push(invalid(String(fld), u.hash.slice(1), 'fragments are not permitted in the URL'));
  if (u.search) errs.push(invalid(String(fld), u.search.slice(1), 'query parameters are not permitted in the URL'));
  return errs;
}

function validateWebhookService(
  fld: Path,
  service: { name?: string; namespace?: string; path?: string; port?: number },
): FieldError[] {
  const errs: FieldError[] = [];
  if (!service.name) errs.push(required(String(fld.child('name')), 'service name is required'));
  if (!service.namespace) errs.push(required(String(fld.child('namespace')), 'service namespace is required'));
  const port = service.port ?? 443;
  const portErrs = isValidPortNum(port);
  if (portErrs.length > 0)
    errs.push(invalid(String(fld.child('port')), port, `port is not valid: ${portErrs.join(', ')}`));
  const urlPath = service.path;
  if (urlPath === undefined || urlPath === '/' || urlPath === '') return errs;
  if (urlPath === '//') return [...errs, invalid(String(fld.child('path')), urlPath, 'segment[0] may not be empty')];
  if (!urlPath.startsWith('/')) errs.push(invalid(String(fld.child('path')), urlPath, "must start with a '/'"));
  urlPath
    .slice(1)
    .replace(/\/$/, '')
    .split('/')
    .forEach((step, i) => {
      if (step === '') errs.push(invalid(String(fld.child('path')), urlPath, `segment[${i}] may not be empty`));
      else
        for (const m of isDNS1123Subdomain(step))
          errs.push(invalid(String(fld.child('path')), urlPath, `segment[${i}]: ${m}`));
    });
  return errs;
}

function validateConversion(conversion: CustomResourceConversion | undefined, fld: Path): FieldError[] {
  if (!conversion) return [];
  const errs: FieldError[] = [];
  const strategy = conversion.strategy ?? '';
  if (strategy === '') errs.push(required(String(fld.child('strategy'))));
  else if (strategy !== 'None' && strategy !== 'Webhook')
    errs.push(notSupported(String(fld.child('strategy')), strategy, ['None', 'Webhook']));
  const cc = conversion.webhook?.clientConfig;
  const reviewVersions = conversion.webhook?.conversionReviewVersions ?? [];
  if (strategy === 'Webhook') {
    const ccPath = fld.child('webhookClientConfig');
    if (!cc) errs.push(required(String(ccPath), 'required when strategy is set to Webhook'));
    else if ((cc.url === undefined) === (cc.service === undefined))
      errs.push(required(String(ccPath), 'exactly one of url or service is required'));
    else if (cc.url !== undefined) errs.push(...validateWebhookURL(ccPath.child('url'), cc.url));
    else if (cc.service) errs.push(...validateWebhookService(ccPath.child('service'), cc.service));
    const rvPath = fld.child('conversionReviewVersions');
    if (reviewVersions.length === 0) errs.push(required(String(rvPath)));
    else {
      const seen = new Set<string>();
      for (const [i, v] of reviewVersions.entries()) {
        if (seen.has(v)) {
          errs.push(invalid(String(rvPath.index(i)), v, 'duplicate version'));
          continue;
        }
        seen.add(v);
        for (const m of isDNS1035Label(v)) errs.push(invalid(String(rvPath.index(i)), v, m));
      }
      if (!reviewVersions.some((v) => acceptedConversionReviewVersions.includes(v)))
        errs.push(
          invalid(
            String(rvPath),
            reviewVersions,
            `must include at least one of ${acceptedConversionReviewVersions.join(', ')}`,
          ),
        );
    }
  } else {
    if (cc)
      errs.push(
        forbidden(String(fld.child('webhookClientConfig')), 'should not be set when strategy is not set to Webhook'),
      );
    if (reviewVersions.length > 0)
      errs.push(
        forbidden(
          String(fld.child('conversionReviewVersions')),
          'should not be set when strategy is not set to Webhook',
        ),
      );
  }
  return errs;
}

function hasDefaults(s: JSONSchemaProps | undefined): boolean {
  if (!s) return false;
  if (s.default !== undefined) return true;
  const children: (JSONSchemaProps | undefined)[] = [
    ...Object.values(s.properties ?? {}),
    ...(Array.isArray(s.items) ? s.items : [s.items]),
    typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined,
    ...(s.allOf ?? []),
    ...(s.anyOf ?? []),
    ...(s.oneOf ?? []),
    s.not,
  ];
  return children.some(hasDefaults);
}

function validateSpec(crd: CustomResourceDefinition, fld: Path): FieldError[] {
  const spec = crd.spec ?? {};
  const errs: FieldError[] = [];
  const group = spec.group ?? '';
  if (!group) errs.push(required(String(fld.child('group'))));
  else {
    const msgs = isDNS1123Subdomain(group);
    if (msgs.length > 0) errs.push(invalid(String(fld.child('group')), group, msgs.join(',')));
    else if (group.split('.').length < 2)
      errs.push(invalid(String(fld.child('group')), group, 'should be a domain with at least one dot'));
  }
  const scope = spec.scope ?? '';
  if (!scope) errs.push(required(String(fld.child('scope'))));
  else if (scope !== 'Cluster' && scope !== 'Namespaced')
    errs.push(notSupported(String(fld.child('scope')), scope, ['Cluster', 'Namespaced']));

  const versions = spec.versions ?? [];
  const vp = fld.child('versions');
  const top = hoisted(versions);
  const topSchema = top.schema ? versions[0]?.schema?.openAPIV3Schema : undefined;
  if (!topSchema)
    versions.forEach((v, i) => {
      if (!v.schema?.openAPIV3Schema)
        errs.push(required(String(vp.index(i).child('schema').child('openAPIV3Schema')), 'schemas are required'));
    });
  if (spec.preserveUnknownFields === true && versions.some((v) => hasDefaults(v.schema?.openAPIV3Schema)))
    errs.push(
      invalid(String(fld.child('preserveUnknownFields')), true, 'must be false in order to use defaults in the schema'),
    );

  let storage = 0;
  const names = new Set<string>();
  let unique = true;
  const statusEnabledFor = (v: CustomResourceDefinitionVersion) => v.subresources?.status !== undefined;
  versions.forEach((v, i) => {
    const p = vp.index(i);
    if (v.storage) storage++;
    const name = v.name ?? '';
    if (names.has(name)) unique = false;
    names.add(name);
    const msgs = isDNS1035Label(name);
    if (msgs.length > 0) errs.push(invalid(String(p.child('name')), name, msgs.join(',')));
    for (const m of validateDeprecationWarning(v))
      errs.push(invalid(String(p.child('deprecationWarning')), v.deprecationWarning, m));
    const schema = v.schema?.openAPIV3Schema;
    if (!top.schema && schema)
      errs.push(
        ...validateCustomResourceDefinitionValidation(
          schema,
          { statusEnabled: statusEnabledFor(v) },
          p.child('schema'),
        ),
      );
    if (!top.subresources) errs.push(...validateSubresources(v.subresources, p.child('subresources')));
    if (!top.columns)
      (v.additionalPrinterColumns ?? []).forEach((c, j) => {
        errs.push(...validateColumn(c, p.child('additionalPrinterColumns').index(j)));
      });
    if (!top.selectableFields && (v.selectableFields ?? []).length > 0) {
      if (!schema)
        errs.push(
          invalid(
            String(p.child('selectableFields')),
            '',
            'selectableFields may only be set when version.schema.openAPIV3Schema is not included',
          ),
        );
      else errs.push(...validateSelectableFields(v.selectableFields ?? [], schema, p.child('selectableFields')));
    }
  });
  if (!unique) errs.push(invalid(String(vp), versions, 'must contain unique version names'));
  if (storage !== 1)
    errs.push(invalid(String(vp), versions, 'must have exactly one version marked as storage version'));

  const n = spec.names ?? {};
  for (const k of ['plural', 'singular', 'kind', 'listKind'] as const)
    if (!n[k]) errs.push(required(String(fld.child('names', k))));
  errs.push(...validateCustomResourceDefinitionNames(n, fld.child('names')));

  const first = versions[0];
  if (topSchema && first) {
    const anyStatus = versions.some(statusEnabledFor);
    errs.push(
      ...validateCustomResourceDefinitionValidation(topSchema, { statusEnabled: anyStatus }, fld.child('validation')),
    );
  }
  if (top.subresources && first) errs.push(...validateSubresources(first.subresources, fld.child('subresources')));
  if (top.columns && first)
    (first.additionalPrinterColumns ?? []).forEach((c, j) => {
      errs.push(...validateColumn(c, fld.child('additionalPrinterColumns').index(j)));
    });
  if (top.selectableFields && first && (first.selectableFields ?? []).length > 0) {
    if (!topSchema)
      errs.push(
        invalid(
          String(fld.child('selectableFields')),
          '',
          'selectableFields may only be set when validations.schema is included',
        ),
      );
    else errs.push(...validateSelectableFields(first.selectableFields ?? [], topSchema, fld.child('selectableFields')));
  }
  const strategy = spec.conversion?.strategy;
  if (strategy !== undefined && strategy !== 'None' && spec.preserveUnknownFields === true)
    errs.push(
      invalid(
        String(fld.child('conversion').child('strategy')),
        strategy,
        'must be None if spec.preserveUnknownFields is true',
      ),
    );
  errs.push(...validateConversion(spec.conversion, fld.child('conversion')));
  return errs;
}

function validateStoredVersions(crd: CustomResourceDefinition): FieldError[] {
  const stored = crd.status?.storedVersions ?? [];
  const fld = Path.root('status').child('storedVersions');
  const versions = crd.spec?.versions ?? [];
  if (stored.length === 0) return [invalid(String(fld), stored, 'must have at least one stored version')];
  const errs: FieldError[] = [];
  const storage = versions.find((v) => v.storage);
  if (storage && !stored.includes(storage.name ?? ''))
    errs.push(invalid(String(fld), stored, `must have the storage version ${storage.name ?? ''}`));
  const names = new Set(versions.map((v) => v.name));
  stored.forEach((sv, i) => {
    if (!names.has(sv))
      errs.push(
        invalid(
          String(fld.index(i)),
          sv,
          `missing from spec.versions; ${sv} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${sv} and removes ${sv} from status.storedVersions`,
        ),
      );
  });
  return errs;
}

function approvalState(crd: CustomResourceDefinition): {
  state: 'missing' | 'bypassed' | 'approved' | 'invalid';
  reason: string;
} {
  const annotation = crd.metadata.annotations?.[apiApprovedAnnotation] ?? '';
  if (annotation === '')
    return {
      state: 'missing',
      reason: `protected groups must have approval annotation "${apiApprovedAnnotation}", see https://github.com/kubernetes/enhancements/pull/1111`,
    };
  if (annotation.startsWith('unapproved')) return { state: 'bypassed', reason: `not approved: "${annotation}"` };
  try {
    const u = new URL(annotation);
    if (u.host && u.protocol) return { state: 'approved', reason: `approved in ${annotation}` };
  } catch {
    // Not a URL: invalid below.
  }
  return {
    state: 'invalid',
    reason: `protected groups must have approval annotation "${apiApprovedAnnotation}" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111`,
  };
}

/** Groups under k8s.io and kubernetes.io need an approval annotation. */
function validateAPIApproval(crd: CustomResourceDefinition, old: CustomResourceDefinition | undefined): FieldError[] {
  const group = crd.spec?.group ?? '';
  const isProtected = /(^|\.)(k8s\.io|kubernetes\.io)$/.test(group);
  if (!isProtected) return [];
  const next = approvalState(crd);
  if (old && approvalState(old).state === next.state) return [];
  const fld = String(Path.root('metadata').child('annotations').key(apiApprovedAnnotation));
  if (next.state === 'missing') return [required(fld, next.reason)];
  if (next.state === 'invalid')
    return [invalid(fld, crd.metadata.annotations?.[apiApprovedAnnotation] ?? '', next.reason)];
  return [];
}

function validatePreserveUnknownFields(
  crd: CustomResourceDefinition,
  old: CustomResourceDefinition | undefined,
): FieldError[] {
  if (old?.spec?.preserveUnknownFields === true) return [];
  if (crd.spec?.preserveUnknownFields !== true) return [];
  return [
    invalid(
      'spec.preserveUnknownFields',
      true,
      'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
    ),
  ];
}

function crdNameFunc(crd: CustomResourceDefinition) {
  return (name: string, prefix: boolean): string[] => {
    const msgs = prefix ? [] : isDNS1123Subdomain(name);
    if (!prefix && name !== `${crd.spec?.names?.plural ?? ''}.${crd.spec?.group ?? ''}`)
      msgs.push('must be spec.names.plural+"."+spec.group');
    return msgs;
  };
}

function validateStatus(crd: CustomResourceDefinition): FieldError[] {
  return validateCustomResourceDefinitionNames(
    crd.status?.acceptedNames ?? {},
    Path.root('status').child('acceptedNames'),
  );
}

export function validateCustomResourceDefinition(crd: CustomResourceDefinition): FieldError[] {
  return [
    ...validateObjectMeta(crd.metadata, false, crdNameFunc(crd), Path.root('metadata')),
    ...validateSpec(crd, Path.root('spec')),
    ...validateStatus(crd),
    ...validateStoredVersions(crd),
    ...validateAPIApproval(crd, undefined),
    ...validatePreserveUnknownFields(crd, undefined),
  ];
}

function isEstablished(crd: CustomResourceDefinition): boolean {
  return (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
}

/** Group and plural never change; scope and kind neither once the CRD is Established. */
export function validateCustomResourceDefinitionUpdate(
  crd: CustomResourceDefinition,
  old: CustomResourceDefinition,
): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(crd.metadata, old.metadata, Path.root('metadata')),
    ...validateSpec(crd, Path.root('spec')),
  ];
  const spec = Path.root('spec');
  if (isEstablished(old)) {
    errs.push(...validateImmutableField(crd.spec?.scope ?? '', old.spec?.scope ?? '', spec.child('scope')));
    errs.push(
      ...validateImmutableField(crd.spec?.names?.kind ?? '', old.spec?.names?.kind ?? '', spec.child('names', 'kind')),
    );
  }
  errs.push(...validateImmutableField(crd.spec?.group ?? '', old.spec?.group ?? '', spec.child('group')));
  errs.push(
    ...validateImmutableField(
      crd.spec?.names?.plural ?? '',
      old.spec?.names?.plural ?? '',
      spec.child('names', 'plural'),
    ),
  );
  errs.push(...validateStatus(crd), ...validateStoredVersions(crd));
  errs.push(...validateAPIApproval(crd, old), ...validatePreserveUnknownFields(crd, old));
  return errs;
}

export function validateCustomResourceDefinitionStatusUpdate(
  crd: CustomResourceDefinition,
  old: CustomResourceDefinition,
): FieldError[] {
  return [...validateObjectMetaUpdate(crd.metadata, old.metadata, Path.root('metadata')), ...validateStatus(crd)];
}
