/**
 * Cost limits: a rule estimated within the CRD limits is still stopped on an object whose real
 * sizes make it too expensive (per-call limit), and the per-object budget stops the rules that
 * come after it; both with upstream's wording.
 */
import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../../../apis/apiextensions/v1/types.js';
import { newStructural } from '../structural.js';
import { CELSchema } from './compilation.js';
import { staticEstimatedCostLimit } from './cost.js';
import { validateCEL } from './validation.js';

const pairwise = 'self.names.all(a, self.names.all(b, a != b || a == b))';

function schema(maxItems: number): JSONSchemaProps {
  return {
    type: 'object',
    properties: {
      names: { type: 'array', maxItems, items: { type: 'string', maxLength: 8 } },
    },
    'x-kubernetes-validations': [{ rule: pairwise }, { rule: 'self.names.size() >= 0' }],
  };
}

function setup(maxItems: number) {
  const s = newStructural(schema(maxItems));
  const cel = new CELSchema(s, false);
  const node = cel.compile(s, false);
  if (!node) throw new Error('no rules');
  return { s, cel, node };
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);

describe('CEL cost limits', () => {
  it('estimates a quadratic rule from maxItems, within the per-expression limit for 600 items', () => {
    const { node } = setup(600);
    const cost = node.rules[0]?.maxCost ?? 0;
    expect(cost).toBeGreaterThan(1_000_000);
    expect(cost).toBeLessThan(staticEstimatedCostLimit);
    expect(setup(10).node.rules[0]?.maxCost).toBeLessThan(2_000);
  });

  it('runs the rule on small objects and stops it on big ones (per-call limit), skipping the rest', () => {
    const { s, cel } = setup(600);
    expect(validateCEL(cel, s, false, { names: names(50) }, undefined, 'spec').errors).toEqual([]);
    const big = validateCEL(cel, s, false, { names: names(600) }, undefined, 'spec');
    expect(big.errors.map(String)).toEqual([
      `spec: Invalid value: "object": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: ${pairwise}`,
    ]);
    expect(big.remainingBudget).toBe(-1);
  });

  it('stops when the per-object budget runs out', () => {
    const { s, cel } = setup(600);
    const result = validateCEL(cel, s, false, { names: names(300) }, undefined, 'spec', 500_000);
    expect(result.errors.map(String)).toEqual([
      'spec: Invalid value: "object": validation failed due to running out of cost budget, no further validation rules will be run',
    ]);
  });
});
