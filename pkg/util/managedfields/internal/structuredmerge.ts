/**
 * The core stage (internal/structuredmerge.go): objects to typed values at the request's
 * version, then the merge algorithm's update or apply.
 */
import { newBadRequest } from '../../../api/errors/errors.js';
import type { Filter } from '../../../structured-merge-diff/fieldpath/set.js';
import { Updater } from '../../../structured-merge-diff/merge/update.js';
import type { TypedValue } from '../../../structured-merge-diff/typed/typed.js';
import type { ApplyResult, Manager, UpdateResult } from './manager.js';
import type { Managed } from './managedfields.js';
import { type ApiObject, groupVersionOf, objectGVKNN } from './object.js';
import { groupVersionString } from '../../../runtime/schema/group-version.js';
import type { TypeConverter } from './typeconverter.js';
import { newVersionConverter, type ObjectConvertor } from './versionconverter.js';

/** Applies defaults to an object (runtime.ObjectDefaulter), returning the defaulted copy. */
export interface ObjectDefaulter {
  default(obj: ApiObject): ApiObject;
}

export interface StructuredMergeOptions {
  readonly typeConverter: TypeConverter;
  readonly objectConverter: ObjectConvertor;
  readonly objectDefaulter: ObjectDefaulter;
  /** The request's version (`apps/v1`). */
  readonly groupVersion: string;
  /** The version objects come in and leave at (upstream's internal version; here the stored one). */
  readonly hubVersion: string;
  /** Per API version, fields the strategy resets, left out of every manager's set. */
  readonly resetFields?: ReadonlyMap<string, Filter>;
  /** Custom resources convert through the CRD's one hub version; built-in kinds through their group's. */
  readonly crd: boolean;
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class StructuredMergeManager implements Manager {
  private readonly updater: Updater;

  constructor(private readonly opts: StructuredMergeOptions) {
    const hub = opts.hubVersion;
    const hubVersionOnly = hub.slice(hub.indexOf('/') + 1);
    const hubFor = opts.crd
      ? () => hub
      : (from: string) => {
          const slash = from.indexOf('/');
          return slash < 0 ? hubVersionOnly : `${from.slice(0, slash)}/${hubVersionOnly}`;
        };
    this.updater = new Updater({
      converter: newVersionConverter(opts.typeConverter, opts.objectConverter, hubFor),
      ignoreFilter: opts.resetFields,
    });
  }

  update(liveObj: ApiObject, newObj: ApiObject, managed: Managed, manager: string): UpdateResult {
    const { typeConverter, groupVersion } = this.opts;
    let newVersioned: ApiObject;
    let liveVersioned: ApiObject;
    try {
      newVersioned = this.toVersioned(newObj);
    } catch (err) {
      throw new Error(
        `failed to convert new object (${objectGVKNN(newObj)}) to proper version (${groupVersion}): ${reason(err)}`,
      );
    }
    try {
      liveVersioned = this.toVersioned(liveObj);
    } catch (err) {
      throw new Error(`failed to convert live object (${objectGVKNN(liveObj)}) to proper version: ${reason(err)}`);
    }
    let newTyped: TypedValue;
    let liveTyped: TypedValue;
    try {
      newTyped = typeConverter.objectToTyped(newVersioned, { allowDuplicates: true });
    } catch (err) {
      throw new Error(`failed to convert new object (${objectGVKNN(newVersioned)}) to smd typed: ${reason(err)}`);
    }
    try {
      liveTyped = typeConverter.objectToTyped(liveVersioned, { allowDuplicates: true });
    } catch (err) {
      throw new Error(`failed to convert live object (${objectGVKNN(liveVersioned)}) to smd typed: ${reason(err)}`);
    }
    let fields: Managed['fields'];
    try {
      fields = this.updater.updateManagers(liveTyped, newTyped, groupVersion, managed.fields, manager);
    } catch (err) {
      throw new Error(`failed to update ManagedFields (${objectGVKNN(newVersioned)}): ${reason(err)}`);
    }
    return { object: newObj, managed: { fields, times: managed.times } };
  }

  apply(liveObj: ApiObject, patchObj: ApiObject, managed: Managed, manager: string, force: boolean): ApplyResult {
    const { typeConverter, groupVersion } = this.opts;
    const patchVersion = groupVersionString(groupVersionOf(patchObj));
    if (patchVersion !== groupVersion)
      throw newBadRequest(
        `Incorrect version specified in apply patch. Specified patch version: ${patchVersion}, expected: ${groupVersion}`,
      );
    if (patchObj.metadata?.managedFields !== undefined && patchObj.metadata.managedFields !== null)
      throw newBadRequest('metadata.managedFields must be nil');
    let liveVersioned: ApiObject;
    try {
      liveVersioned = this.toVersioned(liveObj);
    } catch (err) {
      throw new Error(`failed to convert live object (${objectGVKNN(liveObj)}) to proper version: ${reason(err)}`);
    }
    let patchTyped: TypedValue;
    try {
      // No duplicate keys in what is applied.
      patchTyped = typeConverter.objectToTyped(patchObj);
    } catch (err) {
      // Upstream answers 500 here although the client sent the invalid object; its pending fix
      // (kubernetes#139253) makes it a 400 with the same message, as this does.
      throw newBadRequest(`failed to create typed patch object (${objectGVKNN(patchObj)}): ${reason(err)}`);
    }
    let liveTyped: TypedValue;
    try {
      liveTyped = typeConverter.objectToTyped(liveVersioned, { allowDuplicates: true });
    } catch (err) {
      throw new Error(`failed to create typed live object (${objectGVKNN(liveVersioned)}): ${reason(err)}`);
    }
    const result = this.updater.apply(liveTyped, patchTyped, groupVersion, managed.fields, manager, force);
    const newManaged: Managed = { fields: result.managers, times: managed.times };
    if (!result.object) return { object: undefined, managed: newManaged };
    let newObj: ApiObject;
    try {
      newObj = typeConverter.typedToObject(result.object);
    } catch (err) {
      throw new Error(`failed to convert new typed object (${objectGVKNN(patchObj)}) to object: ${reason(err)}`);
    }
    let versioned: ApiObject;
    try {
      versioned = this.toVersioned(newObj);
    } catch (err) {
      throw new Error(`failed to convert new object (${objectGVKNN(patchObj)}) to proper version: ${reason(err)}`);
    }
    const defaulted = this.opts.objectDefaulter.default(versioned);
    try {
      return {
        object: this.opts.objectConverter.convertToVersion(defaulted, this.opts.hubVersion),
        managed: newManaged,
      };
    } catch (err) {
      throw new Error(`failed to convert to unversioned (${objectGVKNN(patchObj)}): ${reason(err)}`);
    }
  }

  private toVersioned(obj: ApiObject): ApiObject {
    return this.opts.objectConverter.convertToVersion(obj, this.opts.groupVersion);
  }
}
