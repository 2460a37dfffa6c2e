import { describe, expect, it } from 'vitest';
import type { NamespaceCondition } from '../../../apis/core/v1/types.js';
import { newContentTotals, updateConditions } from './status-condition-utils.js';

const at = new Date('2026-01-02T03:04:05Z');
const later = new Date('2026-01-02T03:05:00Z');

describe('updateConditions', () => {
  it('starts with every condition False, with upstream’s "ok" reasons', () => {
    const conditions: NamespaceCondition[] = [];
    expect(updateConditions(conditions, newContentTotals(), at)).toBe(true);
    expect(conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions'],
      ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted'],
      ['NamespaceContentRemaining', 'False', 'ContentRemoved'],
      ['NamespaceFinalizersRemaining', 'False', 'ContentRemoved'],
    ]);
    expect(updateConditions(conditions, newContentTotals(), later)).toBe(false);
  });

  it('reports a discovery failure, remaining content and delete errors, moving lastTransitionTime only on a flip', () => {
    const conditions: NamespaceCondition[] = [];
    updateConditions(conditions, newContentTotals(), at);
    const totals = newContentTotals();
    totals.discoveryError = 'unable to retrieve the complete list of server APIs';
    totals.remainingByResource.set('pods.', 2);
    totals.remainingByFinalizer.set('example.com/hold', 1);
    totals.deleteErrors.push('b failed', 'a failed');
    expect(updateConditions(conditions, totals, later)).toBe(true);
    const byType = Object.fromEntries(conditions.map((c) => [c.type, c]));
    expect(byType.NamespaceDeletionDiscoveryFailure).toMatchObject({
      status: 'True',
      reason: 'DiscoveryFailed',
      message: 'unable to retrieve the complete list of server APIs',
      lastTransitionTime: '2026-01-02T03:05:00Z',
    });
    expect(byType.NamespaceContentRemaining?.message).toBe(
      'Some resources are remaining: pods. has 2 resource instances',
    );
    expect(byType.NamespaceFinalizersRemaining?.message).toBe(
      'Some finalizers are remaining: example.com/hold in 1 resource instances',
    );
    expect(byType.NamespaceDeletionContentFailure?.message).toBe(
      'Failed to delete all resource types, 2 remaining: a failed, b failed',
    );
    expect(byType.NamespaceDeletionGroupVersionParsingFailure?.lastTransitionTime).toBe('2026-01-02T03:04:05Z');
  });
});
