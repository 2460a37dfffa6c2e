/**
 * The 409 an apply conflict answers (internal/conflict.go): one cause per conflicting field,
 * naming its manager, and a message listing them all, grouped by manager.
 */
import { StatusError } from '../../../api/errors/errors.js';
import type { StatusCause } from '../../../apis/meta/v1/types.js';
import { groupByManager, type Conflicts } from '../../../structured-merge-diff/merge/conflict.js';
import { pathString } from '../../../structured-merge-diff/fieldpath/path.js';
import { goQuote } from '../../../structured-merge-diff/value/value.js';
import { operationUpdate, parseManagerIdentifier } from './managedfields.js';

/**
 * How a manager identifier reads in messages: `"kubectl"`, `"kube-controller-manager" with
 * subresource "status" using apps/v1`. (Upstream would add `at <time>`, but identifiers carry
 * no time, so it never does.)
 */
export function printManager(manager: string): string {
  const entry = parseManagerIdentifier(manager);
  if (!entry) return goQuote(manager);
  let out = goQuote(entry.manager ?? '');
  if (entry.subresource) out += ` with subresource ${goQuote(entry.subresource)}`;
  if (entry.operation === operationUpdate) out += ` using ${entry.apiVersion ?? ''}`;
  return out;
}

/** The 409 Conflict for an apply's conflicts (NewConflictError). */
export function newConflictError(conflicts: Conflicts): StatusError {
  const causes: StatusCause[] = conflicts.conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.manager)}`,
    field: pathString(c.path),
  }));
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: conflictMessage(conflicts),
    reason: 'Conflict',
    details: { causes },
    code: 409,
  });
}

function conflictMessage(conflicts: Conflicts): string {
  const list = conflicts.conflicts;
  if (list.length === 1) {
    const c = list[0]!;
    return `Apply failed with 1 conflict: conflict with ${printManager(c.manager)}: ${pathString(c.path)}`;
  }
  const lines: string[] = [];
  for (const [manager, paths] of groupByManager(list)) {
    lines.push(`conflicts with ${printManager(manager)}:`);
    for (const p of paths) lines.push(`- ${pathString(p)}`);
  }
  return `Apply failed with ${list.length} conflicts: ${lines.join('\n')}`;
}
