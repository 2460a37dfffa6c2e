import { describe, expect, it } from 'vitest';
import { StatusError } from '../../api/errors/errors.js';
import { listOptionsFrom } from './rest.js';

function statusOf(query: string): StatusError['status'] | undefined {
  try {
    listOptionsFrom(new URLSearchParams(query));
  } catch (err) {
    if (err instanceof StatusError) return err.status;
    throw err;
  }
  return undefined;
}

describe('list options from the query', () => {
  it('answers a malformed label or field selector with 400 BadRequest and the parser’s message', () => {
    expect(statusOf('labelSelector=a%20b')).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
    });
    expect(statusOf('fieldSelector=foo')).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: "invalid selector: 'foo'; can't understand 'foo'",
    });
  });

  it('selects everything when a selector is absent or empty', () => {
    const opts = listOptionsFrom(new URLSearchParams('labelSelector=&fieldSelector='));
    expect(opts.labelSelector?.empty()).toBe(true);
    expect(opts.fieldSelector?.empty()).toBe(true);
  });
});
