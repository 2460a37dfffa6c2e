/**
 * The one exit for responses (mirrors apiserver's handlers/responsewriters): objects are written
 * as JSON with an exact Content-Length, and every error becomes a Status. An error that is not a
 * StatusError is a bug somewhere below: it is logged with its stack and answered as a 500.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError, inWireOrder, newInternalError } from '../../../api/errors/errors.js';
import type { Status } from '../../../apis/meta/v1/types.js';
import * as klog from '../../../klog/klog.js';
import { isPretty } from '../../request/context.js';

/** Turns any thrown value into the Status a client sees. */
export function errorToAPIStatus(err: unknown): Status {
  if (err instanceof StatusError) return inWireOrder(err.status);
  klog.error(err, 'apiserver received an error that is not a StatusError', {
    stack: err instanceof Error ? err.stack : undefined,
  });
  return inWireOrder(newInternalError(err).status);
}

/** Writes `body` as JSON with `code`, newline-terminated. `pretty` indents it, as `?pretty=true` asks. */
export function writeJSON(
  res: ServerResponse,
  code: number,
  body: unknown,
  pretty = false,
  contentType = 'application/json',
): void {
  // Upstream's JSON encoder ends every document with a newline; clients compare the bytes.
  const text = pretty ? `${JSON.stringify(body, null, 2)}\n` : `${JSON.stringify(body)}\n`;
  writeRaw(res, code, contentType, text);
}

export function writeRaw(res: ServerResponse, code: number, contentType: string, body: string | Buffer): void {
  // Already answered (e.g. by the timeout filter): the late answer has nowhere to go.
  if (res.writableEnded) return;
  if (res.headersSent) {
    // A handler failed after it started streaming; nothing valid can follow, so cut the stream.
    res.destroy();
    return;
  }
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.statusCode = code;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}

/** Writes the Status for `err`. */
export function writeError(res: ServerResponse, err: unknown, req?: IncomingMessage): void {
  const status = errorToAPIStatus(err);
  writeJSON(res, status.code, status, req ? isPretty(req) : false);
}

/** text/plain answers, as the health endpoints give. */
export function writePlain(res: ServerResponse, code: number, text: string): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  writeRaw(res, code, 'text/plain; charset=utf-8', text);
}
