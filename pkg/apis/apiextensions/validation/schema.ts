/**
 * Validation of a CRD version's openAPIV3Schema (apiextensions-apiserver
 * pkg/apis/apiextensions/validation/validation.go validateCustomResourceDefinitionValidation and
 * ValidateCustomResourceDefinitionOpenAPISchema): supported keywords, structural-schema rules,
 * defaults that validate and are pruned, list-type/map-type consistency, and
 * x-kubernetes-validations rules that compile within the cost limits.
 */
import type { JSONSchemaProps, ValidationRule } from '../../apiextensions/v1/types.js';
import { CELSchema, type CompiledRule } from '../../../apiextensions/schema/cel/compilation.js';
import { validFieldPath } from '../../../apiextensions/schema/cel/fieldpath.js';
import { maxRequestSizeBytes } from '../../../apiextensions/schema/cel/model.js';
import { validateCEL } from '../../../apiextensions/schema/cel/validation.js';
import { staticEstimatedCostLimit, staticEstimatedCRDCostLimit } from '../../../apiextensions/schema/cel/cost.js';
import { goValue } from '../../../apiextensions/schema/govalue.js';
import { prune } from '../../../apiextensions/schema/pruning/algorithm.js';
import { newStructural, type Structural, StructuralError } from '../../../apiextensions/schema/structural.js';
import { validateStructural } from '../../../apiextensions/schema/validation.js';
import { jsonEqual, newSchemaValidator } from '../../../apiextensions/validation/validation.js';
import {
  FieldError,
  forbidden,
  invalid,
  notSupported,
  omitValue,
  type Path,
  required,
} from '../../../util/validation/field/errors.js';

const openapiV3Types = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const supportedReasons = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
const metaFields = new Set(['metadata', 'kind', 'apiVersion']);
const allowedAtRootWithStatus = new Set([
  'description',
  'type',
  'format',
  'title',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'required',
  'items',
  'properties',
  'externalDocs',
  'example',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
]);

/** An Invalid error whose value Go prints with %#v (the text goes in the detail so it is not JSON-quoted). */
function invalidGo(path: string, goText: string, detail: string): FieldError {
  return new FieldError('FieldValueInvalid', path, omitValue, `${goText}: ${detail}`);
}

function goString(s: string | undefined): string {
  return JSON.stringify(s ?? '');
}

/** Go's %#v of an internal apiextensions.ValidationRule, as upstream prints a rule that does not compile. */
export function goValidationRule(r: ValidationRule): string {
  const reason =
    r.reason === undefined
      ? '(*apiextensions.FieldValueErrorReason)(nil)'
      : `(*apiextensions.FieldValueErrorReason)(${goString(r.reason)})`;
  const optional = r.optionalOldSelf === undefined ? '(*bool)(nil)' : `(*bool)(${r.optionalOldSelf})`;
  return `apiextensions.ValidationRule{Rule:${goString(r.rule)}, Message:${goString(r.message)}, MessageExpression:${goString(r.messageExpression)}, Reason:${reason}, FieldPath:${goString(r.fieldPath)}, OptionalOldSelf:${optional}}`;
}

function costErrorMessage(costName: string, cost: number, limit: number): string {
  const factor = cost / limit;
  const text = factor > 100 ? 'more than 100x' : factor < 1.5 ? `${factor.toFixed(6)}x` : `${factor.toFixed(1)}x`;
  return `${costName} exceeds budget by factor of ${text} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`;
}

interface SchemaContext {
  allowDefaults: boolean;
  disallowDefaultsReason: string;
  insideResourceMeta: boolean;
  /** Where oldSelf stops being correlatable (inside atomic lists and sets, atomic maps). */
  uncorrelatablePath?: string;
}

/** The CEL side of a schema walk: compiled rules and the cardinality of each node. */
interface CELContext {
  schema: CELSchema;
  /** How many values of this node an object can hold (undefined: unbounded). */
  cardinality: number | undefined;
  total: { cost: number; expensive: { path: string; cost: number }[] };
}

export interface SchemaValidationOptions {
  /** The status subresource is enabled: only some keywords may be used at the root. */
  statusEnabled: boolean;
}

