/**
 * Turning a failed response into the error callers test with isNotFound/isConflict/…: the
 * Status the server sent, or, when the body is not a Status (a proxy's HTML page, a bare text),
 * one built from the code as apimachinery's NewGenericServerResponse words it.
 */
import { StatusError } from '../../api/errors/errors.js';
import type { Status, StatusReason } from '../../apis/meta/v1/types.js';

/** What a request was about, for the message of an error without a Status body. */
export interface RequestInfo {
  method: string;
  /** e.g. `configmaps` or `deployments.apps`; empty when not a resource request. */
  resource?: string;
  name?: string;
}

export function isStatus(body: unknown): body is Status {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { kind?: unknown }).kind === 'Status' &&
    typeof (body as { code?: unknown }).code === 'number'
  );
}

/** The error for a non-2xx response with `body` (already parsed as JSON when it was JSON). */
export function errorFromResponse(
  code: number,
  body: unknown,
  text: string,
  info: RequestInfo,
  retryAfterSeconds: number | undefined,
): StatusError {
  if (isStatus(body) && body.status === 'Failure') return new StatusError(body);
  return genericServerResponse(code, info, text.trim(), retryAfterSeconds);
}

function genericServerResponse(
  code: number,
  info: RequestInfo,
  serverMessage: string,
  retryAfterSeconds: number | undefined,
): StatusError {
  let reason: StatusReason = '';
  let message = `the server responded with the status code ${code} but did not return more information`;
  switch (code) {
    case 409:
      reason = info.method === 'POST' ? 'AlreadyExists' : 'Conflict';
      message = 'the server reported a conflict';
      break;
    case 404:
      reason = 'NotFound';
      message = 'the server could not find the requested resource';
      break;
    case 400:
      reason = 'BadRequest';
      message = 'the server rejected our request for an unknown reason';
      break;
    case 401:
      reason = 'Unauthorized';
      message = 'the server has asked for the client to provide credentials';
      break;
    case 403:
      reason = 'Forbidden';
      message = serverMessage;
      break;
    case 406:
      reason = 'NotAcceptable';
      message =
        serverMessage && serverMessage !== 'unknown'
          ? serverMessage
          : 'the server was unable to respond with a content type that the client supports';
      break;
    case 415:
      reason = 'UnsupportedMediaType';
      message = serverMessage;
      break;
    case 405:
      reason = 'MethodNotAllowed';
      message = 'the server does not allow this method on the requested resource';
      break;
    case 422:
      reason = 'Invalid';
      message = 'the server rejected our request due to an error in our request';
      break;
    case 503:
      reason = 'ServiceUnavailable';
      message = 'the server is currently unable to handle the request';
      break;
    case 504:
      reason = 'Timeout';
      message =
        'the server was unable to return a response in the time allotted, but may still be processing the request';
      break;
    case 429:
      reason = 'TooManyRequests';
      message = 'the server has received too many requests and has asked us to try again later';
      break;
    default:
      if (code >= 500) {
        reason = 'InternalError';
        message = `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`;
      }
  }
  if (info.resource) {
    message += info.name
      ? ` (${info.method.toLowerCase()} ${info.resource} ${info.name})`
      : ` (${info.method.toLowerCase()} ${info.resource})`;
  }
  const [group, resource] = splitResource(info.resource ?? '');
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
    details: {
      ...(group ? { group } : {}),
      ...(resource ? { kind: resource } : {}),
      ...(info.name ? { name: info.name } : {}),
      ...(serverMessage ? { causes: [{ reason: 'UnexpectedServerResponse', message: serverMessage }] } : {}),
      ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    },
  };
  return new StatusError(status);
}

/** `deployments.apps` → ['apps', 'deployments']. */
function splitResource(qualified: string): [string, string] {
  const dot = qualified.indexOf('.');
  return dot < 0 ? ['', qualified] : [qualified.slice(dot + 1), qualified.slice(0, dot)];
}

/** A failure before any response: refused connection, TLS error, timeout. Carries the request for the message. */
export class RequestError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    override readonly cause: unknown,
  ) {
    super(`${method} ${JSON.stringify(url)}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'RequestError';
  }
}
