/**
 * Apply conflicts (merge/conflict.go): a field another manager owns that an apply would change.
 */
import { FieldSet } from '../fieldpath/set.js';
import type { ManagedFields } from '../fieldpath/managers.js';
import { type Path, pathString } from '../fieldpath/path.js';
import { compareStrings, goQuote } from '../value/value.js';

export interface Conflict {
  readonly manager: string;
  readonly path: Path;
}

/** The conflicts of an apply, thrown by Updater.apply unless forced. */
export class Conflicts extends Error {
  override readonly name = 'Conflicts';

  constructor(readonly conflicts: readonly Conflict[]) {
    super(conflictsMessage(conflicts));
  }

  /** The conflicting fields, whoever owns them. */
  toSet(): FieldSet {
    const set = new FieldSet();
    for (const c of this.conflicts) set.insert(c.path);
    return set;
  }
}

/** One line per conflict, grouped by manager in name order (Conflicts.Error). */
function conflictsMessage(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    return `conflict with ${goQuote(c.manager)}: ${pathString(c.path)}`;
  }
  const lines: string[] = [];
  for (const [manager, paths] of groupByManager(conflicts)) {
    lines.push(`conflicts with ${goQuote(manager)}:`);
    for (const p of paths) lines.push(`- ${pathString(p)}`);
  }
  return lines.join('\n');
}

/** Conflicts grouped by manager, managers sorted, paths in the order they were found. */
export function groupByManager(conflicts: readonly Conflict[]): [string, Path[]][] {
  const byManager = new Map<string, Path[]>();
  for (const c of conflicts) {
    const paths = byManager.get(c.manager);
    if (paths) paths.push(c.path);
    else byManager.set(c.manager, [c.path]);
  }
  return [...byManager].sort(([a], [b]) => compareStrings(a, b));
}

/** Every path of every manager's set, managers in name order. */
export function conflictsFromManagers(sets: ManagedFields): Conflicts {
  const conflicts: Conflict[] = [];
  for (const manager of [...sets.keys()].sort(compareStrings))
    sets.get(manager)?.set.iterate((path) => conflicts.push({ manager, path }));
  return new Conflicts(conflicts);
}
