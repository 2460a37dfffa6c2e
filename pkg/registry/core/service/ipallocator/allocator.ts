/**
 * Service cluster IP allocation (mirrors pkg/registry/core/service/ipallocator), persisted
 * through Storage so that restarts and several apiservers never hand out one address twice.
 *
 * Upstream's current allocator (MultiCIDRServiceAllocator) records each allocation as an
 * IPAddress object (networking.k8s.io/v1) named by the address; so do we, at
 * `<keyRoot>/ipaddresses/<ip>`. Taking an address is a storage create, which is atomic: of two
 * apiservers racing for one address exactly one wins, and the other tries another. Releasing is
 * a delete (only by the owning service, when the caller names it).
 *
 * Dynamic allocation leaves the first address to the `kubernetes` service and, as upstream's
 * static subrange (KEP-3070), prefers the upper part of the range so that the lower band stays
 * free for clusterIPs users pick themselves.
 */
import { randomInt } from 'node:crypto';
import type { KubeObject } from '../../../../apis/meta/v1/types.js';
import { isStorageError } from '../../../../storage/errors/errors.js';
import type { Storage } from '../../../../storage/interfaces.js';
import { defaultKeyRoot } from '../../../generic/options.js';
import { fillObjectMetaSystemFields } from '../../../rest/create.js';
import { parseIPRange, type IPFamily, type IPRange } from './ip-range.js';

/** Upstream's allocator error texts; the service registry wraps them into 422/500 Status errors. */
export type AllocatorErrorCode = 'NotInRange' | 'Allocated' | 'Full';

export class AllocatorError extends Error {
  constructor(
    readonly code: AllocatorErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AllocatorError';
  }
}

/** The service an address belongs to (IPAddress spec.parentRef). */
export interface ServiceRef {
  namespace: string;
  name: string;
}

/**
 * What an allocation is stored as (an IPAddress here, a node port record in ../portallocator):
 * an object named by what it allocates whose spec.parentRef names the holding service.
 */
export interface AllocationRecord extends KubeObject {
  spec?: { parentRef?: { group?: string; resource?: string; namespace?: string; name?: string } };
}

/** A record of `name` held by `owner`, with system metadata as a created object has. */
export function allocationRecord(
  typeMeta: { apiVersion: string; kind: string },
  name: string,
  owner: ServiceRef,
  labels?: Record<string, string>,
): AllocationRecord {
  const obj: AllocationRecord = {
    ...typeMeta,
    metadata: labels ? { name, labels } : { name },
    spec: { parentRef: { group: '', resource: 'services', namespace: owner.namespace, name: owner.name } },
  };
  fillObjectMetaSystemFields(obj.metadata);
  return obj;
}

/** The service holding an allocation record, if the record names one. */
export function holderOf(record: AllocationRecord | undefined): ServiceRef | undefined {
  const ref = record?.spec?.parentRef;
  return ref?.name ? { namespace: ref.namespace ?? '', name: ref.name } : undefined;
}

export interface AllocateOptions {
  /** Check only: nothing is written. */
  dryRun?: boolean;
}

export interface Allocator {
  /** The range, normalized (`10.96.0.0/12`). */
  readonly cidr: string;
  readonly family: IPFamily;
  /** The first address of the range, reserved for the `kubernetes` service. */
  readonly firstIP: string;
  /** Whether `ip` is an allocatable address of this range. */
  contains(ip: string): boolean;
  /** Takes `ip` for `owner`. Throws AllocatorError NotInRange or Allocated. */
  allocate(ip: string, owner: ServiceRef, opts?: AllocateOptions): Promise<void>;
  /** Takes some free address (never the first one) for `owner`. Throws AllocatorError Full. */
  allocateNext(owner: ServiceRef, opts?: AllocateOptions): Promise<string>;
  /** Frees `ip`; with `owner`, only if `owner` holds it. Freeing a free address is a no-op. */
  release(ip: string, owner?: ServiceRef): Promise<void>;
  /** The service holding `ip`, if any. */
  ownerOf(ip: string): Promise<ServiceRef | undefined>;
}

export interface AllocatorOptions {
  /** Root of storage keys (upstream --etcd-prefix), default defaultKeyRoot. */
  keyRoot?: string;
  /** Picks a random number below the argument; injectable for tests. */
  random?: (below: bigint) => bigint;
}

function defaultRandom(below: bigint): bigint {
  if (below <= BigInt(Number.MAX_SAFE_INTEGER)) return BigInt(randomInt(Number(below)));
  // Ranges beyond 2^53 (IPv6): combine two draws; uniformity does not matter for probing.
  return (BigInt(randomInt(2 ** 47)) * BigInt(2 ** 47) + BigInt(randomInt(2 ** 47))) % below;
}

