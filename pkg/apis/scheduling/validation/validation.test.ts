import { describe, expect, it } from 'vitest';
import { validatePriorityClass, validatePriorityClassUpdate } from './validation.js';

const msgs = (errs: readonly object[]) => errs.map(String);

describe('priority classes', () => {
  it('caps user-defined values and reserves the system- prefix', () => {
    expect(msgs(validatePriorityClass({ metadata: { name: 'high' }, value: 2e9 }))).toEqual([
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ]);
    expect(msgs(validatePriorityClass({ metadata: { name: 'system-mine' }, value: 1 }))).toEqual([
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: name system-mine is not a known system priority class",
    ]);
    expect(msgs(validatePriorityClass({ metadata: { name: 'system-node-critical' }, value: 2000001000 }))).toEqual([]);
  });

  it('keeps the value immutable', () => {
    const old = { metadata: { name: 'p', resourceVersion: '1' }, value: 1 };
    expect(msgs(validatePriorityClassUpdate({ ...old, value: 2 }, old))).toEqual([
      'value: Forbidden: may not be changed in an update.',
    ]);
  });
});
