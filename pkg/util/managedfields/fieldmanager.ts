/**
 * Field managers (k8s.io/apimachinery/pkg/util/managedfields): what a request handler holds per
 * resource (and per subresource) to maintain managedFields on every write and to serve
 * server-side apply.
 *
 *   const fm = newDefaultFieldManager({ typeConverter, objectCreater, kind, resetFields });
 *   stored = fm.updateNoErrors(live, incoming, managerOrUserAgent(query.fieldManager, userAgent));
 *   stored = fm.apply(live ?? objectCreater.newObject(kind), applied, query.fieldManager, force);
 */
import type { GroupVersionKind } from '../../apis/meta/v1/types.js';
import { groupVersionString } from '../../runtime/schema/group-version.js';
import type { ManagedFieldsEntry } from '../../apis/meta/v1/types.js';
import { excludeSetFilter, type FieldSet, type Filter } from '../../structured-merge-diff/fieldpath/set.js';
import { BuildManagerInfoManager } from './internal/buildmanagerinfo.js';
import { CapManagersManager, defaultMaxUpdateManagers } from './internal/capmanagers.js';
import { FieldManager } from './internal/fieldmanager.js';
import { LastAppliedManager } from './internal/lastappliedmanager.js';
import { LastAppliedUpdater } from './internal/lastappliedupdater.js';
import { decodeManagedFields } from './internal/managedfields.js';
import { ManagedFieldsUpdater } from './internal/managedfieldsupdater.js';
import type { ApiObject } from './internal/object.js';
import { type ObjectCreater, SkipNonAppliedManager } from './internal/skipnonapplied.js';
import { StripMetaManager } from './internal/stripmeta.js';
import { type ObjectDefaulter, StructuredMergeManager } from './internal/structuredmerge.js';
import type { TypeConverter } from './internal/typeconverter.js';
import { noConversion, type ObjectConvertor } from './internal/versionconverter.js';
import { VersionCheckManager } from './internal/versioncheck.js';

export { FieldManager } from './internal/fieldmanager.js';
export type { ApiObject } from './internal/object.js';
export type { ObjectCreater } from './internal/skipnonapplied.js';
export type { ObjectDefaulter } from './internal/structuredmerge.js';
export { NotRegisteredError, noConversion, type ObjectConvertor } from './internal/versionconverter.js';
export { lastAppliedConfigAnnotation } from './internal/lastapplied.js';

export interface FieldManagerOptions {
  readonly typeConverter: TypeConverter;
  /** The endpoint's kind and version: applied objects must be of it. */
  readonly kind: GroupVersionKind;
  /** '' (the main resource), `status`, `scale`, …: recorded in entries; managedFields sent to a subresource are ignored. */
  readonly subresource?: string;
  /** Creates the empty object of a kind (the start of tracking); default: type meta only. */
  readonly objectCreater?: ObjectCreater;
  /** Converts between versions of the kind, for managers recorded at other versions; default: none. */
  readonly objectConverter?: ObjectConvertor;
  /** Defaults the result of an apply (the strategy's defaulting); default: none. */
  readonly objectDefaulter?: ObjectDefaulter;
  /** The version objects come in and leave at; default: the kind's. */
  readonly hub?: string;
  /**
   * Per API version, fields the strategy resets on this endpoint (status on the main resource,
   * spec on status), which no manager owns: sets, or filters.
   */
  readonly resetFields?: ReadonlyMap<string, FieldSet | Filter>;
  /** The cap on update entries (upstream's 10). */
  readonly maxUpdateManagers?: number;
  /** The clock for entry times. */
  readonly now?: () => Date;
}

const typeMetaOnly: ObjectCreater = {
  newObject: (gvk) => ({ apiVersion: groupVersionString(gvk), kind: gvk.kind }),
};

const noDefaults: ObjectDefaulter = { default: (obj: ApiObject) => obj };

function resetFilters(resetFields: FieldManagerOptions['resetFields']): ReadonlyMap<string, Filter> | undefined {
  if (!resetFields) return undefined;
  const out = new Map<string, Filter>();
  for (const [version, f] of resetFields) out.set(version, 'filter' in f ? f : excludeSetFilter(f));
  return out;
}

function build(opts: FieldManagerOptions, crd: boolean): FieldManager {
  const groupVersion = groupVersionString(opts.kind);
  const subresource = opts.subresource ?? '';
  const objectConverter = opts.objectConverter ?? noConversion;
  const structured = new StructuredMergeManager({
    typeConverter: opts.typeConverter,
    objectConverter,
    objectDefaulter: opts.objectDefaulter ?? noDefaults,
    groupVersion,
    hubVersion: opts.hub ?? groupVersion,
    resetFields: resetFilters(opts.resetFields),
    crd,
  });
  const pipeline = new VersionCheckManager(
    new LastAppliedUpdater(
      new LastAppliedManager(
        new SkipNonAppliedManager(
          new CapManagersManager(
            new BuildManagerInfoManager(
              new ManagedFieldsUpdater(new StripMetaManager(structured), opts.now ?? (() => new Date())),
              groupVersion,
              subresource,
            ),
            opts.maxUpdateManagers ?? defaultMaxUpdateManagers,
          ),
          opts.objectCreater ?? typeMetaOnly,
        ),
        opts.typeConverter,
        objectConverter,
        groupVersion,
      ),
    ),
    opts.kind,
  );
  return new FieldManager(pipeline, subresource);
}

/** The field manager of a built-in resource (NewDefaultFieldManager). */
export function newDefaultFieldManager(opts: FieldManagerOptions): FieldManager {
  return build(opts, false);
}

/** The field manager of a custom resource: conversions go through the CRD's one hub version (NewDefaultCRDFieldManager). */
export function newDefaultCRDFieldManager(opts: FieldManagerOptions): FieldManager {
  return build(opts, true);
}

/**
 * Whether managedFields decode (ValidateManagedFields): undefined when they do, else the reason.
 * Upstream uses it to restore the previous managedFields when admission breaks them.
 */
export function validateManagedFields(entries: readonly ManagedFieldsEntry[] | undefined): string | undefined {
  try {
    decodeManagedFields(entries);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
