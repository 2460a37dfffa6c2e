import { describe, expect, it } from 'vitest';
import { parseTokenCSV } from './tokenfile.js';

describe('parseTokenCSV', () => {
  it('reads token,user,uid and quoted groups', () => {
    const tokens = parseTokenCSV('# comment\nabc,alice,u1,"dev,ops"\n\nxyz,bob,u2\n', 'f');
    expect(tokens.get('abc')).toEqual({ name: 'alice', uid: 'u1', groups: ['dev', 'ops'] });
    expect(tokens.get('xyz')).toEqual({ name: 'bob', uid: 'u2', groups: [] });
  });

  it('names the file and line of a malformed entry', () => {
    expect(() => parseTokenCSV('ok,a,1\nbroken,b\n', 'tokens.csv')).toThrow(
      'token file tokens.csv, line 2: expected at least 3 columns',
    );
  });

  it('rejects duplicate tokens', () => {
    expect(() => parseTokenCSV('t,a,1\nt,b,2\n', 'f')).toThrow('duplicate token');
  });
});
