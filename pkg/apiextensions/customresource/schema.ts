/**
 * Everything one served version of a CRD needs to handle its objects, built once per version
 * (the schema parts of apiextensions-apiserver's crdHandler, customresource strategy and
 * validator): decoding (pruning unknown fields and non-nullable nulls, coercing embedded
 * metadata), defaulting (on requests and on reads from storage), and validation on create, update
 * and status update — schema, embedded metadata, list-type invariants, then CEL rules.
 *
 * The serving layer calls, per object:
 *   decode → default → (ObjectMeta, as for any resource: names are DNS subdomains) → validate /
 *   validateUpdate / validateStatusUpdate (type meta, schema, scale paths, embedded metadata,
 *   list types, then CEL rules unless earlier errors block them, as upstream).
 */
import type { CustomResourceDefinition, CustomResourceDefinitionVersion } from '../../apis/apiextensions/v1/types.js';
import { loadBuiltinDefinitions } from '../../openapi/definitions.js';
import { newSchemaIndex } from '../../openapi/schema-index.js';
import type { Structural as TypedStructural } from '../../runtime/structural/structural.js';
import { FieldError, invalid, Path } from '../../util/validation/field/errors.js';
import { CELSchema } from '../schema/cel/compilation.js';
import { validateCEL } from '../schema/cel/validation.js';
import { applyDefaults, pruneNonNullableNullsWithoutDefaults } from '../schema/defaulting/algorithm.js';
import { validateListSetsAndMaps } from '../schema/listtype/validation.js';
import { coerce } from '../schema/objectmeta/algorithm.js';
import { validate as validateEmbeddedMeta } from '../schema/objectmeta/validation.js';
import { prune } from '../schema/pruning/algorithm.js';
import { newStructural, type Structural } from '../schema/structural.js';
import { newSchemaValidator, type SchemaValidator } from '../validation/validation.js';
import { validateScaleSpec, validateScaleStatus, validateTypeMeta } from './validator.js';

export interface DecodeResult {
  /** Unknown fields removed, for fieldValidation Strict (error) or Warn (warning): `unknown field "spec.foo"`. */
  unknownFields: string[];
  /** A value that cannot be decoded (embedded apiVersion/kind not a string, malformed embedded metadata). */
  error?: FieldError;
}

export interface ValidationResult {
  errors: FieldError[];
  /** Rule failures on unchanged values during an update (ratcheting): upstream returns them as warnings. */
  warnings: string[];
}

export interface CustomResourceSchema {
  readonly version: string;
  readonly structural: Structural;
  /** Prunes (unless the schema preserves unknown fields at the root) and coerces `obj` in place. */
  decode(obj: Record<string, unknown>): DecodeResult;
  /** Applies schema defaults in place: on every request body and every object read from storage. */
  applyDefaults(obj: Record<string, unknown>): void;
  validate(obj: Record<string, unknown>): ValidationResult;
  validateUpdate(obj: Record<string, unknown>, old: Record<string, unknown>): ValidationResult;
  /** The /status subresource: only `status` is validated against its schema (plus rules, as upstream). */
  validateStatusUpdate(obj: Record<string, unknown>, old: Record<string, unknown>): ValidationResult;
}

/** Upstream's marker error when CEL rules were skipped because of earlier structural errors. */
const blockingTypes = new Set([
  'FieldValueNotSupported',
  'FieldValueRequired',
  'FieldValueTooLong',
  'FieldValueTooMany',
  'FieldValueTypeInvalid',
]);

function blockingError(errs: readonly FieldError[]): FieldError | undefined {
  if (!errs.some((e) => blockingTypes.has(e.type))) return undefined;
  return invalid(
    '<nil>',
    null,
    'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
  );
}

let objectMetaSchema: Promise<TypedStructural> | undefined;

