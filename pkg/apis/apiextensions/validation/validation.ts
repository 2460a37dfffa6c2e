/**
 * CustomResourceDefinition validation: the structural rules clients hit most
 * (apiextensions-apiserver pkg/apis/apiextensions/validation): name = plural.group, names, scope,
 * versions (exactly one storage version, schemas required, object at the root). Schema
 * contents beyond the root are not validated here.
 */
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../api/validation/objectmeta.js';
import {
  duplicate,
  forbidden,
  invalid,
  notSupported,
  Path,
  required,
  type FieldError,
} from '../../../util/validation/field/errors.js';
import { isDNS1035Label, isDNS1123Subdomain } from '../../../util/validation/validation.js';
import type { CustomResourceDefinition, CustomResourceDefinitionNames } from '../v1/types.js';

function validateNames(names: CustomResourceDefinitionNames, fld: Path): FieldError[] {
  const errs: FieldError[] = [];
  const label = (value: string | undefined, child: string, requiredToo: boolean) => {
    const v = value ?? '';
    if (v === '') {
      if (requiredToo) errs.push(required(String(fld.child(child))));
      return;
    }
    const msgs = isDNS1035Label(v);
    if (msgs.length > 0) errs.push(invalid(String(fld.child(child)), v, msgs.join(',')));
  };
  label(names.plural, 'plural', true);
  label(names.singular, 'singular', true);
  const kind = names.kind ?? '';
  if (!kind) errs.push(required(String(fld.child('kind'))));
  else {
    const msgs = isDNS1035Label(kind.toLowerCase());
    if (msgs.length > 0)
      errs.push(
        invalid(String(fld.child('kind')), kind, `may have mixed case, but should otherwise match: ${msgs.join(',')}`),
      );
  }
  const listKind = names.listKind ?? '';
  if (!listKind) errs.push(required(String(fld.child('listKind'))));
  else if (listKind === kind)
    errs.push(invalid(String(fld.child('listKind')), listKind, 'kind and listKind may not be the same'));
  (names.shortNames ?? []).forEach((s, i) => {
    const msgs = isDNS1035Label(s);
    if (msgs.length > 0) errs.push(invalid(String(fld.child('shortNames').index(i)), s, msgs.join(',')));
  });
  (names.categories ?? []).forEach((c, i) => {
    const msgs = isDNS1035Label(c);
    if (msgs.length > 0) errs.push(invalid(String(fld.child('categories').index(i)), c, msgs.join(',')));
  });
  return errs;
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
  errs.push(...validateNames(spec.names ?? {}, fld.child('names')));
  const versions = spec.versions ?? [];
  const vp = fld.child('versions');
  if (versions.length === 0)
    errs.push(invalid(String(vp), versions, 'must have exactly one version marked as storage version'));
  const seen = new Set<string>();
  let storage = 0;
  let served = 0;
  versions.forEach((v, i) => {
    const p = vp.index(i);
    const name = v.name ?? '';
    if (seen.has(name)) errs.push(duplicate(String(p.child('name')), name));
    seen.add(name);
    const msgs = isDNS1035Label(name);
    if (msgs.length > 0) errs.push(invalid(String(p.child('name')), name, msgs.join(',')));
    if (v.storage) storage++;
    if (v.served) served++;
    const schema = v.schema?.openAPIV3Schema;
    if (!schema) errs.push(required(String(p.child('schema', 'openAPIV3Schema')), 'schemas are required'));
    else if (schema.type !== 'object') {
      const tp = p.child('schema', 'openAPIV3Schema', 'type');
      errs.push(
        schema.type
          ? invalid(String(tp), schema.type, 'must be object at the root')
          : required(String(tp), 'must not be empty at the root'),
      );
    }
    for (const [j, col] of (v.additionalPrinterColumns ?? []).entries()) {
      const cp = p.child('additionalPrinterColumns').index(j);
      if (!col.name) errs.push(required(String(cp.child('name'))));
      if (!col.type) errs.push(required(String(cp.child('type'))));
      if (!col.jsonPath) errs.push(required(String(cp.child('jsonPath'))));
    }
  });
  if (versions.length > 0 && storage !== 1)
    errs.push(invalid(String(vp), versions, 'must have exactly one version marked as storage version'));
  if (versions.length > 0 && served === 0)
    errs.push(invalid(String(vp), versions, 'must have at least one version marked as served'));
  if (spec.preserveUnknownFields === true)
    errs.push(
      invalid(
        String(fld.child('preserveUnknownFields')),
        true,
        'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
      ),
    );
  const strategy = spec.conversion?.strategy ?? 'None';
  if (strategy !== 'None' && strategy !== 'Webhook')
    errs.push(notSupported(String(fld.child('conversion', 'strategy')), strategy, ['None', 'Webhook']));
  if (strategy === 'Webhook' && !spec.conversion?.webhook)
    errs.push(required(String(fld.child('conversion', 'webhook')), 'required when strategy is set to Webhook'));
  return errs;
}

function validateCRDName(crd: CustomResourceDefinition): FieldError[] {
  const expected = `${crd.spec?.names?.plural ?? ''}.${crd.spec?.group ?? ''}`;
  const name = crd.metadata.name ?? '';
  return name && name !== expected ? [invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group')] : [];
}

const crdNameFunc = (name: string, prefix: boolean): string[] => (prefix ? [] : isDNS1123Subdomain(name));

export function validateCustomResourceDefinition(crd: CustomResourceDefinition): FieldError[] {
  return [
    ...validateObjectMeta(crd.metadata, false, crdNameFunc, Path.root('metadata')),
    ...validateCRDName(crd),
    ...validateSpec(crd, Path.root('spec')),
  ];
}

/** Group, plural and scope never change; removing a version still listed in status.storedVersions is refused. */
export function validateCustomResourceDefinitionUpdate(
  crd: CustomResourceDefinition,
  old: CustomResourceDefinition,
): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(crd.metadata, old.metadata, Path.root('metadata')),
    ...validateCRDName(crd),
    ...validateSpec(crd, Path.root('spec')),
  ];
  if ((crd.spec?.group ?? '') !== (old.spec?.group ?? ''))
    errs.push(invalid('spec.group', crd.spec?.group ?? '', 'field is immutable'));
  if ((crd.spec?.names?.plural ?? '') !== (old.spec?.names?.plural ?? ''))
    errs.push(invalid('spec.names.plural', crd.spec?.names?.plural ?? '', 'field is immutable'));
  if ((crd.spec?.scope ?? '') !== (old.spec?.scope ?? ''))
    errs.push(invalid('spec.scope', crd.spec?.scope ?? '', 'field is immutable'));
  const versions = new Set((crd.spec?.versions ?? []).map((v) => v.name));
  (old.status?.storedVersions ?? []).forEach((sv, i) => {
    if (!versions.has(sv))
      errs.push(
        forbidden(
          String(Path.root('status').child('storedVersions').index(i)),
          `missing from spec.versions; ${sv} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in ${sv} and ${sv} is removed from status.storedVersions`,
        ),
      );
  });
  return errs;
}

export function validateCustomResourceDefinitionStatusUpdate(
  crd: CustomResourceDefinition,
  old: CustomResourceDefinition,
): FieldError[] {
  const errs = validateObjectMetaUpdate(crd.metadata, old.metadata, Path.root('metadata'));
  const names = crd.status?.acceptedNames;
  if (names?.plural) errs.push(...validateNames(names, Path.root('status').child('acceptedNames')));
  return errs;
}
