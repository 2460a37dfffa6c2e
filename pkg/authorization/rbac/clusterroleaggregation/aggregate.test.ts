import { describe, expect, it } from 'vitest';
import type { ClusterRole } from '../../../apis/rbac/v1/types.js';
import { aggregatedRules, pendingAggregations } from './aggregate.js';

const r1 = { verbs: ['get'], apiGroups: [''], resources: ['pods'] };
const r2 = { verbs: ['list'], apiGroups: [''], resources: ['pods'] };

function role(name: string, labels: Record<string, string>, rules = [r1]): ClusterRole {
  return { metadata: { name, labels }, rules };
}

describe('cluster role aggregation', () => {
  const agg: ClusterRole = {
    metadata: { name: 'agg', labels: { a: 'true' } },
    aggregationRule: {
      clusterRoleSelectors: [{ matchLabels: { a: 'true' } }, { matchExpressions: [{ key: 'b', operator: 'Exists' }] }],
    },
    rules: [],
  };

  it('unions the rules of matching roles, by selector then name, without duplicates or itself', () => {
    const all = [
      agg,
      role('z', { a: 'true' }, [r2]),
      role('y', { a: 'true' }, [r1]),
      role('x', { b: 'x' }, [r1, r2]),
      role('n', {}),
    ];
    expect(aggregatedRules(agg, all)).toEqual([r1, r2]);
    expect(aggregatedRules(role('plain', {}), all)).toBeUndefined();
  });

  it('reports only roles whose rules differ', () => {
    const all = [agg, role('y', { a: 'true' })];
    expect(pendingAggregations(all)).toEqual([{ name: 'agg', rules: [r1] }]);
    expect(pendingAggregations([{ ...agg, rules: [r1] }, role('y', { a: 'true' })])).toEqual([]);
    // nothing matching any more empties the role
    expect(pendingAggregations([{ ...agg, rules: [r1] }])).toEqual([{ name: 'agg', rules: [] }]);
  });
});