/** Validates one openAPIV3Schema at `fldPath` (`spec.validation` or `spec.versions[i].schema`). */
export function validateCustomResourceDefinitionValidation(
  schema: JSONSchemaProps,
  opts: SchemaValidationOptions,
  fldPath: Path,
): FieldError[] {
  const errs: FieldError[] = [];
  const schemaPath = fldPath.child('openAPIV3Schema');
  if (opts.statusEnabled) {
    if (schema.type !== undefined && schema.type !== 'object')
      errs.push(
        invalid(
          String(fldPath.child('openAPIV3Schema.type')),
          schema.type,
          'only "object" is allowed as the type at the root of the schema if the status subresource is enabled',
        ),
      );
    else if (
      Object.keys(schema).some((k) => !allowedAtRootWithStatus.has(k) && isSet(schema[k as keyof JSONSchemaProps]))
    )
      errs.push(
        invalid(
          String(schemaPath),
          schema,
          'only [Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations] fields are allowed at the root of the schema if the status subresource is enabled',
        ),
      );
  }
  if (schema.nullable)
    errs.push(forbidden(String(fldPath.child('openAPIV3Schema.nullable')), 'nullable cannot be true at the root'));

  let structural: Structural | undefined;
  const structuralInitErrs: FieldError[] = [];
  try {
    structural = newStructural(schema);
  } catch (e) {
    if (!(e instanceof StructuralError)) throw e;
    structuralInitErrs.push(invalid(String(schemaPath), '', e.message));
  }
  let cel: CELContext | undefined;
  if (structural) {
    const structuralErrs = validateStructural(schemaPath, schema);
    if (structuralErrs.length > 0) errs.push(...structuralErrs);
    else {
      const celSchema = new CELSchema(structural);
      const defaultErrs = validateDefaults(schemaPath, structural, celSchema);
      if (defaultErrs.length > 0) errs.push(...defaultErrs);
      else cel = { schema: celSchema, cardinality: 1, total: { cost: 0, expensive: [] } };
    }
  }
  const ctx: SchemaContext = { allowDefaults: true, disallowDefaultsReason: '', insideResourceMeta: false };
  const walked = validateOpenAPISchema(schema, schemaPath, ctx, true, cel, structural);
  errs.push(...walked.schemaErrors, ...walked.celErrors);
  if (errs.length === 0) errs.push(...structuralInitErrs);

  if (cel && cel.total.cost > staticEstimatedCRDCostLimit) {
    for (const e of cel.total.expensive)
      errs.push(
        forbidden(e.path, 'contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema'),
      );
    errs.push(
      forbidden(
        String(schemaPath),
        costErrorMessage(
          'x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema',
          cel.total.cost,
          staticEstimatedCRDCostLimit,
        ),
      ),
    );
  }
  return errs;
}

function isSet(v: unknown): boolean {
  return !(v === undefined || v === false || v === '' || v === 0 || (Array.isArray(v) && v.length === 0));
}

interface Walked {
  schemaErrors: FieldError[];
  celErrors: FieldError[];
}

function childCEL(cel: CELContext | undefined, factor: number | undefined): CELContext | undefined {
  if (!cel) return undefined;
  const cardinality = cel.cardinality === undefined || factor === undefined ? undefined : cel.cardinality * factor;
  return { ...cel, cardinality };
}

