import { describe, expect, it } from 'vitest';
import { Path } from './field/errors.js';
import {
  ipFamilyOf,
  isValidCIDR,
  isValidIP,
  isValidIPv4Address,
  isValidIPv6Address,
  parseCIDRSloppy,
  parseIPSloppy,
} from './ip.js';

const p = Path.root('spec').child('clusterIP');

describe('IP parsing', () => {
  it('accepts IPv4, IPv6 and sloppy leading zeros', () => {
    for (const ok of [
      '1.2.3.4',
      '010.001.0.1',
      '::',
      '::1',
      '2001:db8::ffff',
      'fe80::1:2:3:4',
      '::ffff:1.2.3.4',
      '1:2:3:4:5:6:7:8',
    ]) {
      expect(parseIPSloppy(ok), ok).toBeDefined();
    }
  });

  it('rejects malformed addresses, zones and empty ellipses', () => {
    for (const bad of [
      '',
      '1.2.3',
      '1.2.3.256',
      '1.2.3.4.5',
      'a.b.c.d',
      ':::',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4::5:6:7:8',
      'fe80::1%eth0',
      '12345::',
      '1.2.3.4::',
    ]) {
      expect(parseIPSloppy(bad), bad).toBeUndefined();
    }
  });

  it('treats IPv4-mapped IPv6 as IPv4, like Go To4()', () => {
    expect(ipFamilyOf('::ffff:10.0.0.1')).toBe('IPv4');
    expect(ipFamilyOf('2001:db8::1')).toBe('IPv6');
    expect(ipFamilyOf('10.0.0.1')).toBe('IPv4');
    expect(ipFamilyOf('nope')).toBeUndefined();
  });

  it('limits the CIDR prefix by address family', () => {
    expect(parseCIDRSloppy('10.0.0.0/8')?.prefixLength).toBe(8);
    expect(parseCIDRSloppy('10.0.0.0/33')).toBeUndefined();
    expect(parseCIDRSloppy('2001:db8::/128')?.prefixLength).toBe(128);
    expect(parseCIDRSloppy('2001:db8::/129')).toBeUndefined();
    expect(parseCIDRSloppy('10.0.0.0')).toBeUndefined();
    expect(parseCIDRSloppy('10.0.0.0/x')).toBeUndefined();
  });
});

describe('IP field validation', () => {
  it('uses upstream messages', () => {
    expect(isValidIP(p, '10.0.0.1')).toEqual([]);
    expect(isValidIP(p, 'bogus').map(String)).toEqual([
      'spec.clusterIP: Invalid value: "bogus": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
    expect(isValidCIDR(p, '1.2.3.4').map(String)).toEqual([
      'spec.clusterIP: Invalid value: "1.2.3.4": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
    expect(isValidIPv4Address(p, '::1').map(String)).toEqual([
      'spec.clusterIP: Invalid value: "::1": must be a valid IPv4 address',
    ]);
    expect(isValidIPv6Address(p, '1.2.3.4').map(String)).toEqual([
      'spec.clusterIP: Invalid value: "1.2.3.4": must be a valid IPv6 address',
    ]);
    expect(isValidIPv6Address(p, '::1')).toEqual([]);
  });
});
