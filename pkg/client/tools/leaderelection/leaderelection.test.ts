import { describe, expect, it } from 'vitest';
import { StatusError } from '../../../api/errors/errors.js';
import { FakeClock, flushMicrotasks } from '../../util/clock/clock.js';
import { LeaderElector, type LeaderElectionConfig } from './leaderelection.js';
import type { LeaderElectionRecord, ResourceLock } from './resourcelock/interface.js';
import { leaseSpecToRecord, microTime, recordToLeaseSpec } from './resourcelock/leaselock.js';

/** The lock object as the apiserver would keep it: a record with a version, conflicts on stale writes. */
class MemoryLockStore {
  record: LeaderElectionRecord | undefined;
  version = 0;
  writes: string[] = [];
}

class MemoryLock implements ResourceLock {
  private seenVersion = -1;
  /** When set, writes fail (a partitioned or hung candidate). */
  broken = false;
  events: string[] = [];

  constructor(
    private readonly store: MemoryLockStore,
    private readonly id: string,
  ) {}

  async get() {
    if (!this.store.record) {
      throw new StatusError({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        code: 404,
        reason: 'NotFound',
        message: 'leases.coordination.k8s.io "lock" not found',
      });
    }
    this.seenVersion = this.store.version;
    return { record: { ...this.store.record }, raw: JSON.stringify(this.store.record) };
  }

  async create(record: LeaderElectionRecord) {
    if (this.broken) throw new Error('connection refused');
    if (this.store.record) throw new Error('already exists');
    this.write(record);
  }

  async update(record: LeaderElectionRecord) {
    if (this.broken) throw new Error('connection refused');
    if (this.seenVersion !== this.store.version) throw new Error('conflict: the object has been modified');
    this.write(record);
  }

  private write(record: LeaderElectionRecord) {
    this.store.record = { ...record };
    this.store.version++;
    this.seenVersion = this.store.version;
    this.store.writes.push(`${this.id}:${record.holderIdentity || '<released>'}`);
  }

  recordEvent(what: string) {
    this.events.push(`${this.id} ${what}`);
  }
  identity() {
    return this.id;
  }
  describe() {
    return 'kube-system/lock';
  }
}

function candidate(store: MemoryLockStore, id: string, clock: FakeClock, extra: Partial<LeaderElectionConfig> = {}) {
  const lock = new MemoryLock(store, id);
  const log: string[] = [];
  let leading: AbortSignal | undefined;
  const elector = new LeaderElector({
    lock,
    leaseDurationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
    clock,
    random: () => 0,
    callbacks: {
      onStartedLeading: (signal) => {
        leading = signal;
        log.push('started');
      },
      onStoppedLeading: () => log.push('stopped'),
      onNewLeader: (who) => log.push(`leader ${who}`),
    },
    ...extra,
  });
  const abort = new AbortController();
  const done = elector.run(abort.signal);
  return { lock, log, elector, abort, done, leadingSignal: () => leading };
}

