import { describe, expect, it } from 'vitest';
import { Path } from '../../../../util/validation/field/errors.js';
import { goLabelSelector } from './gostring.js';
import {
  formatLabelSelector,
  labelSelectorAsString,
  labelSelectorMatches,
  validateLabelSelector,
} from './validation.js';

describe('label selectors', () => {
  it('validates operators, keys and values', () => {
    const errs = validateLabelSelector(
      {
        matchLabels: { ok: 'x' },
        matchExpressions: [
          { key: 'a', operator: 'In' },
          { key: 'b', operator: 'Exists', values: ['x'] },
          { key: 'c', operator: 'Near' },
        ],
      },
      {},
      Path.root('spec').child('selector'),
    ).map(String);
    expect(errs).toEqual([
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.selector.matchExpressions[2].operator: Invalid value: "Near": not a valid selector operator',
    ]);
  });

  it('matches labels as upstream selectors do', () => {
    const sel = {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'env', operator: 'Exists' },
      ],
    };
    expect(labelSelectorMatches(sel, { app: 'web', env: 'prod' })).toBe(true);
    expect(labelSelectorMatches(sel, { app: 'web', env: 'prod', tier: 'db' })).toBe(false);
    expect(labelSelectorMatches(sel, { app: 'web' })).toBe(false);
    expect(labelSelectorMatches({}, {})).toBe(true);
    expect(labelSelectorMatches(undefined, {})).toBe(false);
  });

  it('prints selectors sorted by key', () => {
    const sel = {
      matchLabels: { z: '1', a: '2' },
      matchExpressions: [
        { key: 'm', operator: 'In', values: ['y', 'x'] },
        { key: 'b', operator: 'DoesNotExist' },
      ],
    };
    expect(labelSelectorAsString(sel)).toBe('a=2,!b,m in (x,y),z=1');
    expect(labelSelectorAsString({})).toBe('');
    expect(formatLabelSelector({})).toBe('<none>');
  });

  it('renders a selector as Go prints it in immutability errors', () => {
    expect(goLabelSelector({ matchLabels: { app: 'nginx' } })).toBe(
      'v1.LabelSelector{MatchLabels:map[string]string{"app":"nginx"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}',
    );
  });
});