/** meta/v1 ObjectMeta's typed schema, for decoding the metadata of embedded resources. */
function loadObjectMetaSchema(): Promise<TypedStructural> {
  objectMetaSchema ??= loadBuiltinDefinitions().then((defs) =>
    newSchemaIndex(defs).structuralOf('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
  );
  return objectMetaSchema;
}

/** The version entry of a CRD by name. */
export function crdVersion(crd: CustomResourceDefinition, name: string): CustomResourceDefinitionVersion | undefined {
  return crd.spec?.versions?.find((v) => v.name === name);
}

/**
 * Builds the schema machinery of one version of a CRD that passed CRD validation (so its schema
 * is structural and its rules compile). Throws when the version or its schema is missing.
 */
export async function newCustomResourceSchema(
  crd: CustomResourceDefinition,
  versionName: string,
): Promise<CustomResourceSchema> {
  const version = crdVersion(crd, versionName);
  const openAPIV3Schema = version?.schema?.openAPIV3Schema;
  if (!openAPIV3Schema) throw new Error(`${crd.metadata.name ?? ''}: version ${versionName} has no schema`);
  const structural = newStructural(openAPIV3Schema);
  const objectMeta = await loadObjectMetaSchema();
  const validator: SchemaValidator = newSchemaValidator(openAPIV3Schema);
  const statusSchema = openAPIV3Schema.properties?.status;
  const statusValidator = statusSchema ? newSchemaValidator(statusSchema) : undefined;
  const cel = new CELSchema(structural);
  const preserveAtRoot = structural.preserveUnknownFields;
  const scale = version?.subresources?.scale;
  const typeMeta = (obj: Record<string, unknown>) =>
    validateTypeMeta(obj, crd.spec?.group ?? '', versionName, crd.spec?.names?.kind ?? '');

  const runCEL = (errs: FieldError[], obj: unknown, old: unknown): string[] => {
    const blocking = blockingError(errs);
    if (blocking) {
      errs.push(blocking);
      return [];
    }
    const result = validateCEL(cel, structural, true, obj, old);
    errs.push(...result.errors);
    return result.warnings;
  };

  const schemaChecks = (obj: Record<string, unknown>, old: Record<string, unknown> | undefined): FieldError[] => [
    ...validator.validate(obj, old === undefined ? {} : { old }),
    ...validateEmbeddedMeta(Path.root(''), obj, structural, false).map(rootless),
  ];

  return {
    version: versionName,
    structural,
    decode(obj) {
      const unknownFields = preserveAtRoot ? [] : prune(obj, structural, true);
      if (!preserveAtRoot) pruneNonNullableNullsWithoutDefaults(obj, structural);
      const coerced = coerce(Path.root(''), obj, structural, true, objectMeta);
      const error = coerced.error ? rootless(coerced.error) : undefined;
      return {
        unknownFields: [...unknownFields, ...coerced.unknownFields.map(stripRoot)].sort(),
        ...(error ? { error } : {}),
      };
    },
    applyDefaults(obj) {
      applyDefaults(obj, structural);
    },
    validate(obj) {
      const typeErrors = typeMeta(obj);
      if (typeErrors.length > 0) return { errors: typeErrors, warnings: [] };
      const errors = [
        ...schemaChecks(obj, undefined),
        ...validateScaleSpec(obj, scale),
        ...validateScaleStatus(obj, scale),
        ...validateListSetsAndMaps(Path.root(''), structural, obj).map(rootless),
      ];
      const warnings = runCEL(errors, obj, undefined);
      return { errors, warnings };
    },
    validateUpdate(obj, old) {
      const typeErrors = typeMeta(obj);
      if (typeErrors.length > 0) return { errors: typeErrors, warnings: [] };
      const errors = [...schemaChecks(obj, old), ...validateScaleSpec(obj, scale), ...validateScaleStatus(obj, scale)];
      // List invariants are only enforced when the old object kept them.
      if (validateListSetsAndMaps(Path.root(''), structural, old).length === 0)
        errors.push(...validateListSetsAndMaps(Path.root(''), structural, obj).map(rootless));
      const warnings = runCEL(errors, obj, old);
      return { errors, warnings };
    },
    validateStatusUpdate(obj, old) {
      const typeErrors = typeMeta(obj);
      if (typeErrors.length > 0) return { errors: typeErrors, warnings: [] };
      const errors: FieldError[] = [];
      if (statusValidator && 'status' in obj)
        errors.push(...statusValidator.validate(obj.status, { basePath: 'status', old: old.status }));
      errors.push(...validateScaleStatus(obj, scale));
      errors.push(
        ...validateEmbeddedMeta(Path.root(''), obj, structural, false).map(rootless),
        ...validateListSetsAndMaps(Path.root(''), structural, obj).map(rootless),
      );
      const warnings = runCEL(errors, obj, old);
      return { errors, warnings };
    },
  };
}

/** Paths built from an empty root (`.spec.x`) as upstream's nil path prints them (`spec.x`). */
function stripRoot(path: string): string {
  return path.replace(/^\./, '');
}

function rootless(e: FieldError): FieldError {
  return new FieldError(e.type, stripRoot(e.field), e.badValue, e.detail);
}