describe('leader election', () => {
  it('acquires a free lock at once and renews it every retry period', async () => {
    const clock = new FakeClock(1_000_000);
    const store = new MemoryLockStore();
    const a = candidate(store, 'a', clock);
    await flushMicrotasks();
    expect(a.log).toEqual(['leader a', 'started']);
    expect(a.elector.isLeader()).toBe(true);
    expect(store.record).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 15, leaderTransitions: 0 });
    await clock.step(2000);
    await clock.step(2000);
    // Acquired, renewed at once (upstream's renew loop starts immediately), then every 2 s.
    expect(store.writes).toEqual(['a:a', 'a:a', 'a:a', 'a:a']);
    expect(store.record?.renewTime).toBe(1_004_000);
    expect(store.record?.acquireTime).toBe(1_000_000);
    a.abort.abort();
    await a.done;
    expect(a.log.at(-1)).toBe('stopped');
    expect(a.lock.events).toEqual(['a became leader', 'a stopped leading']);
  });

  it('lets a second candidate take over only after the holder stopped renewing for a lease duration', async () => {
    const clock = new FakeClock(1_000_000);
    const store = new MemoryLockStore();
    const a = candidate(store, 'a', clock);
    await flushMicrotasks();
    const b = candidate(store, 'b', clock);
    await flushMicrotasks();
    expect(b.log).toEqual(['leader a']);
    // a hangs: its writes fail from now on.
    a.lock.broken = true;
    // b saw the record change last at t≈0 (a's renewals stop after that); it must wait 15 s from its last observation.
    await clock.step(14_000);
    expect(b.elector.isLeader()).toBe(false);
    // a's renewal round has failed for renewDeadline (10 s): it stopped leading.
    expect(a.leadingSignal()?.aborted).toBe(true);
    expect(a.log).toEqual(['leader a', 'started', 'stopped']);
    await clock.step(4_000);
    expect(b.elector.isLeader()).toBe(true);
    expect(b.log).toEqual(['leader a', 'leader b', 'started']);
    expect(store.record).toMatchObject({ holderIdentity: 'b', leaderTransitions: 1 });
    b.abort.abort();
    await Promise.all([a.done, b.done]);
  });

  it('calls onStoppedLeading when the lease is lost even if the work ignores its signal', async () => {
    const clock = new FakeClock(1_000_000);
    const store = new MemoryLockStore();
    const stopped: string[] = [];
    const a = candidate(store, 'a', clock, {
      callbacks: {
        onStartedLeading: () => new Promise<void>(() => {}),
        onStoppedLeading: () => stopped.push('stopped'),
      },
    });
    await flushMicrotasks();
    a.lock.broken = true;
    await clock.step(12_000);
    await a.done;
    expect(stopped).toEqual(['stopped']);
  });

  it('releases the lock on cancel when asked, so the next candidate takes it at its next try', async () => {
    const clock = new FakeClock(1_000_000);
    const store = new MemoryLockStore();
    const a = candidate(store, 'a', clock, { releaseOnCancel: true });
    await flushMicrotasks();
    const b = candidate(store, 'b', clock);
    await flushMicrotasks();
    a.abort.abort();
    await a.done;
    expect(store.record).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    // b's next attempt is one retry period later; the released lease (1 s) has expired by then.
    await clock.step(2000);
    expect(b.elector.isLeader()).toBe(true);
    expect(store.writes).toEqual(['a:a', 'a:a', 'a:<released>', 'b:b', 'b:b']);
    b.abort.abort();
    await b.done;
  });

  it('keeps the lock from a candidate that lost a write race (conflict)', async () => {
    const clock = new FakeClock(1_000_000);
    const store = new MemoryLockStore();
    store.record = {
      holderIdentity: 'gone',
      leaseDurationSeconds: 15,
      acquireTime: 0,
      renewTime: 0,
      leaderTransitions: 4,
    };
    const a = candidate(store, 'a', clock);
    await flushMicrotasks();
    expect(a.elector.isLeader()).toBe(false);
    await clock.step(16_000);
    expect(a.elector.isLeader()).toBe(true);
    expect(store.record?.leaderTransitions).toBe(5);
    a.abort.abort();
    await a.done;
  });

  it('rejects timings upstream rejects', () => {
    const lock = new MemoryLock(new MemoryLockStore(), 'x');
    const callbacks = { onStartedLeading: () => {}, onStoppedLeading: () => {} };
    const make = (lease: number, renew: number, retry: number) => () =>
      new LeaderElector({ lock, leaseDurationMs: lease, renewDeadlineMs: renew, retryPeriodMs: retry, callbacks });
    expect(make(10_000, 10_000, 2000)).toThrow('leaseDuration must be greater than renewDeadline');
    expect(make(15_000, 2000, 2000)).toThrow('renewDeadline must be greater than retryPeriod*JitterFactor');
    expect(make(15_000, 10_000, 0)).toThrow('retryPeriod must be greater than zero');
    const anonymous = new MemoryLock(new MemoryLockStore(), '');
    expect(
      () =>
        new LeaderElector({
          lock: anonymous,
          leaseDurationMs: 15_000,
          renewDeadlineMs: 10_000,
          retryPeriodMs: 2000,
          callbacks,
        }),
    ).toThrow('Lock identity is empty');
  });
});

describe('lease lock record', () => {
  it('round-trips through a Lease spec with MicroTime timestamps', () => {
    const record: LeaderElectionRecord = {
      holderIdentity: 'node-1_abc',
      leaseDurationSeconds: 15,
      acquireTime: Date.UTC(2025, 0, 2, 3, 4, 5, 678),
      renewTime: Date.UTC(2025, 0, 2, 3, 4, 7, 1),
      leaderTransitions: 3,
    };
    const spec = recordToLeaseSpec(record);
    expect(spec.acquireTime).toBe('2025-01-02T03:04:05.678000Z');
    expect(microTime(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(leaseSpecToRecord({ metadata: {}, spec })).toEqual(record);
  });
});
