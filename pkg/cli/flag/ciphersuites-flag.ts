/**
 * `--tls-cipher-suites` and `--tls-min-version` (mirrors component-base's cli/flag
 * ciphersuites_flag.go and the TLS part of apiserver's SecureServingInfo): suites and versions are
 * named as Go's crypto/tls names them, which is what every kube-apiserver flag, config file and
 * hardening guide uses; here they are translated to what OpenSSL (under Node's TLS) understands.
 *
 * The behaviour is Go's (1.24, which Kubernetes 1.33 is built with):
 * - without `--tls-cipher-suites`, TLS 1.2 offers Go's default suites only: ECDHE key exchange with
 *   AES-GCM, ChaCha20-Poly1305 or AES-CBC-SHA1 (no RSA key exchange, CCM, ARIA, CBC-SHA256/384,
 *   DHE or 3DES);
 * - TLS 1.3 always offers its three suites, whatever the flag says (Go's are not configurable);
 * - the server's order of preference wins;
 * - the minimum version is TLS 1.2 unless `--tls-min-version` says otherwise.
 */
import type { SecureVersion } from 'node:tls';
import { getCiphers } from 'node:tls';

interface Suite {
  /** Go's (IANA) name, as the flag takes it. */
  name: string;
  /** OpenSSL's name for the TLS ≤ 1.2 suite; undefined for a TLS 1.3 suite, which keeps its name. */
  openssl?: string;
}

