/**
 * Answers for requests the HTTP parser rejects before any handler sees them (what Go's net/http
 * server answers on its own): a request line and headers over the size limit, a malformed request,
 * headers that do not arrive in time. Each is a Status, like every other error this server sends,
 * so a client reads the reason instead of an empty body; the connection is closed after it.
 */
import { STATUS_CODES } from 'node:http';
import type { Status } from '../apis/meta/v1/types.js';

/**
 * Upstream's http.Server MaxHeaderBytes (1 MiB). Go lets the request line and headers run 4 KiB
 * past it before refusing; the same total is allowed here.
 */
export const maxHeaderBytes = 1 << 20;
export const headerReadLimit = maxHeaderBytes + 4096;

/** The raw HTTP response for a parser error, or undefined when the connection should just be closed. */
export function clientErrorResponse(err: NodeJS.ErrnoException): string | undefined {
  const status = statusFor(err);
  if (!status) return undefined;
  const body = JSON.stringify(status);
  return [
    `HTTP/1.1 ${status.code} ${STATUS_CODES[status.code] ?? ''}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

function statusFor(err: NodeJS.ErrnoException): Status | undefined {
  const failure = (code: number, message: string, reason: Status['reason'] = ''): Status => ({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    ...(reason ? { reason } : {}),
    code,
  });
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return failure(
        431,
        `Request Header Fields Too Large: the request line and headers exceed the limit of ${maxHeaderBytes} bytes`,
      );
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return failure(413, 'Request entity too large: chunk extensions exceed the limit', 'RequestEntityTooLarge');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return failure(408, 'Request Timeout: the request headers did not arrive in time');
    default:
      // Any other parser error (bad method, bad header syntax, bad chunk…): the request is malformed.
      if (err.code?.startsWith('HPE_')) return failure(400, `malformed HTTP request: ${err.message}`, 'BadRequest');
      // TLS and socket errors (resets, refused renegotiation): nothing sensible can be written.
      return undefined;
  }
}