function validateOpenAPISchema(
  schema: JSONSchemaProps,
  fldPath: Path,
  ctx: SchemaContext,
  isRoot: boolean,
  cel: CELContext | undefined,
  structural: Structural | undefined,
): Walked {
  const out: Walked = { schemaErrors: validateStandard(schema, fldPath, ctx), celErrors: [] };
  const merge = (w: Walked) => {
    out.schemaErrors.push(...w.schemaErrors);
    out.celErrors.push(...w.celErrors);
  };
  if (schema.uniqueItems)
    out.schemaErrors.push(
      forbidden(
        String(fldPath.child('uniqueItems')),
        'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      ),
    );
  const additional = schema.additionalProperties;
  if (additional !== undefined) {
    if (Object.keys(schema.properties ?? {}).length > 0 && additional !== true)
      out.schemaErrors.push(
        forbidden(
          String(fldPath.child('additionalProperties')),
          'additionalProperties and properties are mutual exclusive',
        ),
      );
    if (typeof additional === 'object') {
      const sub = ctx.insideResourceMeta
        ? {
            ...ctx,
            allowDefaults: false,
            disallowDefaultsReason: 'inside additionalProperties applying to object metadata',
          }
        : ctx;
      const child = typeof structural?.additionalProperties === 'object' ? structural.additionalProperties : undefined;
      merge(
        validateOpenAPISchema(
          additional,
          fldPath.child('additionalProperties'),
          sub,
          false,
          childCEL(cel, structural?.maxProperties),
          child,
        ),
      );
    }
  }
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    let sub = ctx;
    if (schema['x-kubernetes-map-type'] === 'atomic' && sub.uncorrelatablePath === undefined)
      sub = { ...sub, uncorrelatablePath: String(fldPath) };
    if ((isRoot || schema['x-kubernetes-embedded-resource']) && metaFields.has(name)) {
      sub = { ...sub, insideResourceMeta: true };
      if (isRoot) sub = { ...sub, allowDefaults: false, disallowDefaultsReason: `in top-level ${name}` };
    }
    merge(
      validateOpenAPISchema(
        prop,
        fldPath.child('properties').key(name),
        sub,
        false,
        cel,
        structural?.properties?.get(name),
      ),
    );
  }
  if (schema.not) merge(validateOpenAPISchema(schema.not, fldPath.child('not'), ctx, false, undefined, undefined));
  for (const [key, list] of [
    ['allOf', schema.allOf],
    ['oneOf', schema.oneOf],
    ['anyOf', schema.anyOf],
  ] as const)
    (list ?? []).forEach((s, i) => {
      merge(validateOpenAPISchema(s, fldPath.child(key).index(i), ctx, false, undefined, undefined));
    });
  for (const [name, s] of Object.entries(schema.definitions ?? {}))
    merge(validateOpenAPISchema(s, fldPath.child('definitions').key(name), ctx, false, undefined, undefined));
  if (schema.items !== undefined) {
    let sub = ctx;
    if (schema['x-kubernetes-list-type'] !== 'map' && sub.uncorrelatablePath === undefined)
      sub = { ...sub, uncorrelatablePath: String(fldPath) };
    if (Array.isArray(schema.items))
      schema.items.forEach((s, i) => {
        merge(validateOpenAPISchema(s, fldPath.child('items').index(i), sub, false, undefined, undefined));
      });
    else
      merge(
        validateOpenAPISchema(
          schema.items,
          fldPath.child('items'),
          sub,
          false,
          childCEL(cel, structural?.maxItems),
          structural?.items,
        ),
      );
  }
  for (const [name, dep] of Object.entries(schema.dependencies ?? {}))
    if (!Array.isArray(dep))
      merge(validateOpenAPISchema(dep, fldPath.child('dependencies').key(name), ctx, false, undefined, undefined));

  out.schemaErrors.push(...validateExtensions(schema, fldPath));
  out.schemaErrors.push(...validateMapListKeysMapSet(schema, fldPath));
  const rules = schema['x-kubernetes-validations'] ?? [];
  if (rules.length > 0) {
    out.schemaErrors.push(...validateRuleFields(rules, schema, fldPath));
    if (out.schemaErrors.length === 0 && cel && structural)
      out.celErrors.push(...compileRules(structural, isRoot, fldPath, ctx, cel));
  }
  return out;
}

function validateStandard(schema: JSONSchemaProps, fldPath: Path, ctx: SchemaContext): FieldError[] {
  const errs: FieldError[] = [];
  const f = (child: string, detail: string) => errs.push(forbidden(String(fldPath.child(child)), detail));
  if (schema.type && !openapiV3Types.includes(schema.type))
    errs.push(notSupported(String(fldPath.child('type')), schema.type, openapiV3Types));
  if (schema.default !== undefined && !ctx.allowDefaults)
    f('default', `must not be set${ctx.disallowDefaultsReason ? ` ${ctx.disallowDefaultsReason}` : ''}`);
  if (schema.id) f('id', 'id is not supported');
  if (schema.additionalItems !== undefined) f('additionalItems', 'additionalItems is not supported');
  if (Object.keys(schema.patternProperties ?? {}).length > 0)
    f('patternProperties', 'patternProperties is not supported');
  if (Object.keys(schema.definitions ?? {}).length > 0) f('definitions', 'definitions is not supported');
  if (schema.dependencies !== undefined) f('dependencies', 'dependencies is not supported');
  if (schema.$ref !== undefined) f('$ref', '$ref is not supported');
  if (schema.type === 'null') f('type', 'type cannot be set to null, use nullable as an alternative');
  if (Array.isArray(schema.items)) f('items', 'items must be a schema object and not an array');
  if (ctx.insideResourceMeta && schema['x-kubernetes-embedded-resource'])
    f('x-kubernetes-embedded-resource', 'must not be used inside of resource meta');
  return errs;
}

