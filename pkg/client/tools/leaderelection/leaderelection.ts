/**
 * Leader election (mirrors client-go tools/leaderelection/leaderelection.go): candidates race for
 * a lock; the holder renews it every retry period; the others take it over once it has not been
 * renewed for a lease duration, as measured on their own clocks from when they last saw it change.
 *
 *   acquire: try now, then every retryPeriod·(1 + 1.2·rand) until the lock is ours
 *     └─▶ onStartedLeading(signal) ─▶ renew every retryPeriod
 *            a renewal round failing for renewDeadline, or the run signal ─▶ signal aborts,
 *            release the lock if releaseOnCancel ─▶ onStoppedLeading()
 *
 * A lock held by another is left alone while `observedTime + leaseDuration > now`; a holder
 * renews without that check. onStoppedLeading runs whenever run() ends, led or not, as upstream.
 */
import { isNotFound } from '../../../api/errors/errors.js';
import * as klog from '../../../klog/klog.js';
import { type Clock, realClock, sleepOn } from '../../util/clock/clock.js';
import type { LeaderElectionRecord, ResourceLock } from './resourcelock/interface.js';

export const jitterFactor = 1.2;

/** kube-controller-manager's and kube-scheduler's defaults (component-base LeaderElectionConfiguration). */
export const defaultLeaseDurationMs = 15_000;
export const defaultRenewDeadlineMs = 10_000;
export const defaultRetryPeriodMs = 2_000;

export interface LeaderCallbacks {
  /** Leadership gained: run until `signal` aborts (it aborts when leadership is lost or the elector stops). */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** run() is ending (leadership lost, or never gained before the stop). */
  onStoppedLeading(): void;
  /** Someone (this candidate included) was seen holding the lock for the first time. */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectionConfig {
  lock: ResourceLock;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  callbacks: LeaderCallbacks;
  /** Give up the lock when the run signal aborts, so the next candidate need not wait for it to expire. */
  releaseOnCancel?: boolean;
  /** For logs. */
  name?: string;
  clock?: Clock;
  random?: () => number;
}

/** Checks the timing rules upstream's NewLeaderElector enforces; throws with its wording. */
export function validateLeaderElectionConfig(c: LeaderElectionConfig): void {
  if (c.leaseDurationMs <= c.renewDeadlineMs) throw new Error('leaseDuration must be greater than renewDeadline');
  if (c.renewDeadlineMs <= jitterFactor * c.retryPeriodMs) {
    throw new Error('renewDeadline must be greater than retryPeriod*JitterFactor');
  }
  if (c.leaseDurationMs < 1) throw new Error('leaseDuration must be greater than zero');
  if (c.renewDeadlineMs < 1) throw new Error('renewDeadline must be greater than zero');
  if (c.retryPeriodMs < 1) throw new Error('retryPeriod must be greater than zero');
  if (c.lock.identity() === '') throw new Error('Lock identity is empty');
}

export class LeaderElector {
  private observedRecord: LeaderElectionRecord | undefined;
  private observedRaw = '';
  private observedTime = 0;
  private reportedLeader = '';
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(private readonly config: LeaderElectionConfig) {
    validateLeaderElectionConfig(config);
    this.clock = config.clock ?? realClock;
    this.random = config.random ?? Math.random;
  }

  /** The identity last seen holding the lock ('' before any). */
  getLeader(): string {
    return this.observedRecord?.holderIdentity ?? '';
  }

  isLeader(): boolean {
    return this.observedRecord?.holderIdentity === this.config.lock.identity();
  }

  /** Campaigns, leads until leadership is lost or `signal` aborts, then calls onStoppedLeading. */
  async run(signal: AbortSignal): Promise<void> {
    try {
      if (!(await this.acquire(signal))) return;
      const leading = new AbortController();
      const stopLeading = () => leading.abort(signal.reason);
      signal.addEventListener('abort', stopLeading, { once: true });
      // Not awaited, as upstream runs it in its own goroutine: losing the lease must reach
      // onStoppedLeading (which exits a component) even if the work is slow to stop.
      void Promise.resolve()
        .then(() => this.config.callbacks.onStartedLeading(leading.signal))
        .catch((err: unknown) => klog.error(err, 'OnStartedLeading failed', { lock: this.config.lock.describe() }));
      try {
        await this.renew(signal);
      } finally {
        signal.removeEventListener('abort', stopLeading);
        leading.abort(new Error('leader election lost'));
      }
    } finally {
      this.config.callbacks.onStoppedLeading();
    }
  }

  /** Tries until the lock is ours (true) or `signal` aborts (false). */
  private async acquire(signal: AbortSignal): Promise<boolean> {
    const desc = this.config.lock.describe();
    klog.info('attempting to acquire leader lease...', { lock: desc });
    while (!signal.aborted) {
      const ok = await this.tryAcquireOrRenew(signal);
      this.maybeReportTransition();
      if (ok) {
        this.config.lock.recordEvent('became leader');
        klog.info('successfully acquired lease', { lock: desc });
        return true;
      }
      klog.v(4).info('failed to acquire lease', { lock: desc });
      const wait = this.config.retryPeriodMs * (1 + jitterFactor * this.random());
      if (!(await sleepOn(this.clock, wait, signal))) break;
    }
    return false;
  }

