/**
 * Service NodePort allocation (mirrors pkg/registry/core/service/portallocator), persisted
 * through Storage like the cluster IP allocator: each taken port is one record at
 * `<keyRoot>/servicenodeports/<port>` naming its service, so taking a port is an atomic storage
 * create that two apiservers cannot both win. Upstream's errors, which the service registry
 * wraps into 422 (`spec.ports[0].nodePort: Invalid value: 30080: provided port is already
 * allocated`) or 500 (`failed to allocate a nodePort: range is full`).
 */
import { randomInt } from 'node:crypto';
import { isStorageError } from '../../../../storage/errors/errors.js';
import type { Storage } from '../../../../storage/interfaces.js';
import { defaultKeyRoot } from '../../../generic/options.js';
import { allocationRecord, holderOf, type AllocationRecord, type ServiceRef } from '../ipallocator/allocator.js';

export type PortAllocatorErrorCode = 'NotInRange' | 'Allocated' | 'Full';

export class PortAllocatorError extends Error {
  constructor(
    readonly code: PortAllocatorErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PortAllocatorError';
  }
}

/** The default --service-node-port-range. */
export const defaultServiceNodePortRange = '30000-32767';

export interface PortAllocator {
  /** `30000-32767`. */
  readonly range: string;
  contains(port: number): boolean;
  /** Takes `port` for `owner`. Throws PortAllocatorError NotInRange or Allocated. */
  allocate(port: number, owner: ServiceRef, opts?: { dryRun?: boolean }): Promise<void>;
  /** Takes some free port. Throws PortAllocatorError Full. */
  allocateNext(owner: ServiceRef, opts?: { dryRun?: boolean }): Promise<number>;
  /** Frees `port`; with `owner`, only if `owner` holds it. */
  release(port: number, owner?: ServiceRef): Promise<void>;
}

/** Parses `30000-32767` (or a single port) into base and size; throws for a malformed range. */
export function parsePortRange(text: string): { base: number; size: number } {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(text);
  const lo = Number(m?.[1]);
  const hi = m?.[2] === undefined ? lo : Number(m[2]);
  if (!m || !(lo >= 0 && hi <= 65535 && lo <= hi)) throw new Error(`invalid port range: ${JSON.stringify(text)}`);
  return { base: lo, size: hi - lo + 1 };
}

function record(port: number, owner: ServiceRef): AllocationRecord {
  return allocationRecord({ apiVersion: 'v1', kind: 'ServiceNodePort' }, String(port), owner);
}

export function newPortAllocator(
  storage: Storage,
  range: string = defaultServiceNodePortRange,
  opts: { keyRoot?: string; random?: (below: number) => number } = {},
): PortAllocator {
  const { base, size } = parsePortRange(range);
  const text = `${base}-${base + size - 1}`;
  const prefix = `${opts.keyRoot ?? defaultKeyRoot}/servicenodeports/`;
  const random = opts.random ?? ((below: number) => randomInt(below));
  const contains = (port: number) => Number.isInteger(port) && port >= base && port < base + size;

  async function take(port: number, owner: ServiceRef, dryRun: boolean): Promise<boolean> {
    if (dryRun) return !(await storage.get(prefix + port, { ignoreNotFound: true }));
    try {
      await storage.create(prefix + port, record(port, owner));
      return true;
    } catch (err) {
      if (isStorageError(err, 'KeyExists')) return false;
      throw err;
    }
  }

  return {
    range: text,
    contains,
    async allocate(port, owner, { dryRun = false } = {}) {
      if (!contains(port))
        throw new PortAllocatorError(
          'NotInRange',
          `provided port is not in the valid range. The range of valid ports is ${text}`,
        );
      if (!(await take(port, owner, dryRun)))
        throw new PortAllocatorError('Allocated', 'provided port is already allocated');
    },
    async allocateNext(owner, { dryRun = false } = {}) {
      const listed = await storage.getList(prefix);
      const taken = new Set(listed.items.map((i) => Number(i.metadata.name)));
      const start = random(size);
      for (let i = 0; i < size; i++) {
        const port = base + ((start + i) % size);
        if (taken.has(port)) continue;
        if (await take(port, owner, dryRun)) return port;
        taken.add(port);
      }
      throw new PortAllocatorError('Full', 'range is full');
    },
    async release(port, owner) {
      if (!contains(port)) return;
      try {
        await storage.delete(prefix + port, {
          validateDeletion: (current) => {
            const holder = holderOf(current);
            if (owner && holder && (holder.namespace !== owner.namespace || holder.name !== owner.name))
              throw new PortAllocatorError('Allocated', `port ${port} belongs to another service`);
          },
        });
      } catch (err) {
        if (isStorageError(err, 'KeyNotFound') || err instanceof PortAllocatorError) return;
        throw err;
      }
    },
  };
}