function validateExtensions(schema: JSONSchemaProps, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  const type = schema.type ?? '';
  if (schema['x-kubernetes-preserve-unknown-fields'] === false)
    errs.push(
      invalid(String(fldPath.child('x-kubernetes-preserve-unknown-fields')), false, 'must be true or undefined'),
    );
  const mapType = schema['x-kubernetes-map-type'];
  if (mapType !== undefined && type !== 'object') {
    const detail = 'must be object if x-kubernetes-map-type is specified';
    errs.push(
      type === ''
        ? required(String(fldPath.child('type')), detail)
        : invalid(String(fldPath.child('type')), type, detail),
    );
  }
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular')
    errs.push(notSupported(String(fldPath.child('x-kubernetes-map-type')), mapType, ['atomic', 'granular']));
  const listType = schema['x-kubernetes-list-type'];
  const items = schema.items !== undefined && !Array.isArray(schema.items) ? schema.items : undefined;
  if (listType !== undefined && type !== 'array') {
    const detail = 'must be array if x-kubernetes-list-type is specified';
    errs.push(
      type === ''
        ? required(String(fldPath.child('type')), detail)
        : invalid(String(fldPath.child('type')), type, detail),
    );
  } else if (listType === 'set' && items) {
    if (
      items.type === 'array' &&
      items['x-kubernetes-list-type'] !== undefined &&
      items['x-kubernetes-list-type'] !== 'atomic'
    )
      errs.push(
        invalid(
          String(fldPath.child('items').child('x-kubernetes-list-type')),
          items['x-kubernetes-list-type'],
          'must be atomic as item of a list with x-kubernetes-list-type=set',
        ),
      );
    if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic')
      errs.push(
        invalid(
          String(fldPath.child('items').child('x-kubernetes-map-type')),
          items['x-kubernetes-list-type'] ?? null,
          'must be atomic as item of a list with x-kubernetes-list-type=set',
        ),
      );
  }
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType))
    errs.push(notSupported(String(fldPath.child('x-kubernetes-list-type')), listType, ['atomic', 'set', 'map']));
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  if (keys.length > 0) {
    const detail = 'must be map if x-kubernetes-list-map-keys is non-empty';
    if (listType === undefined) errs.push(required(String(fldPath.child('x-kubernetes-list-type')), detail));
    else if (listType !== 'map') errs.push(invalid(String(fldPath.child('x-kubernetes-list-type')), listType, detail));
  }
  if (listType === 'map') {
    if (keys.length === 0)
      errs.push(
        required(
          String(fldPath.child('x-kubernetes-list-map-keys')),
          'must not be empty if x-kubernetes-list-type is map',
        ),
      );
    if (schema.items === undefined)
      errs.push(required(String(fldPath.child('items')), 'must have a schema if x-kubernetes-list-type is map'));
    if (Array.isArray(schema.items))
      errs.push(
        invalid(
          String(fldPath.child('items')),
          schema.items,
          'must only have a single schema if x-kubernetes-list-type is map',
        ),
      );
    if (items && items.type !== 'object')
      errs.push(
        invalid(
          String(fldPath.child('items').child('type')),
          items.type ?? '',
          "must be object if parent array's x-kubernetes-list-type is map",
        ),
      );
    if (items && items.type === 'object') {
      const seen = new Set<string>();
      for (const k of keys) {
        const prop = items.properties?.[k];
        if (prop) {
          if (prop.type === 'array' || prop.type === 'object')
            errs.push(
              invalid(
                String(fldPath.child('items').child('properties').key(k).child('type')),
                items.type,
                "must be a scalar type if parent array's x-kubernetes-list-type is map",
              ),
            );
        } else
          errs.push(
            invalid(
              String(fldPath.child('x-kubernetes-list-map-keys')),
              keys,
              'entries must all be names of item properties',
            ),
          );
        if (seen.has(k))
          errs.push(
            invalid(String(fldPath.child('x-kubernetes-list-map-keys')), keys, 'must not contain duplicate entries'),
          );
        seen.add(k);
      }
    }
  }
  return errs;
}

