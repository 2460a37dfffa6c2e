/**
 * Assertions on the one error shape clients see: a meta/v1 Status with upstream's code, reason
 * and wording (kubectl prints `message` verbatim, client-go branches on `reason`).
 *
 * @example
 *   const status = expectFailure(res, 404, 'NotFound', 'configmaps "x" not found');
 *   expect(status.details).toEqual({ name: 'x', kind: 'configmaps' });
 */
import { expect } from 'vitest';
import type { Response } from './apiserver.js';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { continue?: string; resourceVersion?: string };
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  code: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
}

/**
 * Asserts `res` is a Failure Status with this HTTP code and reason (and `message`, exactly when a
 * string, by pattern when a RegExp); returns the Status for further checks.
 */
export function expectFailure(res: Response, code: number, reason: string, message?: string | RegExp): StatusBody {
  expect(res.status, res.text).toBe(code);
  expect(res.json, res.text).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
  const status = res.json as StatusBody;
  if (typeof message === 'string') expect(status.message).toBe(message);
  else if (message) expect(status.message).toMatch(message);
  return status;
}
