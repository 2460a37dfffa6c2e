/**
 * The leader-election lock on a coordination.k8s.io/v1 Lease (mirrors client-go
 * resourcelock/leaselock.go): spec.holderIdentity, leaseDurationSeconds, acquireTime, renewTime
 * and leaseTransitions carry the record. Updates send the resourceVersion last read, so two
 * candidates racing for an expired lease cannot both win: one gets a Conflict.
 */
import type { Lease } from '../../../../apis/coordination/v1/types.js';
import type { ResourceClient } from '../../../rest/resource.js';
import type { EventRecorder } from '../../record/event.js';
import type { LeaderElectionRecord, ResourceLock } from './interface.js';

export interface LeaseLockConfig {
  /** The leases resource client (namespace not yet applied). */
  leases: ResourceClient<Lease>;
  namespace: string;
  name: string;
  identity: string;
  /** Announces `<identity> became leader` / `stopped leading` as LeaderElection events on the Lease. */
  recorder?: EventRecorder;
}

export class LeaseLock implements ResourceLock {
  private lease: Lease | undefined;

  constructor(private readonly config: LeaseLockConfig) {
    if (!config.identity) throw new Error('Lock identity is empty');
  }

  async get(signal?: AbortSignal) {
    const lease = await this.config.leases.namespace(this.config.namespace).get(this.config.name, signalOpt(signal));
    this.lease = lease;
    const record = leaseSpecToRecord(lease);
    return { record, raw: JSON.stringify(record) };
  }

  async create(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void> {
    this.lease = await this.config.leases.namespace(this.config.namespace).create(
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.config.name, namespace: this.config.namespace },
        spec: recordToLeaseSpec(record),
      },
      signalOpt(signal),
    );
  }

  async update(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void> {
    if (!this.lease) throw new Error('lease not initialized, call get or create first');
    this.lease = await this.config.leases
      .namespace(this.config.namespace)
      .update({ ...this.lease, spec: recordToLeaseSpec(record) }, signalOpt(signal));
  }

  recordEvent(what: string): void {
    const metadata = this.lease?.metadata ?? { name: this.config.name, namespace: this.config.namespace };
    this.config.recorder?.event(
      { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata },
      'Normal',
      'LeaderElection',
      `${this.config.identity} ${what}`,
    );
  }

  identity(): string {
    return this.config.identity;
  }

  describe(): string {
    return `${this.config.namespace}/${this.config.name}`;
  }
}

function signalOpt(signal: AbortSignal | undefined) {
  return signal ? { signal } : {};
}

export function leaseSpecToRecord(lease: Lease): LeaderElectionRecord {
  const spec = lease.spec ?? {};
  const record: LeaderElectionRecord = {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
    acquireTime: spec.acquireTime ? Date.parse(spec.acquireTime) : 0,
    renewTime: spec.renewTime ? Date.parse(spec.renewTime) : 0,
    leaderTransitions: spec.leaseTransitions ?? 0,
  };
  if (spec.strategy) record.strategy = spec.strategy;
  if (spec.preferredHolder) record.preferredHolder = spec.preferredHolder;
  return record;
}

export function recordToLeaseSpec(record: LeaderElectionRecord): NonNullable<Lease['spec']> {
  return {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    acquireTime: microTime(record.acquireTime),
    renewTime: microTime(record.renewTime),
    leaseTransitions: record.leaderTransitions,
    ...(record.strategy ? { strategy: record.strategy } : {}),
    ...(record.preferredHolder ? { preferredHolder: record.preferredHolder } : {}),
  };
}

/** metav1.MicroTime's JSON form: RFC 3339 with six fractional digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