function validateMapListKeysMapSet(schema: JSONSchemaProps, fldPath: Path): FieldError[] {
  const items = schema.items !== undefined && !Array.isArray(schema.items) ? schema.items : undefined;
  const listType = schema['x-kubernetes-list-type'];
  if (!items || (listType !== 'set' && listType !== 'map')) return [];
  const errs: FieldError[] = [];
  if (items.nullable)
    errs.push(
      forbidden(
        String(fldPath.child('items').child('nullable')),
        `cannot be nullable when x-kubernetes-list-type is ${listType}`,
      ),
    );
  if (listType === 'map') {
    const isRequired = new Set(items.required ?? []);
    for (const k of schema['x-kubernetes-list-map-keys'] ?? []) {
      const prop = items.properties?.[k];
      if (!prop) continue;
      const keyPath = fldPath.child('items').child('properties').key(k);
      if (!isRequired.has(k) && prop.default === undefined)
        errs.push(
          required(
            String(keyPath.child('default')),
            'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property',
          ),
        );
      if (prop.nullable)
        errs.push(
          forbidden(
            String(keyPath.child('nullable')),
            'this property is in x-kubernetes-list-map-keys, so it cannot be nullable',
          ),
        );
    }
  }
  return errs;
}

function validateRuleFields(rules: ValidationRule[], schema: JSONSchemaProps, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((rule, i) => {
    const p = fldPath.child('x-kubernetes-validations').index(i);
    const trimmedRule = (rule.rule ?? '').trim();
    const trimmedMsg = (rule.message ?? '').trim();
    const trimmedMsgExpr = (rule.messageExpression ?? '').trim();
    if (trimmedRule === '') errs.push(required(String(p.child('rule')), 'rule is not specified'));
    else if ((rule.message ?? '') !== '' && trimmedMsg === '')
      errs.push(invalid(String(p.child('message')), rule.message, 'message must be non-empty if specified'));
    else if (/[\n\r]/.test(trimmedMsg))
      errs.push(invalid(String(p.child('message')), rule.message, 'message must not contain line breaks'));
    else if (/[\n\r]/.test(trimmedRule) && trimmedMsg === '')
      errs.push(required(String(p.child('message')), 'message must be specified if rule contains line breaks'));
    if ((rule.messageExpression ?? '') !== '' && trimmedMsgExpr === '')
      errs.push(required(String(p.child('messageExpression')), 'messageExpression must be non-empty if specified'));
    if (rule.reason !== undefined && !supportedReasons.includes(rule.reason))
      errs.push(notSupported(String(p.child('reason')), rule.reason, supportedReasons));
    const fieldPath = rule.fieldPath ?? '';
    if (fieldPath !== '' && fieldPath.trim() === '')
      errs.push(invalid(String(p.child('fieldPath')), fieldPath, 'fieldPath must be non-empty if specified'));
    if (/[\n\r]/.test(fieldPath))
      errs.push(invalid(String(p.child('fieldPath')), fieldPath, 'fieldPath must not contain line breaks'));
    if (fieldPath !== '' && !fieldPathValid(schema, fieldPath))
      errs.push(invalid(String(p.child('fieldPath')), fieldPath, 'fieldPath must be a valid path'));
  });
  return errs;
}

function fieldPathValid(schema: JSONSchemaProps, fieldPath: string): boolean {
  let s: Structural;
  try {
    s = newStructural(schema);
  } catch (e) {
    if (e instanceof StructuralError) return true;
    throw e;
  }
  return validFieldPath(fieldPath, s) !== undefined;
}