  /** Renews every retry period until a round fails for renewDeadline or `signal` aborts. */
  private async renew(signal: AbortSignal): Promise<void> {
    const desc = this.config.lock.describe();
    while (!signal.aborted) {
      const deadline = this.clock.now() + this.config.renewDeadlineMs;
      let renewed = false;
      while (!signal.aborted) {
        renewed = await this.tryAcquireOrRenew(signal);
        if (renewed || this.clock.now() + this.config.retryPeriodMs > deadline) break;
        if (!(await sleepOn(this.clock, this.config.retryPeriodMs, signal))) break;
      }
      this.maybeReportTransition();
      if (signal.aborted) break;
      if (!renewed) {
        klog.info('failed to renew lease: timed out waiting for the condition', { lock: desc });
        this.config.lock.recordEvent('stopped leading');
        return;
      }
      klog.v(5).info('successfully renewed lease', { lock: desc });
      if (!(await sleepOn(this.clock, this.config.retryPeriodMs, signal))) break;
    }
    // Stopped by the caller while leading.
    this.config.lock.recordEvent('stopped leading');
    if (this.config.releaseOnCancel) await this.release();
  }

  /** Gives the lock up: holder cleared, a one-second lease, so others may take it at once. */
  async release(): Promise<boolean> {
    if (!this.isLeader()) return true;
    const now = this.clock.now();
    const record: LeaderElectionRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaderTransitions: this.observedRecord?.leaderTransitions ?? 0,
    };
    try {
      await this.config.lock.update(record);
    } catch (err) {
      klog.error(err, 'Failed to release lease', { lock: this.config.lock.describe() });
      return false;
    }
    this.setObserved(record);
    return true;
  }

  /** upstream tryAcquireOrRenew: true when, after this attempt, the lock is ours. */
  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const lock = this.config.lock;
    const now = this.clock.now();
    const leaseDurationSeconds = Math.ceil(this.config.leaseDurationMs / 1000);
    const record: LeaderElectionRecord = {
      holderIdentity: lock.identity(),
      leaseDurationSeconds,
      renewTime: now,
      acquireTime: now,
      leaderTransitions: 0,
    };

    // Fast path: we hold a valid lease; renew it from what we know without reading it first.
    if (this.isLeader() && this.isLeaseValid(now) && this.observedRecord) {
      record.acquireTime = this.observedRecord.acquireTime;
      record.leaderTransitions = this.observedRecord.leaderTransitions;
      try {
        await lock.update(record, signal);
        this.setObserved(record);
        return true;
      } catch (err) {
        if (signal.aborted) return false;
        klog.error(err, 'Failed to update lock optimistically, falling back to slow path', { lock: lock.describe() });
      }
    }

    let current: { record: LeaderElectionRecord; raw: string };
    try {
      current = await lock.get(signal);
    } catch (err) {
      if (signal.aborted) return false;
      if (!isNotFound(err)) {
        klog.error(err, 'error retrieving resource lock', { lock: lock.describe() });
        return false;
      }
      try {
        await lock.create(record, signal);
      } catch (createErr) {
        if (!signal.aborted) klog.error(createErr, 'error initially creating leader election record');
        return false;
      }
      this.setObserved(record);
      return true;
    }

    if (current.raw !== this.observedRaw) {
      this.observedRecord = current.record;
      this.observedRaw = current.raw;
      this.observedTime = now;
    }
    if (current.record.holderIdentity !== '' && this.isLeaseValid(now) && !this.isLeader()) {
      klog.v(4).info('lock is held and has not yet expired', {
        holder: current.record.holderIdentity,
        lock: lock.describe(),
      });
      return false;
    }

    if (this.isLeader()) {
      record.acquireTime = current.record.acquireTime;
      record.leaderTransitions = current.record.leaderTransitions;
    } else {
      record.leaderTransitions = current.record.leaderTransitions + 1;
    }
    try {
      await lock.update(record, signal);
    } catch (err) {
      if (!signal.aborted) klog.error(err, 'Failed to update lock', { lock: lock.describe() });
      return false;
    }
    this.setObserved(record);
    return true;
  }

  private isLeaseValid(now: number): boolean {
    const seconds = this.observedRecord?.leaseDurationSeconds ?? 0;
    return this.observedTime + seconds * 1000 > now;
  }

  /** What we wrote is what we know now; the raw form is only ever taken from reads (as upstream). */
  private setObserved(record: LeaderElectionRecord): void {
    this.observedRecord = record;
    this.observedTime = this.clock.now();
  }

  private maybeReportTransition(): void {
    const holder = this.observedRecord?.holderIdentity ?? '';
    if (holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    const onNewLeader = this.config.callbacks.onNewLeader;
    if (onNewLeader) {
      try {
        onNewLeader(holder);
      } catch (err) {
        klog.error(err, 'OnNewLeader failed');
      }
    }
  }
}
