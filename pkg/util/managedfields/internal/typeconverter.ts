/**
 * Objects to typed values and back (internal/typeconverter.go): the schema of an object is the
 * OpenAPI definition its apiVersion and kind name; without schemas (a CRD without one) every
 * object is deduced — maps separable, lists atomic.
 */
import type { Definitions } from '../../../openapi/definitions.js';
import { schemaFromOpenAPI } from '../../../openapi/schemaconv/openapi.js';
import { parseGroupVersion } from '../../../runtime/schema/group-version.js';
import { addUntypedTypes, Schema, untypedDeducedName } from '../../../structured-merge-diff/schema/elements.js';
import { TypedValue, type ValidationOptions } from '../../../structured-merge-diff/typed/typed.js';
import { goTypeName } from '../../../structured-merge-diff/value/value.js';
import { type ApiObject, gvkString, isValueMap, objectValue, valueObject } from './object.js';

export interface TypeConverter {
  /** The object as a typed value, validated; throws NoCorrespondingTypeError or ValidationErrors. */
  objectToTyped(obj: ApiObject, opts?: ValidationOptions): TypedValue;
  typedToObject(tv: TypedValue): ApiObject;
}

/** No schema describes the object's kind (at that version). */
export class NoCorrespondingTypeError extends Error {
  override readonly name = 'NoCorrespondingTypeError';

  constructor(gvk: string) {
    super(`no corresponding type for ${gvk}`);
  }
}

function typedToObject(tv: TypedValue): ApiObject {
  if (!isValueMap(tv.value))
    throw new Error(`failed to convert value to unstructured for type ${goTypeName(tv.value)}`);
  return valueObject(tv.value);
}

/**
 * A converter over OpenAPI definitions indexed by `x-kubernetes-group-version-kind`. For kinds
 * served from Go structs, `normalize` gives an object the form the struct would (upstream
 * converts the merged object into one); custom resources stay as they are.
 */
export function newTypeConverter(
  definitions: Definitions,
  preserveUnknownFields = false,
  normalize: (obj: ApiObject) => ApiObject = (obj) => obj,
): TypeConverter {
  const schema = schemaFromOpenAPI(definitions.schemas, { preserveUnknownFields });
  return {
    objectToTyped(obj, opts) {
      const gv = safeGroupVersion(obj.apiVersion ?? '');
      const name = gv && definitions.nameFor({ group: gv.group, version: gv.version, kind: obj.kind ?? '' });
      if (!name) throw new NoCorrespondingTypeError(gvkString(obj));
      return TypedValue.asTyped(objectValue(obj), schema, schema.ref(name), opts);
    },
    typedToObject: (tv) => normalize(typedToObject(tv)),
  };
}

function safeGroupVersion(apiVersion: string): { group: string; version: string } | undefined {
  try {
    return parseGroupVersion(apiVersion);
  } catch {
    return undefined;
  }
}

/** For kinds without a schema: every object deduced (NewDeducedTypeConverter). */
export function newDeducedTypeConverter(): TypeConverter {
  const schema = new Schema((name, s) => addUntypedTypes(s, name));
  const root = schema.ref(untypedDeducedName);
  return {
    objectToTyped: (obj, opts) => TypedValue.asTyped(objectValue(obj), schema, root, opts),
    typedToObject,
  };
}
