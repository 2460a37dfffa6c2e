/**
 * Whether a write failed because its namespace is being deleted (upstream
 * apierrors.HasStatusCause(err, v1.NamespaceTerminatingCause)): controllers that create objects
 * in every namespace treat that as done, not as an error to retry.
 */
import { StatusError } from '../api/errors/errors.js';

export function isNamespaceTerminating(err: unknown): boolean {
  return (
    err instanceof StatusError && (err.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')
  );
}
