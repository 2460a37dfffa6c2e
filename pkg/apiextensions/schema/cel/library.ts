/**
 * The Kubernetes CEL libraries (k8s.io/apiserver/pkg/cel/library) on top of the CEL engine's
 * standard and string functions: lists (isSorted, sum, min, max, indexOf, lastIndexOf), regex
 * (RE2 `matches`, find, findAll), url, ip, cidr and quantity.
 *
 * `matches` uses RE2 (Go's syntax, linear time) instead of the engine's JavaScript RegExp:
 * compiled rules call `re2Matches`, see compilation.ts.
 */
import { type Environment, Optional } from '@marcbachmann/cel-js';
import { nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain } from '../../../api/validation/generic.js';
import { RE2JS } from 're2js';
import {
  compareQuantity,
  formatQuantity,
  parseQuantity,
  type Quantity as ParsedQuantity,
  quantityValue,
} from '../../../api/resource/quantity.js';
import { type ParsedIP, parseCIDRSloppy, parseIPSloppy } from '../../../util/validation/ip.js';
import { isQualifiedName, isValidLabelValue } from '../../../util/validation/validation.js';
import { formatChecker } from '../../validation/formats.js';

/** A runtime error raised by a library function; its message is what cel-go reports. */
export class CELRuntimeError extends Error {}

const regexCache = new Map<string, RE2JS>();

