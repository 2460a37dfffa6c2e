import { describe, expect, it } from 'vitest';
import { newMemoryKV } from '../../../../storage/kv/memory.js';
import { newStore as newStorage } from '../../../../storage/store.js';
import { AllocatorError, newAllocator } from './allocator.js';
import { formatIP, parseIPRange } from './ip-range.js';

const owner = { namespace: 'default', name: 'svc' };

function code(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'ok',
    (err: unknown) => (err instanceof AllocatorError ? `${err.code}: ${err.message}` : Promise.reject(err)),
  );
}

describe('IP ranges', () => {
  it('excludes the IPv4 network and broadcast addresses', () => {
    const r = parseIPRange('10.96.0.0/12');
    expect(r.cidr).toBe('10.96.0.0/12');
    expect(r.size).toBe(2n ** 20n - 2n);
    expect(r.ipAt(0n)).toBe('10.96.0.1');
    expect(r.ipAt(r.size - 1n)).toBe('10.111.255.254');
    expect(r.offsetOf('10.96.0.0')).toBeUndefined();
    expect(r.offsetOf('10.111.255.255')).toBeUndefined();
    expect(r.offsetOf('10.112.0.1')).toBeUndefined();
    expect(r.offsetOf('fd00::1')).toBeUndefined();
  });

  it('normalizes the network address and handles IPv6', () => {
    expect(parseIPRange('10.96.3.4/12').cidr).toBe('10.96.0.0/12');
    const v6 = parseIPRange('fd00:10:96::/108');
    expect(v6.family).toBe('IPv6');
    expect(v6.ipAt(0n)).toBe('fd00:10:96::1');
    expect(v6.offsetOf('fd00:10:96::1')).toBe(0n);
    expect(formatIP(0n, 'IPv6')).toBe('::');
    expect(formatIP(1n << 112n, 'IPv6')).toBe('1::');
  });

  it('rejects malformed or empty ranges', () => {
    expect(() => parseIPRange('10.96.0.0')).toThrow('invalid CIDR address: 10.96.0.0');
    expect(() => parseIPRange('10.0.0.0/32')).toThrow(/too small/);
  });
});

describe('allocator', () => {
  it('allocates a requested address once, across allocator instances sharing storage', async () => {
    const storage = newStorage(newMemoryKV());
    const a = newAllocator(storage, '10.96.0.0/12');
    const b = newAllocator(storage, '10.96.0.0/12');
    await a.allocate('10.96.0.10', owner);
    expect(await code(b.allocate('10.96.0.10', { namespace: 'x', name: 'other' }))).toBe(
      'Allocated: provided IP is already allocated',
    );
    expect(await b.ownerOf('10.96.0.10')).toEqual(owner);
  });

  it('rejects addresses outside the range with the upstream message', async () => {
    const alloc = newAllocator(newStorage(newMemoryKV()), '10.96.0.0/12');
    expect(await code(alloc.allocate('192.168.0.1', owner))).toBe(
      'NotInRange: the provided IP (192.168.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
    expect(await code(alloc.allocate('10.96.0.0', owner))).toMatch(/^NotInRange/);
  });

  it('allocates dynamically from the upper band first and never the first address', async () => {
    const alloc = newAllocator(newStorage(newMemoryKV()), '10.96.0.0/12');
    const ip = await alloc.allocateNext(owner);
    expect(alloc.contains(ip)).toBe(true);
    expect(parseIPRange('10.96.0.0/12').offsetOf(ip)! >= 256n).toBe(true);
  });

  it('fills a small range completely, without the reserved first address, then reports it full', async () => {
    const alloc = newAllocator(newStorage(newMemoryKV()), '10.0.0.0/29');
    const got = new Set<string>();
    for (let i = 0; i < 5; i++) got.add(await alloc.allocateNext(owner));
    expect([...got].sort()).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
    expect(await code(alloc.allocateNext(owner))).toBe('Full: range is full');
    await alloc.release('10.0.0.4', owner);
    expect(await alloc.allocateNext(owner)).toBe('10.0.0.4');
  });

  it('never double-allocates under concurrent allocation', async () => {
    const storage = newStorage(newMemoryKV());
    const allocators = [
      newAllocator(storage, '10.0.0.0/28', { random: () => 0n }),
      newAllocator(storage, '10.0.0.0/28', { random: () => 0n }),
    ];
    const ips = await Promise.all(
      Array.from({ length: 12 }, (_, i) => allocators[i % 2]!.allocateNext({ namespace: 'n', name: `s${i}` })),
    );
    expect(new Set(ips).size).toBe(12);
  });

  it('writes nothing on dry run and releases only for the owner', async () => {
    const storage = newStorage(newMemoryKV());
    const alloc = newAllocator(storage, '10.96.0.0/12');
    const rev = await storage.currentResourceVersion();
    await alloc.allocate('10.96.0.20', owner, { dryRun: true });
    await alloc.allocateNext(owner, { dryRun: true });
    expect(await storage.currentResourceVersion()).toBe(rev);
    await alloc.allocate('10.96.0.20', owner);
    await alloc.release('10.96.0.20', { namespace: 'default', name: 'someone-else' });
    expect(await alloc.ownerOf('10.96.0.20')).toEqual(owner);
    await alloc.release('10.96.0.20', owner);
    expect(await alloc.ownerOf('10.96.0.20')).toBeUndefined();
  });

  it('stores allocations as IPAddress objects', async () => {
    const storage = newStorage(newMemoryKV());
    await newAllocator(storage, '10.96.0.0/12').allocate('10.96.0.7', owner);
    expect(await storage.get('/registry/ipaddresses/10.96.0.7')).toMatchObject({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IPAddress',
      metadata: { name: '10.96.0.7' },
      spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: 'svc' } },
    });
  });
});
