import { describe, expect, it } from 'vitest';
import { duplicateStringer, invalidStringer } from './stringer.js';

describe('stringer field errors', () => {
  it('prints the value unquoted, like a Go fmt.Stringer', () => {
    expect(String(invalidStringer('spec.x', '1500m', 'must be an integer'))).toBe(
      'spec.x: Invalid value: 1500m: must be an integer',
    );
    expect(invalidStringer('spec.x', '1500m', 'must be an integer').type).toBe('FieldValueInvalid');
    expect(String(duplicateStringer('spec.ports[1]', '{TCP 80}'))).toBe('spec.ports[1]: Duplicate value: {TCP 80}');
  });
});
