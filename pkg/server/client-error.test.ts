import { describe, expect, it } from 'vitest';
import { clientErrorResponse, maxHeaderBytes } from './client-error.js';

function parse(raw: string | undefined): { statusLine: string; headers: string[]; body: unknown } {
  if (raw === undefined) throw new Error('no response');
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...headers] = head.split('\r\n');
  return { statusLine, headers, body: JSON.parse(body) };
}

const error = (code: string, message = code): NodeJS.ErrnoException => Object.assign(new Error(message), { code });

describe('clientErrorResponse', () => {
  it('answers oversized headers 431 with a Status and closes the connection', () => {
    const res = parse(clientErrorResponse(error('HPE_HEADER_OVERFLOW')));
    expect(res.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(res.headers).toContain('Connection: close');
    expect(res.headers).toContain('Content-Type: application/json');
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Request Header Fields Too Large: the request line and headers exceed the limit of ${maxHeaderBytes} bytes`,
      code: 431,
    });
  });

  it('answers a malformed request 400 BadRequest and slow headers 408', () => {
    expect(parse(clientErrorResponse(error('HPE_INVALID_METHOD', 'Parse Error: Invalid method'))).body).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'malformed HTTP request: Parse Error: Invalid method',
    });
    expect(parse(clientErrorResponse(error('ERR_HTTP_REQUEST_TIMEOUT'))).statusLine).toBe(
      'HTTP/1.1 408 Request Timeout',
    );
  });

  it('writes nothing for socket and TLS errors', () => {
    expect(clientErrorResponse(error('ECONNRESET'))).toBeUndefined();
    expect(clientErrorResponse(error('ERR_SSL_NO_RENEGOTIATION'))).toBeUndefined();
  });
});