/** Compiles (and caches) an RE2 pattern; throws with Go's `error parsing regexp: …` message. */
export function compileRegex(pattern: string): RE2JS {
  let re = regexCache.get(pattern);
  if (!re) {
    try {
      re = RE2JS.compile(pattern);
    } catch (e) {
      throw new CELRuntimeError(e instanceof Error ? e.message : String(e));
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

function findAll(s: string, pattern: string, limit: bigint): string[] {
  const m = compileRegex(pattern).matcher(s);
  const out: string[] = [];
  while ((limit < 0n || BigInt(out.length) < limit) && m.find()) out.push(m.group() ?? '');
  return out;
}

export class CelIP {
  constructor(
    readonly text: string,
    readonly parsed: ParsedIP,
  ) {}
  get family(): bigint {
    return this.parsed.is4 ? 4n : 6n;
  }
  /** Bytes as Go holds them: 4 for IPv4, 16 for IPv6. */
  get bytes(): Uint8Array {
    return this.parsed.is4 ? this.parsed.bytes.slice(12) : this.parsed.bytes;
  }
}

export class CelCIDR {
  constructor(
    readonly text: string,
    readonly ip: CelIP,
    readonly prefixLength: number,
  ) {}
}

export class CelURL {
  constructor(readonly url: URL) {}
}

/** A named format of the format library (`format.dns1123Label()`, `format.named('uuid')`). */
export class CelFormat {
  constructor(
    readonly name: string,
    readonly validate: (s: string) => string[],
  ) {}
}

/** The `format` namespace object the format library's functions hang off. */
export class CelFormatNamespace {}

function checkerFormat(name: string, message: string): (s: string) => string[] {
  return (s) => (formatChecker(name)?.(s) ? [] : [message]);
}

const namedFormats: Record<string, (s: string) => string[]> = {
  dns1123Label: (s) => nameIsDNSLabel(s, false),
  dns1123Subdomain: (s) => nameIsDNSSubdomain(s, false),
  dns1035Label: (s) => nameIsDNS1035Label(s, false),
  qualifiedName: isQualifiedName,
  dns1123LabelPrefix: (s) => nameIsDNSLabel(s, true),
  dns1123SubdomainPrefix: (s) => nameIsDNSSubdomain(s, true),
  dns1035LabelPrefix: (s) => nameIsDNS1035Label(s, true),
  labelValue: isValidLabelValue,
  uri: (s) => (formatChecker('uri')?.(s) ? [] : [`parse ${JSON.stringify(s)}: invalid URI for request`]),
  uuid: checkerFormat('uuid', 'does not match the UUID format'),
  byte: checkerFormat('byte', 'invalid base64'),
  date: checkerFormat('date', 'invalid date'),
  datetime: checkerFormat('datetime', 'invalid datetime'),
};

export class CelQuantity {
  constructor(readonly q: ParsedQuantity) {}
}

function parseIP(s: string): CelIP {
  // The library refuses IPv4-mapped IPv6 and zones, and leading zeros (non-canonical forms).
  const parsed = parseIPSloppy(s);
  if (!parsed || (s.includes(':') && parsed.is4) || /(^|\.)0\d/.test(s))
    throw new CELRuntimeError(
      `IP Address "${s}" parse error during conversion from string: ParseAddr("${s}"): unable to parse IP`,
    );
  return new CelIP(s, parsed);
}

function parseCIDR(s: string): CelCIDR {
  const parsed = parseCIDRSloppy(s);
  const addr = s.slice(0, Math.max(0, s.indexOf('/')));
  if (!parsed || (addr.includes(':') && parsed.ip.is4) || /(^|\.)0\d/.test(addr))
    throw new CELRuntimeError(
      `network address parse error during conversion from string: netip.ParsePrefix("${s}"): bad prefix`,
    );
  return new CelCIDR(s, new CelIP(addr, parsed.ip), parsed.prefixLength);
}

function maskedBytes(ip: CelIP, bits: number): Uint8Array {
  const b = ip.bytes.slice();
  for (let i = 0; i < b.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    b[i] = (b[i] ?? 0) & ((0xff << (8 - keep)) & 0xff);
  }
  return b;
}

function cidrContains(c: CelCIDR, ip: CelIP): boolean {
  if (c.ip.parsed.is4 !== ip.parsed.is4) return false;
  const a = maskedBytes(c.ip, c.prefixLength);
  const b = maskedBytes(ip, c.prefixLength);
  return a.every((x, i) => x === b[i]);
}

function formatIP(bytes: Uint8Array, is4: boolean): string {
  if (is4) return Array.from(bytes).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // Longest run of zero groups (length ≥ 2) becomes '::'.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

function parseURL(s: string): CelURL {
  try {
    if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s) && !s.startsWith('/')) throw new Error('invalid URI for request');
    return new CelURL(new URL(s, s.startsWith('/') ? 'relative:///' : undefined));
  } catch {
    throw new CELRuntimeError(`URL parse error during conversion from string: parse "${s}": invalid URI for request`);
  }
}

function parseQuantityValue(s: string): CelQuantity {
  const q = parseQuantity(s);
  if (!q) throw new CELRuntimeError('quantities must match the regular expression');
  return new CelQuantity(q);
}

function quantityCompare(a: CelQuantity, b: CelQuantity): bigint {
  return BigInt(compareQuantity(a.q, b.q));
}

function orderedCompare<T extends bigint | number | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Registers the Kubernetes libraries on an environment (before it is cloned per rule). */
export function registerKubernetesLibraries(env: Environment): void {
  env
    .registerType('net.IP', { ctor: CelIP, fields: {} })
    .registerType('net.CIDR', { ctor: CelCIDR, fields: {} })
    .registerType('kubernetes.URL', { ctor: CelURL, fields: {} })
    .registerType('kubernetes.Quantity', { ctor: CelQuantity, fields: {} });

  // Regex: RE2 matches (rules are rewritten to call it), find, findAll.
  env
    .registerFunction('string.re2Matches(string): bool', (s: string, p: string) => compileRegex(p).matcher(s).find())
    .registerFunction('re2Matches(string, string): bool', (s: string, p: string) => compileRegex(p).matcher(s).find())
    .registerFunction('string.find(string): string', (s: string, p: string) => findAll(s, p, 1n)[0] ?? '')
    .registerFunction('string.findAll(string): list<string>', (s: string, p: string) => findAll(s, p, -1n))
    .registerFunction('string.findAll(string, int): list<string>', (s: string, p: string, n: bigint) =>
      findAll(s, p, n),
    );

  // Lists.
  for (const t of ['int', 'double', 'string']) {
    env
      .registerFunction(`list<${t}>.isSorted(): bool`, (l: (bigint | number | string)[]) =>
        l.every((v, i) => i === 0 || orderedCompare(l[i - 1] as typeof v, v) <= 0),
      )
      .registerFunction(`list<${t}>.min(): ${t}`, (l: (bigint | number | string)[]) => {
        if (l.length === 0) throw new CELRuntimeError('min called on empty list');
        return l.reduce((a, b) => (orderedCompare(b, a) < 0 ? b : a));
      })
      .registerFunction(`list<${t}>.max(): ${t}`, (l: (bigint | number | string)[]) => {
        if (l.length === 0) throw new CELRuntimeError('max called on empty list');
        return l.reduce((a, b) => (orderedCompare(b, a) > 0 ? b : a));
      });
  }
  env
    .registerFunction('list<int>.sum(): int', (l: bigint[]) => l.reduce((a, b) => a + b, 0n))
    .registerFunction('list<double>.sum(): double', (l: number[]) => l.reduce((a, b) => a + b, 0))
    .registerFunction('list<A>.indexOf(A): int', (l: unknown[], v: unknown) =>
      BigInt(l.findIndex((x) => celEquals(x, v))),
    )
    .registerFunction('list<A>.lastIndexOf(A): int', (l: unknown[], v: unknown) =>
      BigInt(l.findLastIndex((x) => celEquals(x, v))),
    );

  // IP and CIDR.
  env
    .registerFunction('isIP(string): bool', (s: string) => {
      try {
        parseIP(s);
        return true;
      } catch {
        return false;
      }
    })
    .registerFunction('ip(string): net.IP', parseIP)
    .registerFunction('net.IP.family(): int', (ip: CelIP) => ip.family)
    .registerFunction('net.IP.isUnspecified(): bool', (ip: CelIP) => ip.bytes.every((b) => b === 0))
    .registerFunction('net.IP.isLoopback(): bool', (ip: CelIP) =>
      ip.parsed.is4 ? ip.bytes[0] === 127 : ip.bytes.every((b, i) => b === (i === 15 ? 1 : 0)),
    )
    .registerFunction('net.IP.isLinkLocalMulticast(): bool', (ip: CelIP) =>
      ip.parsed.is4
        ? ip.bytes[0] === 224 && ip.bytes[1] === 0 && ip.bytes[2] === 0
        : ip.bytes[0] === 0xff && ((ip.bytes[1] ?? 0) & 0x0f) === 0x02,
    )
    .registerFunction('net.IP.isLinkLocalUnicast(): bool', (ip: CelIP) =>
      ip.parsed.is4
        ? ip.bytes[0] === 169 && ip.bytes[1] === 254
        : ip.bytes[0] === 0xfe && ((ip.bytes[1] ?? 0) & 0xc0) === 0x80,
    )
    .registerFunction('net.IP.isGlobalUnicast(): bool', isGlobalUnicast)
    .registerFunction('string(net.IP): string', (ip: CelIP) => formatIP(ip.bytes, ip.parsed.is4))
    .registerOperator(
      'net.IP == net.IP',
      (a: CelIP, b: CelIP) => a.bytes.every((x, i) => x === b.bytes[i]) && a.bytes.length === b.bytes.length,
    )
    .registerFunction('isCIDR(string): bool', (s: string) => {
      try {
        parseCIDR(s);
        return true;
      } catch {
        return false;
      }
    })
    .registerFunction('cidr(string): net.CIDR', parseCIDR)
    .registerFunction('net.CIDR.containsIP(string): bool', (c: CelCIDR, s: string) => cidrContains(c, parseIP(s)))
    .registerFunction('net.CIDR.containsIP(net.IP): bool', (c: CelCIDR, ip: CelIP) => cidrContains(c, ip))
    .registerFunction('net.CIDR.containsCIDR(string): bool', (c: CelCIDR, s: string) => {
      const other = parseCIDR(s);
      return other.prefixLength >= c.prefixLength && cidrContains(c, other.ip);
    })
    .registerFunction(
      'net.CIDR.containsCIDR(net.CIDR): bool',
      (c: CelCIDR, other: CelCIDR) => other.prefixLength >= c.prefixLength && cidrContains(c, other.ip),
    )
    .registerFunction('net.CIDR.ip(): net.IP', (c: CelCIDR) => c.ip)
    .registerFunction('net.CIDR.prefixLength(): int', (c: CelCIDR) => BigInt(c.prefixLength))
    .registerFunction('net.CIDR.masked(): net.CIDR', (c: CelCIDR) => {
      const bytes = maskedBytes(c.ip, c.prefixLength);
      const text = formatIP(bytes, c.ip.parsed.is4);
      return parseCIDR(`${text}/${c.prefixLength}`);
    })
    .registerFunction('string(net.CIDR): string', (c: CelCIDR) => c.text)
    .registerOperator(
      'net.CIDR == net.CIDR',
      (a: CelCIDR, b: CelCIDR) =>
        a.prefixLength === b.prefixLength &&
        a.ip.bytes.length === b.ip.bytes.length &&
        a.ip.bytes.every((x, i) => x === b.ip.bytes[i]),
    );

  // URLs.
  env
    .registerFunction('isURL(string): bool', (s: string) => {
      try {
        parseURL(s);
        return true;
      } catch {
        return false;
      }
    })
    .registerFunction('url(string): kubernetes.URL', parseURL)
    .registerFunction('kubernetes.URL.getScheme(): string', (u: CelURL) =>
      u.url.protocol === 'relative:' ? '' : u.url.protocol.slice(0, -1),
    )
    .registerFunction('kubernetes.URL.getHost(): string', (u: CelURL) => u.url.host)
    .registerFunction('kubernetes.URL.getHostname(): string', (u: CelURL) => u.url.hostname.replace(/^\[|\]$/g, ''))
    .registerFunction('kubernetes.URL.getPort(): string', (u: CelURL) => u.url.port)
    .registerFunction('kubernetes.URL.getEscapedPath(): string', (u: CelURL) => u.url.pathname)
    .registerFunction('kubernetes.URL.getQuery(): map<string, list<string>>', (u: CelURL) => {
      const out = new Map<string, string[]>();
      for (const [k, v] of u.url.searchParams) out.set(k, [...(out.get(k) ?? []), v]);
      return out;
    });

  // Formats: format.<name>() and format.named(name), then .validate(string).
  env
    .registerType('kubernetes.FormatNamespace', { ctor: CelFormatNamespace, fields: {} })
    .registerType('kubernetes.NamedFormat', { ctor: CelFormat, fields: {} })
    .registerConstant('format', 'kubernetes.FormatNamespace', new CelFormatNamespace())
    .registerFunction(
      'kubernetes.FormatNamespace.named(string): optional<kubernetes.NamedFormat>',
      (_ns: CelFormatNamespace, name: string) => {
        const validate = namedFormats[name];
        return validate ? Optional.of(new CelFormat(name, validate)) : Optional.none();
      },
    )
    .registerFunction('kubernetes.NamedFormat.validate(string): optional<list<string>>', (f: CelFormat, s: string) => {
      const errs = f.validate(s);
      return errs.length > 0 ? Optional.of(errs) : Optional.none();
    });
  for (const [name, validate] of Object.entries(namedFormats))
    env.registerFunction(
      `kubernetes.FormatNamespace.${name}(): kubernetes.NamedFormat`,
      () => new CelFormat(name, validate),
    );

  // Quantities.
  env
    .registerFunction('isQuantity(string): bool', (s: string) => parseQuantity(s) !== undefined)
    .registerFunction('quantity(string): kubernetes.Quantity', parseQuantityValue)
    .registerFunction('kubernetes.Quantity.isInteger(): bool', (q: CelQuantity) => q.q.den === 1n)
    .registerFunction('kubernetes.Quantity.asInteger(): int', (q: CelQuantity) => {
      if (q.q.den !== 1n) throw new CELRuntimeError('cannot convert value to integer');
      return quantityValue(q.q);
    })
    .registerFunction(
      'kubernetes.Quantity.asApproximateFloat(): double',
      (q: CelQuantity) => Number(q.q.num) / Number(q.q.den),
    )
    .registerFunction('kubernetes.Quantity.sign(): int', (q: CelQuantity) => BigInt(Math.sign(Number(q.q.num))))
    .registerFunction(
      'kubernetes.Quantity.isGreaterThan(kubernetes.Quantity): bool',
      (a: CelQuantity, b: CelQuantity) => quantityCompare(a, b) > 0n,
    )
    .registerFunction(
      'kubernetes.Quantity.isLessThan(kubernetes.Quantity): bool',
      (a: CelQuantity, b: CelQuantity) => quantityCompare(a, b) < 0n,
    )
    .registerFunction('kubernetes.Quantity.compareTo(kubernetes.Quantity): int', quantityCompare)
    .registerFunction(
      'kubernetes.Quantity.add(kubernetes.Quantity): kubernetes.Quantity',
      (a: CelQuantity, b: CelQuantity) => addQuantity(a.q, b.q, 1n),
    )
    .registerFunction('kubernetes.Quantity.add(int): kubernetes.Quantity', (a: CelQuantity, n: bigint) =>
      addQuantity(a.q, { num: n, den: 1n, format: a.q.format }, 1n),
    )
    .registerFunction(
      'kubernetes.Quantity.sub(kubernetes.Quantity): kubernetes.Quantity',
      (a: CelQuantity, b: CelQuantity) => addQuantity(a.q, b.q, -1n),
    )
    .registerFunction('kubernetes.Quantity.sub(int): kubernetes.Quantity', (a: CelQuantity, n: bigint) =>
      addQuantity(a.q, { num: n, den: 1n, format: a.q.format }, -1n),
    )
    .registerFunction('string(kubernetes.Quantity): string', (q: CelQuantity) => formatQuantity(q.q))
    .registerOperator(
      'kubernetes.Quantity == kubernetes.Quantity',
      (a: CelQuantity, b: CelQuantity) => quantityCompare(a, b) === 0n,
    );
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

function addQuantity(a: ParsedQuantity, b: ParsedQuantity, sign: bigint): CelQuantity {
  const num = a.num * b.den + sign * b.num * a.den;
  const den = a.den * b.den;
  const g = gcd(num, den);
  return new CelQuantity({ num: num / g, den: den / g, format: a.format });
}

/** Go's netip IsGlobalUnicast: not unspecified, loopback, multicast, link-local or (IPv4) broadcast. */
function isGlobalUnicast(ip: CelIP): boolean {
  const b = ip.bytes;
  const first = b[0] ?? 0;
  if (b.every((x) => x === 0)) return false;
  if (ip.parsed.is4) {
    if (b.every((x) => x === 255)) return false;
    return first !== 127 && first < 224 && !(first === 169 && b[1] === 254);
  }
  const loopback = b.every((x, i) => x === (i === 15 ? 1 : 0));
  return !loopback && first !== 0xff && !(first === 0xfe && ((b[1] ?? 0) & 0xc0) === 0x80);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** CEL equality of runtime values (lists, maps, objects by content). */
export function celEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'bigint' && typeof b === 'number') return Number(a) === b;
  if (typeof a === 'number' && typeof b === 'bigint') return a === Number(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !celEquals(v, b.get(k))) return false;
    return true;
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (isRecord(a) && isRecord(b)) {
    // CEL objects of the same type: equal when their fields are.
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && celEquals(a[k], b[k]));
  }
  return false;
}
