/**
 * Converting typed values between API versions for the merge algorithm
 * (internal/versionconverter.go): typed value → object → hub version → target version → typed.
 * Managers recorded at a version the converter does not know are dropped.
 */
import type { Converter } from '../../../structured-merge-diff/merge/update.js';
import type { TypedValue } from '../../../structured-merge-diff/typed/typed.js';
import type { ApiObject } from './object.js';
import { NoCorrespondingTypeError, type TypeConverter } from './typeconverter.js';

/** Converts objects between versions of their kind (runtime.ObjectConvertor). */
export interface ObjectConvertor {
  /** The object at `apiVersion`; throws NotRegisteredError for a version it does not know. */
  convertToVersion(obj: ApiObject, apiVersion: string): ApiObject;
}

/** The version is not one the convertor knows (runtime.IsNotRegisteredError). */
export class NotRegisteredError extends Error {
  override readonly name = 'NotRegisteredError';
}

/** The convertor for kinds served at one version: any other version is not registered. */
export const noConversion: ObjectConvertor = {
  convertToVersion(obj, apiVersion) {
    if ((obj.apiVersion ?? '') === apiVersion) return obj;
    throw new NotRegisteredError(`no conversion of ${obj.kind ?? ''} from ${obj.apiVersion ?? ''} to ${apiVersion}`);
  },
};

/**
 * A merge.Converter; `hubFor(from)` is the version conversions go through (the storage version
 * for built-in kinds, within the object's group; the CRD's storage version for custom resources).
 */
export function newVersionConverter(
  typeConverter: TypeConverter,
  convertor: ObjectConvertor,
  hubFor: (fromApiVersion: string) => string,
): Converter {
  return {
    convert(object: TypedValue, version: string): TypedValue {
      const obj = typeConverter.typedToObject(object);
      const from = obj.apiVersion ?? '';
      if (from === version) return object;
      const hub = convertor.convertToVersion(obj, hubFor(from));
      return typeConverter.objectToTyped(convertor.convertToVersion(hub, version));
    },
    isMissingVersionError: (err) => err instanceof NotRegisteredError || err instanceof NoCorrespondingTypeError,
  };
}
