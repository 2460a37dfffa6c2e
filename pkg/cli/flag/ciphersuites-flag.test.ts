import { describe, expect, it } from 'vitest';
import {
  defaultCipherSuiteNames,
  insecureTLSCipherNames,
  preferredTLSCipherNames,
  servingTLSOptions,
  tlsPossibleVersions,
  tlsVersion,
} from './ciphersuites-flag.js';

describe('servingTLSOptions', () => {
  it("offers Go's default suites: TLS 1.3's three, then ECDHE with AES-GCM, ChaCha20 and AES-CBC-SHA", () => {
    const opts = servingTLSOptions([], '');
    expect(opts.minVersion).toBe('TLSv1.2');
    expect(opts.ciphers.split(':')).toEqual([
      'TLS_AES_128_GCM_SHA256',
      'TLS_AES_256_GCM_SHA384',
      'TLS_CHACHA20_POLY1305_SHA256',
      'ECDHE-ECDSA-AES128-GCM-SHA256',
      'ECDHE-RSA-AES128-GCM-SHA256',
      'ECDHE-ECDSA-AES256-GCM-SHA384',
      'ECDHE-RSA-AES256-GCM-SHA384',
      'ECDHE-ECDSA-CHACHA20-POLY1305',
      'ECDHE-RSA-CHACHA20-POLY1305',
      'ECDHE-ECDSA-AES128-SHA',
      'ECDHE-RSA-AES128-SHA',
      'ECDHE-ECDSA-AES256-SHA',
      'ECDHE-RSA-AES256-SHA',
    ]);
    expect(opts.insecureSuites).toEqual([]);
    expect(defaultCipherSuiteNames).toHaveLength(10);
  });

  it('keeps the order asked for, folds legacy names into theirs and always keeps TLS 1.3 suites', () => {
    const opts = servingTLSOptions(
      [
        'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
        'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
        'TLS_AES_128_GCM_SHA256',
        'TLS_RSA_WITH_AES_128_GCM_SHA256',
      ],
      'VersionTLS12',
    );
    expect(opts.ciphers).toBe(
      'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:ECDHE-RSA-CHACHA20-POLY1305:AES128-GCM-SHA256',
    );
    expect(opts.insecureSuites).toEqual(['TLS_RSA_WITH_AES_128_GCM_SHA256']);
  });

  it('lowers OpenSSL security level only when TLS 1.0 or 1.1 is asked for', () => {
    expect(servingTLSOptions([], 'VersionTLS11')).toMatchObject({ minVersion: 'TLSv1.1' });
    expect(servingTLSOptions([], 'VersionTLS10').ciphers).toMatch(/:@SECLEVEL=0$/);
    expect(servingTLSOptions([], 'VersionTLS13').ciphers).not.toContain('SECLEVEL');
    // Nothing for TLS ≤ 1.2 to negotiate with: no security level to lower.
    expect(servingTLSOptions(['TLS_AES_128_GCM_SHA256'], 'VersionTLS10').ciphers).not.toContain('SECLEVEL');
  });

  it("rejects what Go does not know, or this OpenSSL cannot do, with component-base's message", () => {
    expect(() => servingTLSOptions(['TLS_ECDHE_RSA_WITH_AES_128_CCM'], '')).toThrow(
      "Cipher suite TLS_ECDHE_RSA_WITH_AES_128_CCM not supported or doesn't exist",
    );
    expect(() => servingTLSOptions(['tls_ecdhe_rsa_with_aes_128_gcm_sha256'], '')).toThrow(/not supported/);
    expect(() => servingTLSOptions(['TLS_RSA_WITH_3DES_EDE_CBC_SHA'], '')).toThrow(/not supported/);
  });
});

describe('tlsVersion', () => {
  it('takes Go names only; empty means TLS 1.2', () => {
    expect(tlsVersion('')).toBe('TLSv1.2');
    expect(tlsVersion('VersionTLS13')).toBe('TLSv1.3');
    expect(() => tlsVersion('TLSv1.3')).toThrow('unknown tls version "TLSv1.3"');
  });
});

describe('help lists', () => {
  it('names the values as kube-apiserver --help does, sorted', () => {
    expect(tlsPossibleVersions()).toEqual(['VersionTLS10', 'VersionTLS11', 'VersionTLS12', 'VersionTLS13']);
    expect(preferredTLSCipherNames()).toHaveLength(15);
    expect(preferredTLSCipherNames()[0]).toBe('TLS_AES_128_GCM_SHA256');
    expect(insecureTLSCipherNames()).toContain('TLS_RSA_WITH_AES_128_CBC_SHA');
    expect(insecureTLSCipherNames()).toHaveLength(12);
  });
});
