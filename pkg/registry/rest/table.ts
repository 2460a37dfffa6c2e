/**
 * Server-side printing (mirrors k8s.io/apiserver/pkg/registry/rest/table.go): `kubectl get` asks
 * for `as=Table` and prints the columns it gets. Per-kind printers (pkg/printers) implement
 * TableConvertor; resources without one use `defaultTableConvertor` (Name, Created At).
 */
import type { KubeList, KubeObject, Table, TableRow } from '../../apis/meta/v1/types.js';
import type { RequestContext } from '../../endpoints/request/context.js';

/** meta/v1 TableOptions.includeObject: what each row's `object` holds. Default Metadata. */
export type IncludeObjectPolicy = 'None' | 'Metadata' | 'Object';

export interface TableConvertOptions {
  includeObject?: IncludeObjectPolicy;
}

/** Generic over the object type T it prints; the HTTP layer calls it with whatever the storage returned. */
export interface TableConvertor<T extends KubeObject = KubeObject> {
  /**
   * One row per object (one for a single object, one per item for a list), with the list's
   * metadata (resourceVersion, continue, remainingItemCount) copied to the table. Rows carry
   * `object` per includeObject (use `tableRowObject`). Pure: no I/O, objects are not modified.
   */
  convertToTable(ctx: RequestContext, object: T | KubeList<T>, opts?: TableConvertOptions): Table;
}

/** True for a `<Kind>List` (anything with an items array), false for a single object. */
export function isList<T extends KubeObject>(object: T | KubeList<T>): object is KubeList<T> {
  return 'items' in object && Array.isArray(object.items);
}

/** The row `object` for `obj` under includeObject: the object, its PartialObjectMetadata, or nothing. */
export function tableRowObject(
  obj: KubeObject,
  includeObject: IncludeObjectPolicy = 'Metadata',
): KubeObject | undefined {
  switch (includeObject) {
    case 'None':
      return undefined;
    case 'Object':
      return obj;
    case 'Metadata':
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  }
}

/** An empty Table carrying the list metadata of `object` (if it is a list), for convertors to fill. */
export function newTable<T extends KubeObject>(object: T | KubeList<T>): Table {
  const table: Table = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: {}, columnDefinitions: [], rows: [] };
  if (isList(object)) {
    const { resourceVersion, continue: cont, remainingItemCount } = object.metadata;
    if (resourceVersion !== undefined) table.metadata.resourceVersion = resourceVersion;
    if (cont !== undefined && cont !== '') table.metadata.continue = cont;
    if (remainingItemCount !== undefined) table.metadata.remainingItemCount = remainingItemCount;
  } else if (object.metadata.resourceVersion !== undefined) {
    table.metadata.resourceVersion = object.metadata.resourceVersion;
  }
  return table;
}

/**
 * The items of a list, or the object alone. List items are stored and listed without
 * apiVersion/kind, but a row's embedded object (includeObject=Object) must carry them, as
 * upstream's conversion sets them: kubectl decodes each row object and rejects one without a kind
 * (`kubectl get --sort-by` prints an empty table). So items get the list's group version and its
 * kind without the `List` suffix; the list itself is not modified.
 */
export function tableItems<T extends KubeObject>(object: T | KubeList<T>): T[] {
  if (!isList(object)) return [object];
  const { apiVersion, kind: listKind } = object;
  if (apiVersion === undefined || listKind === undefined || !listKind.endsWith('List')) return object.items;
  const kind = listKind.slice(0, -'List'.length);
  return object.items.map((item) => ({ ...item, kind: item.kind ?? kind, apiVersion: item.apiVersion ?? apiVersion }));
}

/** Upstream's generic columns for kinds without a printer: Name and Created At (RFC3339). */
export const defaultTableConvertor: TableConvertor = {
  convertToTable(_ctx, object, opts = {}) {
    const table = newTable(object);
    table.columnDefinitions = [
      { name: 'Name', type: 'string', format: 'name', description: nameDescription, priority: 0 },
      { name: 'Created At', type: 'date', format: '', description: creationTimestampDescription, priority: 0 },
    ];
    table.rows = tableItems(object).map((obj) => {
      const row: TableRow = { cells: [obj.metadata.name ?? '', obj.metadata.creationTimestamp ?? null] };
      const rowObject = tableRowObject(obj, opts.includeObject);
      if (rowObject) row.object = rowObject;
      return row;
    });
    return table;
  },
};

// Our own short wording: clients only display these (kubectl ignores them).
const nameDescription = 'Name of the object, unique within its namespace (or the cluster, for cluster-scoped kinds).';
const creationTimestampDescription = 'When the server created the object, in RFC3339 form (UTC).';
