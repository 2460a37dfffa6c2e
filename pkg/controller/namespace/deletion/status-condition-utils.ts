/**
 * Namespace status conditions the deleter maintains while a namespace terminates (mirrors
 * pkg/controller/namespace/deletion/status_condition_utils.go): each known type is always present,
 * True with the problem or False with the "ok" wording; lastTransitionTime moves only when the
 * status flips. `kubectl describe namespace` shows them.
 */
import type { NamespaceCondition } from '../../../apis/core/v1/types.js';
import { rfc3339 } from '../../../registry/rest/create.js';

const conditionTypes = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const ok: Record<(typeof conditionTypes)[number], { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: {
    reason: 'ResourcesDiscovered',
    message: 'All resources successfully discovered',
  },
  NamespaceDeletionGroupVersionParsingFailure: {
    reason: 'ParsedGroupVersions',
    message: 'All legacy kube types successfully parsed',
  },
  NamespaceDeletionContentFailure: {
    reason: 'ContentDeleted',
    message: 'All content successfully deleted, may be waiting on finalization',
  },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
};

/** What one deletion pass found: per-resource leftovers, per-finalizer leftovers, and delete errors. */
export interface ContentTotals {
  /** `<resource>.<group>` (upstream's spelling, so core resources end in '.') → instances left. */
  remainingByResource: Map<string, number>;
  remainingByFinalizer: Map<string, number>;
  deleteErrors: string[];
  /** Why discovery failed, when it did (the pass then deleted nothing). */
  discoveryError?: string;
}

export function newContentTotals(): ContentTotals {
  return { remainingByResource: new Map(), remainingByFinalizer: new Map(), deleteErrors: [] };
}

function problemConditions(totals: ContentTotals, now: string): NamespaceCondition[] {
  const out: NamespaceCondition[] = [];
  if (totals.discoveryError !== undefined) {
    out.push({
      type: 'NamespaceDeletionDiscoveryFailure',
      status: 'True',
      lastTransitionTime: now,
      reason: 'DiscoveryFailed',
      message: totals.discoveryError,
    });
  }
  const resources = [...totals.remainingByResource]
    .filter(([, n]) => n > 0)
    .map(([gr, n]) => `${gr} has ${n} resource instances`)
    .sort();
  if (resources.length > 0) {
    out.push({
      type: 'NamespaceContentRemaining',
      status: 'True',
      lastTransitionTime: now,
      reason: 'SomeResourcesRemain',
      message: `Some resources are remaining: ${resources.join(', ')}`,
    });
  }
  const finalizers = [...totals.remainingByFinalizer]
    .filter(([, n]) => n > 0)
    .map(([f, n]) => `${f} in ${n} resource instances`)
    .sort();
  if (finalizers.length > 0) {
    out.push({
      type: 'NamespaceFinalizersRemaining',
      status: 'True',
      lastTransitionTime: now,
      reason: 'SomeFinalizerRemain',
      message: `Some finalizers are remaining: ${finalizers.join(', ')}`,
    });
  }
  if (totals.deleteErrors.length > 0) {
    const msgs = [...totals.deleteErrors].sort();
    out.push({
      type: 'NamespaceDeletionContentFailure',
      status: 'True',
      lastTransitionTime: now,
      reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
    });
  }
  return out;
}

/** Merges this pass's outcome into `conditions` (modified in place); true when anything changed. */
export function updateConditions(
  conditions: NamespaceCondition[],
  totals: ContentTotals,
  now: Date = new Date(),
): boolean {
  const stamp = rfc3339(now);
  const problems = problemConditions(totals, stamp);
  let changed = false;
  for (const type of conditionTypes) {
    const next = problems.find((c) => c.type === type) ?? {
      type,
      status: 'False',
      lastTransitionTime: stamp,
      ...ok[type],
    };
    const old = conditions.find((c) => c.type === type);
    if (!old) {
      conditions.push(next);
      changed = true;
    } else if (old.status !== next.status || old.reason !== next.reason || old.message !== next.message) {
      if (old.status !== next.status) old.lastTransitionTime = stamp;
      old.status = next.status;
      old.reason = next.reason;
      old.message = next.message;
      changed = true;
    }
  }
  return changed;
}
