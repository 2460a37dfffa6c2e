/**
 * Server-side printing framework (mirrors pkg/printers/tablegenerator.go): a printer is a list of
 * column definitions plus a function from one object to its row cells; `newTableConvertor` turns
 * that into the TableConvertor a Store serves `kubectl get` with.
 */
import type { KubeObject, TableColumnDefinition, TableRow, TableRowCondition } from '../apis/meta/v1/types.js';
import { newTable, tableItems, tableRowObject, type TableConvertor } from '../registry/rest/table.js';
import { translateTimestampSince } from './duration.js';

/** One row's cells (in column order) and, for finished pods, the Completed condition. */
export interface PrintedRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
}

/** Prints one object; `now` is the instant ages are computed from (one per table). */
export type PrintFunc<T extends KubeObject> = (obj: T, now: Date) => PrintedRow;

/** A column as upstream declares it; format and priority default to '' and 0 (shown without -o wide). */
export function column(
  name: string,
  type: string,
  description: string,
  opts: { format?: string; priority?: number } = {},
): TableColumnDefinition {
  return { name, type, format: opts.format ?? '', description, priority: opts.priority ?? 0 };
}

// Descriptions are ours (upstream uses the swagger docs); kubectl shows only names.
export const nameColumn = column(
  'Name',
  'string',
  'Name must be unique within a namespace; cluster-scoped objects are unique cluster-wide.',
  { format: 'name' },
);
export const ageColumn = column('Age', 'string', 'Time since the server created the object.');
const containersColumn = column('Containers', 'string', 'Names of each container in the template.', { priority: 1 });
const imagesColumn = column('Images', 'string', 'Images referenced by each container in the template.', {
  priority: 1,
});

/** The Age cell: time since creation, as kubectl prints it (`5m`, `<unknown>` without a timestamp). */
export function age(obj: { metadata: { creationTimestamp?: string | null } }, now: Date): string {
  return translateTimestampSince(obj.metadata.creationTimestamp, now);
}

/** Name, one column of the kind's own, and Age: what the simple kinds print (config maps, leases, …). */
export function nameValueAgeTableConvertor<T extends KubeObject>(
  valueColumn: TableColumnDefinition,
  value: (obj: T) => unknown,
): TableConvertor<T> {
  return newTableConvertor<T>([nameColumn, valueColumn, ageColumn], (obj, now) => ({
    cells: [obj.metadata.name ?? '', value(obj), age(obj, now)],
  }));
}

/**
 * Builds a TableConvertor from columns and a row printer. `clock` exists for tests; production
 * code uses the wall clock, as upstream's time.Since.
 */
export function newTableConvertor<T extends KubeObject>(
  columns: readonly TableColumnDefinition[],
  print: PrintFunc<T>,
  clock: () => Date = () => new Date(),
): TableConvertor<T> {
  return {
    convertToTable(_ctx, object, opts = {}) {
      const table = newTable(object);
      table.columnDefinitions = columns.map((c) => ({ ...c }));
      const now = clock();
      table.rows = tableItems(object).map((obj) => {
        const printed = print(obj, now);
        const row: TableRow = { cells: printed.cells };
        if (printed.conditions) row.conditions = printed.conditions;
        const rowObject = tableRowObject(obj, opts.includeObject);
        if (rowObject) row.object = rowObject;
        return row;
      });
      return table;
    },
  };
}

/** The pod template of a workload, as far as printing goes. */
interface TemplateContainers {
  spec?: { containers?: readonly { name?: string; image?: string }[] };
}

/**
 * Age and the wide Containers and Images columns, then `more` (a Selector): how every workload
 * printer ends (deployments, replica sets, jobs, …). workloadCells fills them.
 */
export function workloadColumns(...more: TableColumnDefinition[]): TableColumnDefinition[] {
  return [ageColumn, containersColumn, imagesColumn, ...more];
}

/** The cells of workloadColumns: the age, the template's container names and images, then `more`. */
export function workloadCells(
  obj: KubeObject,
  now: Date,
  template: TemplateContainers | undefined,
  ...more: unknown[]
): unknown[] {
  return [age(obj, now), ...layoutContainerCells(template?.spec?.containers), ...more];
}

/** Container names and images joined by commas (upstream layoutContainerCells). */
export function layoutContainerCells(
  containers: readonly { name?: string; image?: string }[] | undefined,
): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** labels.FormatLabels: `k=v,k2=v2` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}

/** Up to `max` entries joined by commas, then `+ N more...`; `<unset>` when empty (upstream listWithMoreString). */
export function listWithMore(list: readonly string[], total: number, max: number, empty = '<unset>'): string {
  const shown = list.slice(0, max).join(',');
  if (total > max) return `${shown} + ${total - max} more...`;
  return shown === '' ? empty : shown;
}
