/**
 * What leader election stores and where (mirrors client-go tools/leaderelection/resourcelock
 * interface.go): a record of who leads, read and written through a lock object. Times are
 * milliseconds since the epoch here; the Lease lock stores them as MicroTime.
 */

export interface LeaderElectionRecord {
  /** Who holds the lock; empty after a release. */
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: number;
  renewTime: number;
  leaderTransitions: number;
  strategy?: string;
  preferredHolder?: string;
}

export interface ResourceLock {
  /** The current record and its serialized form (compared to notice changes), or a NotFound error. */
  get(signal?: AbortSignal): Promise<{ record: LeaderElectionRecord; raw: string }>;
  create(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void>;
  /** Writes over the version last read by get/create/update (a Conflict error if it changed since). */
  update(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void>;
  /** Announces a transition (`became leader`, `stopped leading`). */
  recordEvent(what: string): void;
  identity(): string;
  /** `namespace/name`, for logs. */
  describe(): string;
}