/** Upstream's static band: min(max(16, size/16), 256) addresses at the bottom of the range. */
function staticBandSize(size: bigint): bigint {
  let band = size / 16n;
  if (band < 16n) band = 16n;
  if (band > 256n) band = 256n;
  return band >= size ? 1n : band;
}

function ipAddressObject(ip: string, family: IPFamily, owner: ServiceRef): AllocationRecord {
  return allocationRecord({ apiVersion: 'networking.k8s.io/v1', kind: 'IPAddress' }, ip, owner, {
    'ipaddress.kubernetes.io/ip-family': family,
    'ipaddress.kubernetes.io/managed-by': 'ipallocator.k8s.io',
  });
}

/** An allocator over `cidr`; throws an Error for a malformed or empty range (a startup configuration error). */
export function newAllocator(storage: Storage, cidr: string, opts: AllocatorOptions = {}): Allocator {
  const range: IPRange = parseIPRange(cidr);
  const prefix = `${opts.keyRoot ?? defaultKeyRoot}/ipaddresses/`;
  const random = opts.random ?? defaultRandom;
  const notInRange = (ip: string) =>
    new AllocatorError(
      'NotInRange',
      `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${range.cidr}`,
    );

  /** Tries to record `ip` for `owner`; false when someone holds it already. */
  async function take(ip: string, owner: ServiceRef, dryRun: boolean): Promise<boolean> {
    if (dryRun) return !(await storage.get(prefix + ip, { ignoreNotFound: true }));
    try {
      await storage.create(prefix + ip, ipAddressObject(ip, range.family, owner));
      return true;
    } catch (err) {
      if (isStorageError(err, 'KeyExists')) return false;
      throw err;
    }
  }

  /** Offsets lo … hi-1 starting at a random one, skipping known-taken ones, at most `limit` tries. */
  async function probe(
    lo: bigint,
    hi: bigint,
    taken: Set<string>,
    owner: ServiceRef,
    dryRun: boolean,
  ): Promise<string | undefined> {
    const width = hi - lo;
    if (width <= 0n) return undefined;
    const start = random(width);
    // Only known-taken addresses and racing writers can be in the way, so this bounds the walk.
    const limit = BigInt(taken.size) + 64n < width ? BigInt(taken.size) + 64n : width;
    let tried = 0n;
    for (let i = 0n; i < width && tried < limit; i++) {
      const ip = range.ipAt(lo + ((start + i) % width));
      if (taken.has(ip)) continue;
      tried++;
      if (await take(ip, owner, dryRun)) return ip;
      taken.add(ip);
    }
    return undefined;
  }

  return {
    cidr: range.cidr,
    family: range.family,
    firstIP: range.ipAt(0n),
    contains: (ip) => range.offsetOf(ip) !== undefined,

    async allocate(ip, owner, { dryRun = false } = {}) {
      const offset = range.offsetOf(ip);
      if (offset === undefined) throw notInRange(ip);
      // Store under the canonical spelling so that '10.96.0.010' and '10.96.0.10' are one address.
      if (!(await take(range.ipAt(offset), owner, dryRun)))
        throw new AllocatorError('Allocated', 'provided IP is already allocated');
    },

    async allocateNext(owner, { dryRun = false } = {}) {
      const listed = await storage.getList(prefix);
      const taken = new Set(
        listed.items.map((i) => i.metadata.name ?? '').filter((ip) => range.offsetOf(ip) !== undefined),
      );
      const band = staticBandSize(range.size);
      const ip = (await probe(band, range.size, taken, owner, dryRun)) ?? (await probe(1n, band, taken, owner, dryRun));
      if (ip === undefined) throw new AllocatorError('Full', 'range is full');
      return ip;
    },

    async release(ip, owner) {
      const offset = range.offsetOf(ip);
      if (offset === undefined) return;
      try {
        await storage.delete(prefix + range.ipAt(offset), {
          validateDeletion: (current) => {
            const holder = holderOf(current);
            if (owner && holder && (holder.namespace !== owner.namespace || holder.name !== owner.name)) {
              throw new AllocatorError('Allocated', `IP ${ip} belongs to service ${holder.namespace}/${holder.name}`);
            }
          },
        });
      } catch (err) {
        if (isStorageError(err, 'KeyNotFound') || err instanceof AllocatorError) return;
        throw err;
      }
    },

    async ownerOf(ip) {
      const offset = range.offsetOf(ip);
      if (offset === undefined) return undefined;
      return holderOf(await storage.get(prefix + range.ipAt(offset), { ignoreNotFound: true }));
    },
  };
}
