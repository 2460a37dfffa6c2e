/**
 * The structural-schema rules a CRD schema must follow (apiextensions-apiserver
 * pkg/apiserver/schema/validation.go and complete.go): every node typed unless int-or-string or
 * preserve-unknown-fields, items for arrays, no additionalProperties at the root, metadata
 * limited to name/generateName, value validations (allOf/anyOf/oneOf/not) that only constrain
 * values and only name fields the structure declares. Errors come sorted, as upstream sorts them.
 */
import { RE2JS } from 're2js';
import type { JSONSchemaProps } from '../../apis/apiextensions/v1/types.js';
import { type FieldError, forbidden, invalid, type Path, required } from '../../util/validation/field/errors.js';

type Level = 'root' | 'item' | 'field';

export interface StructuralValidationOptions {
  /** additionalProperties inside allOf/anyOf/oneOf/not (upstream allows it for CRD status only in tests). */
  allowNestedAdditionalProperties?: boolean;
  /** x-kubernetes-validations inside allOf (upstream's AllowNestedXValidations). */
  allowNestedXValidations?: boolean;
}

export function validateStructural(
  fldPath: Path,
  s: JSONSchemaProps,
  opts: StructuralValidationOptions = {},
): FieldError[] {
  const errs = [...validateInvariants(s, 'root', fldPath, opts), ...validateCompleteness(s, s, fldPath, fldPath)];
  return errs.sort((a, b) => compareStrings(String(a), String(b)));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function itemsSchema(s: JSONSchemaProps): JSONSchemaProps | undefined {
  return s.items !== undefined && !Array.isArray(s.items) ? s.items : undefined;
}

function validateInvariants(s: JSONSchemaProps, lvl: Level, fldPath: Path, opts: StructuralValidationOptions) {
  const errs: FieldError[] = [];
  const type = s.type ?? '';
  if (type === 'array' && s.items === undefined)
    errs.push(required(String(fldPath.child('items')), 'must be specified'));
  const items = itemsSchema(s);
  if (items) errs.push(...validateInvariants(items, 'item', fldPath.child('items'), opts));
  for (const [k, v] of Object.entries(s.properties ?? {}))
    errs.push(...validateInvariants(v, 'field', fldPath.child('properties').key(k), opts));
  if (s.additionalProperties !== undefined) {
    if (lvl === 'root')
      errs.push(forbidden(String(fldPath.child('additionalProperties')), 'must not be used at the root'));
    if (typeof s.additionalProperties === 'object')
      errs.push(...validateInvariants(s.additionalProperties, 'field', fldPath.child('additionalProperties'), opts));
  }

  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (intOrString && preserve)
    errs.push(
      invalid(
        String(fldPath.child('x-kubernetes-preserve-unknown-fields')),
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  if (intOrString && embedded)
    errs.push(
      invalid(
        String(fldPath.child('x-kubernetes-embedded-resource')),
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );

  errs.push(...validateValueValidation(s, isIntOrStringAnyOf(s.anyOf), isIntOrStringAllOf(s), lvl, fldPath, opts));

  const checkMetadata = lvl === 'root' || embedded;
  if (embedded && type !== 'object') {
    const detail = 'must be object if x-kubernetes-embedded-resource is true';
    errs.push(
      type === ''
        ? required(String(fldPath.child('type')), detail)
        : invalid(String(fldPath.child('type')), type, detail),
    );
  } else if (type === '' && !intOrString && !preserve) {
    const detail = {
      root: 'must not be empty at the root',
      item: 'must not be empty for specified array items',
      field: 'must not be empty for specified object fields',
    }[lvl];
    errs.push(required(String(fldPath.child('type')), detail));
  }
  if (embedded && s.additionalProperties !== undefined)
    errs.push(
      forbidden(
        String(fldPath.child('additionalProperties')),
        'must not be used if x-kubernetes-embedded-resource is set',
      ),
    );
  if (lvl === 'root' && type !== '' && type !== 'object')
    errs.push(invalid(String(fldPath.child('type')), type, 'must be object at the root'));

  for (const meta of ['kind', 'apiVersion']) {
    const prop = s.properties?.[meta];
    if (prop && checkMetadata && prop.type !== 'string')
      errs.push(
        invalid(String(fldPath.child('properties').key(meta).child('type')), prop.type ?? '', 'must be string'),
      );
  }
  const metadata = s.properties?.metadata;
  if (metadata)
    errs.push(...validateMetadataInvariants(metadata, checkMetadata, lvl, fldPath.child('properties').key('metadata')));
  if (embedded && !preserve && Object.keys(s.properties ?? {}).length === 0)
    errs.push(
      required(
        String(fldPath.child('properties')),
        'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
      ),
    );
  return errs;
}

/** Keys of a schema node that carry something (upstream compares against the zero Structural). */
function setKeys(s: JSONSchemaProps): string[] {
  return Object.entries(s)
    .filter(([, v]) => v !== undefined && v !== false && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k]) => k);
}

function validateMetadataInvariants(s: JSONSchemaProps, checkMetadata: boolean, lvl: Level, fldPath: Path) {
  const errs: FieldError[] = [];
  if (checkMetadata && s.type !== 'object')
    errs.push(invalid(String(fldPath.child('type')), s.type ?? '', 'must be object'));
  if (lvl === 'root') {
    // Only name and generateName may be described; type and default are checked elsewhere.
    const props = Object.keys(s.properties ?? {});
    const onlyNames = props.length > 0 && props.every((p) => p === 'name' || p === 'generateName');
    const rest = setKeys(s).filter((k) => k !== 'type' && k !== 'default' && !(k === 'properties' && onlyNames));
    if (rest.length > 0)
      errs.push(
        forbidden(
          String(fldPath),
          'must not specify anything other than name and generateName, but metadata is implicitly specified',
        ),
      );
  }
  return errs;
}

function isIntOrStringAnyOf(anyOf: JSONSchemaProps[] | undefined): boolean {
  const [first, second, ...rest] = anyOf ?? [];
  const onlyType = (s: JSONSchemaProps | undefined, type: string) => s?.type === type && setKeys(s).join() === 'type';
  return rest.length === 0 && onlyType(first, 'integer') && onlyType(second, 'string');
}

function isIntOrStringAllOf(s: JSONSchemaProps): boolean {
  return (s.allOf?.length ?? 0) >= 1 && isIntOrStringAnyOf(s.allOf?.[0]?.anyOf);
}

function validateValueValidation(
  v: JSONSchemaProps,
  skipAnyOf: boolean,
  skipFirstAllOfAnyOf: boolean,
  lvl: Level,
  fldPath: Path,
  opts: StructuralValidationOptions,
): FieldError[] {
  const errs: FieldError[] = [];
  const noCEL = { ...opts, allowNestedXValidations: false };
  if (!skipAnyOf)
    (v.anyOf ?? []).forEach((x, i) => {
      errs.push(...validateNested(x, false, lvl, fldPath.child('anyOf').index(i), noCEL));
    });
  (v.allOf ?? []).forEach((x, i) => {
    errs.push(...validateNested(x, skipFirstAllOfAnyOf && i === 0, lvl, fldPath.child('allOf').index(i), opts));
  });
  (v.oneOf ?? []).forEach((x, i) => {
    errs.push(...validateNested(x, false, lvl, fldPath.child('oneOf').index(i), noCEL));
  });
  if (v.not) errs.push(...validateNested(v.not, false, lvl, fldPath.child('not'), noCEL));
  if (v.pattern) {
    const err = regexpError(v.pattern);
    if (err)
      errs.push(
        invalid(String(fldPath.child('pattern')), v.pattern, `must be a valid regular expression, but isn't: ${err}`),
      );
  }
  return errs;
}

/** Go's regexp.Compile error for a pattern, or undefined when it compiles (RE2 syntax). */
export function regexpError(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** A node inside allOf/anyOf/oneOf/not: it may only constrain values, never shape them. */
function validateNested(
  v: JSONSchemaProps,
  skipAnyOf: boolean,
  lvl: Level,
  fldPath: Path,
  opts: StructuralValidationOptions,
): FieldError[] {
  const errs = validateValueValidation(v, skipAnyOf, false, lvl, fldPath, opts);
  const items = itemsSchema(v);
  if (items) errs.push(...validateNested(items, false, lvl, fldPath.child('items'), opts));
  for (const [k, fld] of Object.entries(v.properties ?? {}))
    errs.push(...validateNested(fld, false, 'field', fldPath.child('properties').key(k), opts));
  const f = (child: string, detail: string) => errs.push(forbidden(String(fldPath.child(child)), detail));
  if (v.type) f('type', 'must be empty to be structural');
  const additional =
    v.additionalProperties === true
      ? {}
      : typeof v.additionalProperties === 'object'
        ? v.additionalProperties
        : undefined;
  if (additional && !opts.allowNestedAdditionalProperties)
    f('additionalProperties', 'must be undefined to be structural');
  else if (additional)
    errs.push(...validateNested(additional, false, lvl, fldPath.child('additionalProperties'), opts));
  if (v.default !== undefined && v.default !== null) f('default', 'must be undefined to be structural');
  if (v.title) f('title', 'must be empty to be structural');
  if (v.description) f('description', 'must be empty to be structural');
  if (v.nullable) f('nullable', 'must be false to be structural');
  if (v['x-kubernetes-preserve-unknown-fields'])
    f('x-kubernetes-preserve-unknown-fields', 'must be false to be structural');
  if (v['x-kubernetes-embedded-resource']) f('x-kubernetes-embedded-resource', 'must be false to be structural');
  if (v['x-kubernetes-int-or-string']) f('x-kubernetes-int-or-string', 'must be false to be structural');
  if ((v['x-kubernetes-list-map-keys'] ?? []).length > 0)
    f('x-kubernetes-list-map-keys', 'must be empty to be structural');
  if (v['x-kubernetes-list-type'] !== undefined) f('x-kubernetes-list-type', 'must be undefined to be structural');
  if (v['x-kubernetes-map-type'] !== undefined) f('x-kubernetes-map-type', 'must be undefined to be structural');
  if ((v['x-kubernetes-validations'] ?? []).length > 0 && !opts.allowNestedXValidations)
    f('x-kubernetes-validations', 'must be empty to be structural');
  if (v.properties?.metadata)
    errs.push(
      forbidden(String(fldPath.child('properties').key('metadata')), 'must not be specified in a nested context'),
    );
  return errs;
}

/** Every field a value validation names must exist in the structural part (complete.go). */
function validateCompleteness(v: JSONSchemaProps, s: JSONSchemaProps | undefined, sPath: Path, vPath: Path) {
  const errs: FieldError[] = [];
  const nested = (child: JSONSchemaProps, p: Path) => errs.push(...validateNestedCompleteness(child, s, sPath, p));
  if (v.not) nested(v.not, vPath.child('not'));
  (v.allOf ?? []).forEach((x, i) => {
    nested(x, vPath.child('allOf').index(i));
  });
  (v.anyOf ?? []).forEach((x, i) => {
    nested(x, vPath.child('anyOf').index(i));
  });
  (v.oneOf ?? []).forEach((x, i) => {
    nested(x, vPath.child('oneOf').index(i));
  });
  return errs;
}

function validateNestedCompleteness(
  v: JSONSchemaProps,
  s: JSONSchemaProps | undefined,
  sPath: Path,
  vPath: Path,
): FieldError[] {
  if (!s) return [required(String(sPath), `because it is defined in ${vPath}`)];
  const errs = validateCompleteness(v, s, sPath, vPath);
  const vItems = itemsSchema(v);
  if (vItems)
    errs.push(...validateNestedCompleteness(vItems, itemsSchema(s), sPath.child('items'), vPath.child('items')));
  for (const [k, vFld] of Object.entries(v.properties ?? {})) {
    const sFld = s.properties?.[k];
    if (!sFld)
      errs.push(
        required(
          String(sPath.child('properties').key(k)),
          `because it is defined in ${vPath.child('properties').key(k)}`,
        ),
      );
    else
      errs.push(
        ...validateNestedCompleteness(vFld, sFld, sPath.child('properties').key(k), vPath.child('properties').key(k)),
      );
  }
  return errs;
}
