/**
 * CIDR arithmetic for the service IP range: addresses as offsets from the network address, in
 * BigInt so IPv4 and IPv6 share one code path. Like upstream's allocator, an IPv4 range excludes
 * its network and broadcast addresses and an IPv6 range its network (subnet-router anycast) address.
 */
import { parseCIDRSloppy, parseIPSloppy, type ParsedIP } from '../../../../util/validation/ip.js';

export type IPFamily = 'IPv4' | 'IPv6';

export interface IPRange {
  /** The CIDR as configured, normalized to its network address (`10.96.0.0/12`). */
  readonly cidr: string;
  readonly family: IPFamily;
  /** How many addresses can be handed out. */
  readonly size: bigint;
  /** The offset (0 … size-1) of `ip`, or undefined when it is not an allocatable address of this range. */
  offsetOf(ip: string): bigint | undefined;
  /** The address at `offset` (0 … size-1), canonically formatted. */
  ipAt(offset: bigint): string;
}

function toBigInt(ip: ParsedIP, family: IPFamily): bigint {
  const bytes = family === 'IPv4' ? ip.bytes.subarray(12) : ip.bytes;
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/** Dotted IPv4, or RFC 5952 IPv6 (lower case, longest zero run as '::'). */
export function formatIP(n: bigint, family: IPFamily): string {
  if (family === 'IPv4') return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt((7 - i) * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Parses the range; throws an Error naming the problem for a malformed CIDR or one too small to hold any address. */
export function parseIPRange(cidr: string): IPRange {
  const parsed = parseCIDRSloppy(cidr);
  if (!parsed) throw new Error(`invalid CIDR address: ${cidr}`);
  const family: IPFamily = parsed.ip.is4 && !cidr.slice(0, cidr.indexOf('/')).includes(':') ? 'IPv4' : 'IPv6';
  const bits = family === 'IPv4' ? 32n : 128n;
  const hostBits = bits - BigInt(parsed.prefixLength);
  const network = (toBigInt(parsed.ip, family) >> hostBits) << hostBits;
  const total = 1n << hostBits;
  // Network address always excluded; IPv4 also loses its broadcast address.
  const first = network + 1n;
  const size = total - (family === 'IPv4' ? 2n : 1n);
  if (size <= 0n) throw new Error(`CIDR ${cidr} is too small to allocate service IPs from`);
  const normalized = `${formatIP(network, family)}/${parsed.prefixLength}`;
  return {
    cidr: normalized,
    family,
    size,
    offsetOf(ip) {
      const p = parseIPSloppy(ip);
      if (!p || (family === 'IPv4') !== p.is4) return undefined;
      const n = toBigInt(p, family) - first;
      return n >= 0n && n < size ? n : undefined;
    },
    ipAt: (offset) => formatIP(first + offset, family),
  };
}