/** tls.CipherSuites(): the suites Go does not flag as insecure, plus two legacy ChaCha names component-base keeps. */
const secureSuites: readonly Suite[] = [
  { name: 'TLS_AES_128_GCM_SHA256' },
  { name: 'TLS_AES_256_GCM_SHA384' },
  { name: 'TLS_CHACHA20_POLY1305_SHA256' },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', openssl: 'ECDHE-ECDSA-AES128-SHA' },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', openssl: 'ECDHE-ECDSA-AES256-SHA' },
  { name: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', openssl: 'ECDHE-RSA-AES128-SHA' },
  { name: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', openssl: 'ECDHE-RSA-AES256-SHA' },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', openssl: 'ECDHE-ECDSA-AES128-GCM-SHA256' },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', openssl: 'ECDHE-ECDSA-AES256-GCM-SHA384' },
  { name: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', openssl: 'ECDHE-RSA-AES128-GCM-SHA256' },
  { name: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', openssl: 'ECDHE-RSA-AES256-GCM-SHA384' },
  { name: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', openssl: 'ECDHE-RSA-CHACHA20-POLY1305' },
  { name: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', openssl: 'ECDHE-ECDSA-CHACHA20-POLY1305' },
  { name: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305', openssl: 'ECDHE-RSA-CHACHA20-POLY1305' },
  { name: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305', openssl: 'ECDHE-ECDSA-CHACHA20-POLY1305' },
];

/** tls.InsecureCipherSuites(): accepted when asked for by name, with a warning. */
const insecureSuites: readonly Suite[] = [
  { name: 'TLS_RSA_WITH_RC4_128_SHA', openssl: 'RC4-SHA' },
  { name: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA', openssl: 'DES-CBC3-SHA' },
  { name: 'TLS_RSA_WITH_AES_128_CBC_SHA', openssl: 'AES128-SHA' },
  { name: 'TLS_RSA_WITH_AES_256_CBC_SHA', openssl: 'AES256-SHA' },
  { name: 'TLS_RSA_WITH_AES_128_CBC_SHA256', openssl: 'AES128-SHA256' },
  { name: 'TLS_RSA_WITH_AES_128_GCM_SHA256', openssl: 'AES128-GCM-SHA256' },
  { name: 'TLS_RSA_WITH_AES_256_GCM_SHA384', openssl: 'AES256-GCM-SHA384' },
  { name: 'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA', openssl: 'ECDHE-ECDSA-RC4-SHA' },
  { name: 'TLS_ECDHE_RSA_WITH_RC4_128_SHA', openssl: 'ECDHE-RSA-RC4-SHA' },
  { name: 'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA', openssl: 'ECDHE-RSA-DES-CBC3-SHA' },
  { name: 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', openssl: 'ECDHE-ECDSA-AES128-SHA256' },
  { name: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', openssl: 'ECDHE-RSA-AES128-SHA256' },
];

/** The TLS 1.3 suites, in Go's order of preference; always all offered. */
const tls13Suites = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];

/**
 * Go's default TLS ≤ 1.2 suites in its order of preference (AES-GCM first on hardware with AES
 * instructions): defaultCipherSuites() minus RSA key exchange, 3DES, RC4 and CBC-SHA256.
 */
export const defaultCipherSuiteNames: readonly string[] = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
];

const versions: ReadonlyMap<string, SecureVersion> = new Map([
  ['VersionTLS10', 'TLSv1'],
  ['VersionTLS11', 'TLSv1.1'],
  ['VersionTLS12', 'TLSv1.2'],
  ['VersionTLS13', 'TLSv1.3'],
]);

const byName = new Map([...secureSuites, ...insecureSuites].map((s) => [s.name, s]));
const insecureNames = new Set(insecureSuites.map((s) => s.name));

/** Names for the flag's help, sorted as component-base lists them. */
export function preferredTLSCipherNames(): string[] {
  return secureSuites.map((s) => s.name).sort();
}

export function insecureTLSCipherNames(): string[] {
  return insecureSuites.map((s) => s.name).sort();
}

export function tlsPossibleVersions(): string[] {
  return [...versions.keys()].sort();
}

/** What the listener is created with. */
export interface ServingTLSOptions {
  minVersion: SecureVersion;
  /** An OpenSSL cipher list: the TLS 1.3 suites, then the TLS ≤ 1.2 ones in order of preference. */
  ciphers: string;
  /** Go names of insecure suites asked for, to warn about at serving time (as upstream does). */
  insecureSuites: string[];
}

/**
 * Turns the flags' values into listener options; throws with component-base's messages for an
 * unknown suite or version (see tlsCipherSuites and tlsVersion).
 */
export function servingTLSOptions(cipherSuites: readonly string[], minTLSVersion: string): ServingTLSOptions {
  const minVersion = tlsVersion(minTLSVersion);
  const names = cipherSuites.length > 0 ? cipherSuites : defaultCipherSuiteNames;
  const tls12 = tlsCipherSuites(names);
  // OpenSSL 3 refuses TLS 1.0 and 1.1 at its default security level; asking for them is asking
  // for that lower level, as Go simply negotiates them when MinVersion allows. (With no TLS ≤ 1.2
  // suite at all, only TLS 1.3 can be negotiated anyway, as with Go.)
  const legacy = tls12.length > 0 && (minVersion === 'TLSv1' || minVersion === 'TLSv1.1') ? ['@SECLEVEL=0'] : [];
  return {
    minVersion,
    ciphers: [...tls13Suites, ...tls12, ...legacy].join(':'),
    insecureSuites: names.filter((n) => insecureNames.has(n)),
  };
}

/**
 * OpenSSL's names for the TLS ≤ 1.2 suites among Go's `names` (TLS 1.3 ones are always on), in
 * order, once each. Throws `Cipher suite <name> not supported or doesn't exist` for a name Go
 * does not know — or one this build of OpenSSL cannot do (RC4, 3DES): not supported here.
 */
export function tlsCipherSuites(names: readonly string[]): string[] {
  const available = new Set(getCiphers());
  const tls12: string[] = [];
  for (const name of names) {
    const suite = byName.get(name);
    if (!suite || (suite.openssl !== undefined && !available.has(suite.openssl.toLowerCase())))
      throw new Error(`Cipher suite ${name} not supported or doesn't exist`);
    if (suite.openssl !== undefined && !tls12.includes(suite.openssl)) tls12.push(suite.openssl);
  }
  return tls12;
}

/** `--tls-min-version`: empty means TLS 1.2, as component-base's DefaultTLSVersion at Kubernetes 1.33. */
export function tlsVersion(name: string): SecureVersion {
  if (name === '') return 'TLSv1.2';
  const version = versions.get(name);
  if (version === undefined) throw new Error(`unknown tls version ${JSON.stringify(name)}`);
  return version;
}
