/**
 * Storage's own errors (k8s.io/apiserver/pkg/storage/errors.go). Storage never speaks API
 * vocabulary: the registry translates these into StatusErrors at one point per verb.
 */
export type StorageErrorCode =
  | 'KeyNotFound'
  | 'KeyExists'
  | 'ResourceVersionConflicts'
  | 'InvalidObj'
  | 'Compacted'
  | 'ResourceVersionTooLarge'
  | 'Unreachable'
  /** Writes refused while the store is out of space (etcd's NOSPACE alarm); reads are still served. */
  | 'NoSpace'
  | 'Corrupt'
  /** A malformed request argument (resourceVersion, continue token): upstream answers 400 BadRequest. */
  | 'InvalidArgument';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    readonly key: string,
    message?: string,
    /**
     * For Compacted: the oldest revision still available. For conflicts: the key's current revision.
     * For ResourceVersionTooLarge: the revision asked for.
     */
    readonly revision = 0,
    /**
     * For Compacted while continuing a paged list: a token that continues the same list at the latest
     * revision (upstream puts it in the 410 Status's metadata.continue).
     */
    readonly continueToken?: string,
  ) {
    super(message ?? defaultMessage(code, key, revision));
    this.name = 'StorageError';
  }
}

function defaultMessage(code: StorageErrorCode, key: string, revision: number): string {
  switch (code) {
    case 'KeyNotFound':
      return `key not found: ${key}`;
    case 'KeyExists':
      return `key exists: ${key}`;
    case 'ResourceVersionConflicts':
      return `resource version conflicts: ${key}`;
    case 'Compacted':
      return `required revision has been compacted (oldest available: ${revision})`;
    case 'ResourceVersionTooLarge':
      return `too large resource version: ${revision}`;
    default:
      return `${code}: ${key}`;
  }
}

export function isStorageError(err: unknown, code?: StorageErrorCode): err is StorageError {
  return err instanceof StorageError && (code === undefined || err.code === code);
}