function compileRules(
  structural: Structural,
  isRoot: boolean,
  fldPath: Path,
  ctx: SchemaContext,
  cel: CELContext,
): FieldError[] {
  const errs: FieldError[] = [];
  const node = cel.schema.compile(structural, isRoot || structural.embeddedResource);
  if (!node) {
    errs.push(
      new FieldError(
        'InternalError',
        String(fldPath.child('x-kubernetes-validations')),
        '',
        'internal error: failed to retrieve type information for x-kubernetes-validations',
      ),
    );
    return errs;
  }
  const cardinality = cel.cardinality ?? Math.floor(maxRequestSizeBytes / (node.decl.minSize + 1));
  node.rules.forEach((compiled: CompiledRule, i) => {
    const rulePath = fldPath.child('x-kubernetes-validations').index(i);
    const rule = compiled.rule;
    const cost = compiled.maxCost * cardinality;
    if (cost > staticEstimatedCostLimit)
      errs.push(
        forbidden(
          String(rulePath.child('rule')),
          costErrorMessage('estimated rule cost', cost, staticEstimatedCostLimit),
        ),
      );
    observeCost(cel, String(rulePath.child('rule')), cost);
    if (compiled.error) {
      if (compiled.error.type === 'Required')
        errs.push(required(String(rulePath.child('rule')), compiled.error.detail));
      else errs.push(invalidGo(String(rulePath.child('rule')), goValidationRule(rule), compiled.error.detail));
    }
    if (compiled.messageExpressionError)
      errs.push(
        invalidGo(
          String(rulePath.child('messageExpression')),
          goValidationRule(rule),
          compiled.messageExpressionError.detail,
        ),
      );
    else if (compiled.messageProgram) {
      const msgCost = compiled.messageMaxCost * cardinality;
      if (msgCost > staticEstimatedCostLimit)
        errs.push(
          forbidden(
            String(rulePath.child('messageExpression')),
            costErrorMessage('estimated messageExpression cost', msgCost, staticEstimatedCostLimit),
          ),
        );
      observeCost(cel, String(rulePath.child('messageExpression')), msgCost);
    }
    if (compiled.usesOldSelf) {
      if (ctx.uncorrelatablePath !== undefined)
        errs.push(
          invalid(
            String(rulePath.child('rule')),
            rule.rule ?? '',
            `oldSelf cannot be used on the uncorrelatable portion of the schema within ${ctx.uncorrelatablePath}`,
          ),
        );
    } else if (rule.optionalOldSelf !== undefined)
      errs.push(
        invalid(
          String(rulePath.child('optionalOldSelf')),
          rule.optionalOldSelf,
          'may not be set if oldSelf is not used in rule',
        ),
      );
  });
  return errs;
}

function observeCost(cel: CELContext, path: string, cost: number): void {
  cel.total.cost += cost;
  cel.total.expensive.push({ path, cost });
  cel.total.expensive.sort((a, b) => b.cost - a.cost);
  // Upstream names the four most expensive expressions when the total is exceeded.
  cel.total.expensive.length = Math.min(cel.total.expensive.length, 4);
}

/**
 * Defaults must be valid for their schema, pruned (no unknown fields) and pass its rules
 * (apiextensions-apiserver pkg/apiserver/schema/defaulting/validation.go).
 */
function validateDefaults(fldPath: Path, root: Structural, cel: CELSchema): FieldError[] {
  const errs: FieldError[] = [];
  const visit = (s: Structural, pth: Path, isResourceRoot: boolean): void => {
    if (s.default !== undefined) {
      const defaultPath = pth.child('default');
      const pruned = structuredClone(s.default);
      prune(pruned, s, s.embeddedResource);
      if (!jsonEqual(pruned, s.default))
        errs.push(invalidGo(String(defaultPath), goValue(s.default), 'must not have unknown fields'));
      const valueErrs = newSchemaValidator(s.source).validate(structuredClone(s.default), {
        basePath: String(defaultPath),
      });
      if (valueErrs.length > 0) errs.push(...valueErrs);
      else {
        const celErrs = validateCEL(cel, s, isResourceRoot, s.default, s.default, String(defaultPath));
        errs.push(...celErrs.errors);
        if (celErrs.errors.length === 0)
          errs.push(...validateCEL(cel, s, isResourceRoot, s.default, undefined, String(defaultPath)).errors);
      }
    }
    if (s.items) visit(s.items, pth.child('items'), s.items.embeddedResource);
    for (const [k, child] of s.properties ?? []) visit(child, pth.child('properties').key(k), child.embeddedResource);
  };
  visit(root, fldPath, true);
  return errs;
}
