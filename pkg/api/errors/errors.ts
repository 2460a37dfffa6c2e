/**
 * API errors (k8s.io/apimachinery/pkg/api/errors): every failure a client sees is a Status with
 * upstream's reason, code, details and wording. pkg/ code throws a StatusError built here; the one
 * error exit in pkg/endpoints turns any thrown error into a Status response (unknown ones become
 * a logged 500).
 */
import {
  groupResourceString,
  type GroupResource,
  type Status,
  type StatusCause,
  type StatusDetails,
  type StatusReason,
} from '../../apis/meta/v1/types.js';
import type { FieldError } from '../../util/validation/field/errors.js';

export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? '');
    this.name = 'StatusError';
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): StatusReason {
    return this.status.reason ?? '';
  }
}

export function reasonOf(err: unknown): StatusReason {
  return err instanceof StatusError ? err.reason : '';
}

export function isNotFound(err: unknown): boolean {
  return reasonOf(err) === 'NotFound';
}

export function isAlreadyExists(err: unknown): boolean {
  return reasonOf(err) === 'AlreadyExists';
}

export function isConflict(err: unknown): boolean {
  return reasonOf(err) === 'Conflict';
}

/**
 * `status` with its fields in the order upstream's encoder writes them (Status: kind, apiVersion,
 * metadata, status, message, reason, details, code; details: name, group, kind, uid, causes,
 * retryAfterSeconds; a cause: reason, message, field). Clients compare error bodies byte for byte,
 * and code here may add details to a Status after building it, so the writer orders it last.
 */
export function inWireOrder(status: Status): Status {
  const head = { kind: status.kind, apiVersion: status.apiVersion, metadata: status.metadata, status: status.status };
  const out: Omit<Status, 'code'> = { ...head };
  if (status.message !== undefined) out.message = status.message;
  if (status.reason !== undefined) out.reason = status.reason;
  const d = status.details;
  if (d) {
    const details: StatusDetails = {};
    if (d.name !== undefined) details.name = d.name;
    if (d.group !== undefined) details.group = d.group;
    if (d.kind !== undefined) details.kind = d.kind;
    if (d.uid !== undefined) details.uid = d.uid;
    if (d.causes !== undefined) {
      details.causes = d.causes.map((c) => {
        const cause: StatusCause = {};
        if (c.reason !== undefined) cause.reason = c.reason;
        if (c.message !== undefined) cause.message = c.message;
        if (c.field !== undefined) cause.field = c.field;
        return cause;
      });
    }
    if (d.retryAfterSeconds !== undefined) details.retryAfterSeconds = d.retryAfterSeconds;
    out.details = details;
  }
  return { ...out, code: status.code };
}

function failure(code: number, reason: StatusReason, message: string, details?: StatusDetails): StatusError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) status.details = details;
  return new StatusError(status);
}

function detailsFor(gr: GroupResource, name: string): StatusDetails {
  const d: StatusDetails = { name, kind: gr.resource };
  if (gr.group !== '') d.group = gr.group;
  return d;
}

/** 404: `configmaps "x" not found` (or `configmaps not found` without a name). */
export function newNotFound(gr: GroupResource, name: string): StatusError {
  const what = groupResourceString(gr);
  return failure(
    404,
    'NotFound',
    name ? `${what} ${JSON.stringify(name)} not found` : `${what} not found`,
    detailsFor(gr, name),
  );
}

/** 409: `configmaps "x" already exists`. */
export function newAlreadyExists(gr: GroupResource, name: string): StatusError {
  return failure(
    409,
    'AlreadyExists',
    `${groupResourceString(gr)} ${JSON.stringify(name)} already exists`,
    detailsFor(gr, name),
  );
}

export const optimisticLockErrorMsg =
  'the object has been modified; please apply your changes to the latest version and try again';

/** 409: `Operation cannot be fulfilled on configmaps "x": <why>`. */
export function newConflict(gr: GroupResource, name: string, why: string): StatusError {
  return failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${groupResourceString(gr)} ${JSON.stringify(name)}: ${why}`,
    detailsFor(gr, name),
  );
}

/** 422: `Deployment.apps "x" is invalid: <errors>` with one cause per field error. */
export function newInvalid(
  kind: { group: string; kind: string },
  name: string,
  errs: readonly FieldError[],
): StatusError {
  const unique = dedupe(errs);
  const causes: StatusCause[] = unique.map((e) => ({ reason: e.type, message: e.body(), field: e.field }));
  const qualifiedKind = kind.group === '' ? kind.kind : `${kind.kind}.${kind.group}`;
  const list = unique.length === 1 ? String(unique[0]) : `[${unique.map(String).join(', ')}]`;
  const details: StatusDetails = { name, kind: kind.kind, causes };
  if (kind.group !== '') details.group = kind.group;
  return failure(422, 'Invalid', `${qualifiedKind} ${JSON.stringify(name)} is invalid: ${list}`, details);
}

function dedupe(errs: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errs.filter((e) => {
    const key = String(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function newBadRequest(message: string): StatusError {
  return failure(400, 'BadRequest', message);
}

export function newUnauthorized(message = 'Unauthorized'): StatusError {
  return failure(401, 'Unauthorized', message);
}

/** 403: `configmaps "x" is forbidden: <why>`. */
export function newForbidden(gr: GroupResource, name: string, why: string): StatusError {
  const what = groupResourceString(gr);
  const subject = name ? `${what} ${JSON.stringify(name)}` : what;
  return failure(403, 'Forbidden', `${subject} is forbidden: ${why}`, detailsFor(gr, name));
}

export function newMethodNotAllowed(): StatusError {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

export function newNotAcceptable(message: string): StatusError {
  return failure(406, 'NotAcceptable', message);
}

/** 410 Gone with reason Expired: a resourceVersion or continue token that is too old. */
export function newResourceExpired(message: string): StatusError {
  return failure(410, 'Expired', message);
}

export function newRequestEntityTooLarge(message: string): StatusError {
  return failure(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`);
}

/** 504: the request did not finish in time. */
export function newTimeout(message: string, retryAfterSeconds = 0): StatusError {
  return failure(504, 'Timeout', message, retryAfterSeconds > 0 ? { retryAfterSeconds } : undefined);
}

/** 500: `Internal error occurred: <err>`. */
export function newInternalError(err: unknown): StatusError {
  const message = err instanceof Error ? err.message : String(err);
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}

/** A 404 for a URL no server in the chain handles, shaped as upstream's final not-found handler. */
export function newPathNotFound(): StatusError {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

/**
 * 422 for a request the server understood but could not apply, e.g. a JSON patch whose `test`
 * fails: upstream's NewGenericServerResponse(422, …), whose message is generic and whose cause
 * carries the specific reason.
 */
export function newUnprocessable(serverMessage: string): StatusError {
  return failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ reason: 'UnexpectedServerResponse', message: serverMessage }],
  });
}

/**
 * 415 with upstream's exact wording (negotiation.NewUnsupportedMediaTypeError): the accepted
 * list depends on the kind (no protobuf for custom resources).
 */
export function newUnsupportedMediaTypeError(accepted: readonly string[]): StatusError {
  return failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}
