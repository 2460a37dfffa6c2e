/**
 * IP and CIDR checks (k8s.io/apimachinery/pkg/util/validation/ip.go). Parsing is "sloppy" like
 * k8s.io/utils/net ParseIPSloppy: IPv4 octets may carry leading zeros (read as decimal), because
 * objects stored by old releases contain such values and must stay readable and updatable.
 */
import { invalid, type FieldError, type Path } from './field/errors.js';

/** A parsed address: always 16 bytes (IPv4 as IPv4-mapped IPv6, as Go's net.IP does). */
export interface ParsedIP {
  bytes: Uint8Array;
  /** True for dotted IPv4 and for IPv4-mapped IPv6 (`::ffff:a.b.c.d`), as Go's To4() != nil. */
  is4: boolean;
}

const v4MappedPrefix = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseIPv4Octets(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | undefined {
  if (s.includes('%')) return undefined; // zones are not IPs to the API
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const fields = part.split(':');
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] ?? '';
      if (i === fields.length - 1 && f.includes('.')) {
        const v4 = parseIPv4Octets(f);
        if (!v4) return undefined;
        groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(f)) return undefined;
      groups.push(parseInt(f, 16));
    }
    return groups;
  };
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  // An embedded IPv4 may only end the address.
  if (halves.length === 2 && (halves[0] ?? '').includes('.')) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined; // '::' stands for at least one zero group
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    if (head.length !== 8) return undefined;
    groups = head;
  }
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}

/** Parses an IPv4 or IPv6 literal; undefined when it is neither. */
export function parseIPSloppy(value: string): ParsedIP | undefined {
  const v4 = parseIPv4Octets(value);
  if (v4) return { bytes: Uint8Array.from([...v4MappedPrefix, ...v4]), is4: true };
  if (!value.includes(':')) return undefined;
  const bytes = parseIPv6(value);
  if (!bytes) return undefined;
  const is4 = v4MappedPrefix.every((b, i) => bytes[i] === b);
  return { bytes, is4 };
}

/** Parses `ip/prefixLength`; the prefix may be at most 32 for a dotted IPv4 address, else 128. */
export function parseCIDRSloppy(value: string): { ip: ParsedIP; prefixLength: number } | undefined {
  const slash = value.indexOf('/');
  if (slash < 0) return undefined;
  const addr = value.slice(0, slash);
  const mask = value.slice(slash + 1);
  const ip = parseIPSloppy(addr);
  if (!ip || !/^[0-9]+$/.test(mask)) return undefined;
  const prefixLength = Number(mask);
  const maxBits = parseIPv4Octets(addr) ? 32 : 128;
  if (prefixLength > maxBits) return undefined;
  return { ip, prefixLength };
}

/** 'IPv4' | 'IPv6' for a valid IP, undefined otherwise (k8s.io/utils/net IPFamilyOfString). */
export function ipFamilyOf(value: string): 'IPv4' | 'IPv6' | undefined {
  const ip = parseIPSloppy(value);
  if (!ip) return undefined;
  return ip.is4 ? 'IPv4' : 'IPv6';
}

export function isValidIP(fldPath: Path, value: string): FieldError[] {
  return parseIPSloppy(value)
    ? []
    : [invalid(String(fldPath), value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

export function isValidIPv4Address(fldPath: Path, value: string): FieldError[] {
  return parseIPSloppy(value)?.is4 === true ? [] : [invalid(String(fldPath), value, 'must be a valid IPv4 address')];
}

export function isValidIPv6Address(fldPath: Path, value: string): FieldError[] {
  return parseIPSloppy(value)?.is4 === false ? [] : [invalid(String(fldPath), value, 'must be a valid IPv6 address')];
}

export function isValidCIDR(fldPath: Path, value: string): FieldError[] {
  return parseCIDRSloppy(value)
    ? []
    : [invalid(String(fldPath), value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}
