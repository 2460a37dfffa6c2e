/**
 * StorageError → StatusError, once per verb (mirrors k8s.io/apiserver/pkg/storage/errors/storage.go
 * and the etcd3 store's list/watch error wording). Storage never speaks API vocabulary; the Store
 * calls exactly one of these where each verb's storage call fails. Anything that is not a
 * StorageError passes through unchanged (StatusErrors from strategies and admission included).
 */
import {
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newInternalError,
  newNotFound,
  newResourceExpired,
  newTimeout,
  StatusError,
} from '../../../api/errors/errors.js';
import { groupResourceString, type GroupResource } from '../../../apis/meta/v1/types.js';
import { isStorageError, type StorageError } from '../../../storage/errors/errors.js';

export const expiredListMessage = 'The resourceVersion for the provided list is too old.';
export const expiredWatchMessage = 'The resourceVersion for the provided watch is too old.';
export const continueExpiredMessage =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';
export const inconsistentContinueMessage =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the ' +
  'continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing ' +
  'with the provided token results in an inconsistent list - objects that were created, modified, or deleted between ' +
  'the time the first chunk was returned and now may show up in the list.';

/**
 * 503 ServiceUnavailable: the store cannot serve this request now (etcd unreachable, out of space,
 * a failed log write). The message names the operation and the store's own reason, so a client
 * learns at once what is wrong; no retry-after, so clients fail fast instead of retrying blind.
 */
export function newStorageUnavailable(gr: GroupResource, operation: string, err: StorageError): StatusError {
  const details: StatusError['status']['details'] = { kind: gr.resource };
  if (gr.group !== '') details.group = gr.group;
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code: 503,
    reason: 'ServiceUnavailable',
    details,
    message: `The ${operation} operation against ${groupResourceString(gr)} could not be completed at this time: ${err.message}`,
  });
}

/**
 * 504 Timeout for a resourceVersion the store did not reach in time (upstream
 * NewTooLargeResourceVersionError); storage words the message `Too large resource version: N, current: M`.
 */
export function newTooLargeResourceVersion(message: string): StatusError {
  const err = newTimeout(message, 1);
  err.status.details = {
    ...err.status.details,
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
  };
  return err;
}

/** 410 for a continue token whose revision is gone; with a fresh token when storage offers one (upstream handleCompactedErrorForPaging). */
function expiredContinue(err: StorageError): StatusError {
  if (err.continueToken === undefined) return newResourceExpired(continueExpiredMessage);
  const status = newResourceExpired(inconsistentContinueMessage);
  status.status.metadata.continue = err.continueToken;
  return status;
}

function common(err: StorageError, gr: GroupResource, operation: string): StatusError | undefined {
  switch (err.code) {
    case 'Unreachable':
    case 'NoSpace':
      return newStorageUnavailable(gr, operation, err);
    case 'Corrupt':
      return newInternalError(err);
    case 'InvalidArgument':
      return newBadRequest(err.message);
    case 'ResourceVersionTooLarge':
      return newTooLargeResourceVersion(err.message);
    default:
      return undefined;
  }
}

export function interpretGetError(err: unknown, gr: GroupResource, name: string): unknown {
  if (!isStorageError(err)) return err;
  if (err.code === 'KeyNotFound') return newNotFound(gr, name);
  if (err.code === 'Compacted') return newResourceExpired(expiredListMessage);
  return common(err, gr, 'get') ?? err;
}

/** `paging`: the request carried a continue token, so a compacted revision means the token expired. */
export function interpretListError(err: unknown, gr: GroupResource, paging: boolean): unknown {
  if (!isStorageError(err)) return err;
  if (err.code === 'KeyNotFound') return newNotFound(gr, '');
  if (err.code === 'Compacted') return paging ? expiredContinue(err) : newResourceExpired(expiredListMessage);
  return common(err, gr, 'list') ?? err;
}

export function interpretCreateError(err: unknown, gr: GroupResource, name: string): unknown {
  if (!isStorageError(err)) return err;
  if (err.code === 'KeyExists') return newAlreadyExists(gr, name);
  return common(err, gr, 'create') ?? err;
}

export function interpretUpdateError(err: unknown, gr: GroupResource, name: string): unknown {
  if (!isStorageError(err)) return err;
  switch (err.code) {
    case 'ResourceVersionConflicts':
    case 'KeyExists':
    case 'InvalidObj':
      return newConflict(gr, name, err.message);
    case 'KeyNotFound':
      return newNotFound(gr, name);
    default:
      return common(err, gr, 'update') ?? err;
  }
}

export function interpretDeleteError(err: unknown, gr: GroupResource, name: string): unknown {
  if (!isStorageError(err)) return err;
  switch (err.code) {
    case 'KeyNotFound':
      return newNotFound(gr, name);
    case 'ResourceVersionConflicts':
    case 'KeyExists':
    case 'InvalidObj':
      return newConflict(gr, name, err.message);
    default:
      return common(err, gr, 'delete') ?? err;
  }
}

export function interpretWatchError(err: unknown, gr: GroupResource): unknown {
  if (!isStorageError(err)) return err;
  if (err.code === 'Compacted') return newResourceExpired(expiredWatchMessage);
  return common(err, gr, 'watch') ?? err;
}
