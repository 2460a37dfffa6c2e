/**
 * Certificate generation for a zero-configuration start (mirrors client-go's util/cert and the
 * self-signed path of apiserver's SecureServingOptions.MaybeDefaultWithSelfSignedCerts, but with a
 * real CA so kubectl can verify the server and present an admin client certificate).
 *
 * Keys are ECDSA P-256: generation takes milliseconds, where RSA-2048 takes a noticeable part of a
 * second, and startup speed is a feature. Generation uses @peculiar/x509 over WebCrypto; reading
 * existing certificates uses node:crypto's X509Certificate. The generation library is loaded on
 * first use: a restart that reuses its certificates never pays for it (tens of milliseconds).
 */
import { X509Certificate as NodeX509Certificate, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import type * as X509 from '@peculiar/x509';

const { subtle } = webcrypto;
let x509Module: Promise<typeof X509> | undefined;
const loadX509 = (): Promise<typeof X509> => (x509Module ??= import('@peculiar/x509'));
const algorithm: webcrypto.EcKeyGenParams & webcrypto.EcdsaParams = {
  name: 'ECDSA',
  namedCurve: 'P-256',
  hash: 'SHA-256',
};

export interface KeyPairPEM {
  certPEM: string;
  keyPEM: string;
}

/** A CA loaded for signing: its certificate and the private key as WebCrypto objects. */
export interface SigningCA {
  certPEM: string;
  cert: X509.X509Certificate;
  key: webcrypto.CryptoKey;
}

const day = 24 * 60 * 60 * 1000;
/** Long enough that a development cluster never sees its CA expire; upstream kubeadm uses 10 years. */
const caValidity = 10 * 365 * day;
/** Leaf certificates last a year, like kubeadm's, and are renewed on start when expired. */
const leafValidity = 365 * day;

export async function generateCA(commonName: string): Promise<KeyPairPEM> {
  const x509 = await loadX509();
  const keys = await subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${escapeRDN(commonName)}`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + caValidity),
    signingAlgorithm: algorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPEM: cert.toString('pem'), keyPEM: await exportKeyPEM(keys.privateKey) };
}

export async function loadSigningCA(pair: KeyPairPEM): Promise<SigningCA> {
  const x509 = await loadX509();
  const cert = new x509.X509Certificate(pair.certPEM);
  const der = pemBody(pair.keyPEM, 'PRIVATE KEY');
  const key = await subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
  return { certPEM: pair.certPEM, cert, key };
}

export interface LeafOptions {
  commonName: string;
  /** Subject O= values: Kubernetes reads them as the user's groups. */
  organizations?: readonly string[];
  /** DNS names and IP addresses for a serving certificate. */
  hosts?: readonly string[];
  usage: 'server' | 'client';
}

/** A certificate signed by `ca` with a fresh key. */
export async function generateSignedCert(ca: SigningCA, opts: LeafOptions): Promise<KeyPairPEM> {
  const x509 = await loadX509();
  const keys = await subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const now = Date.now();
  const subject = [
    `CN=${escapeRDN(opts.commonName)}`,
    ...(opts.organizations ?? []).map((o) => `O=${escapeRDN(o)}`),
  ].join(', ');
  const extensions: X509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([
      opts.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth,
    ]),
    await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
  ];
  if (opts.hosts && opts.hosts.length > 0) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        opts.hosts.map((h) => (isIP(h) ? { type: 'ip' as const, value: h } : { type: 'dns' as const, value: h })),
      ),
    );
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject,
    issuer: ca.cert.subject,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + leafValidity),
    signingAlgorithm: algorithm,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    extensions,
  });
  return { certPEM: cert.toString('pem'), keyPEM: await exportKeyPEM(keys.privateKey) };
}

/**
 * Why an existing serving certificate cannot be reused, or undefined when it can: it must be
 * signed by `caPEM`, valid for at least another day, and cover every host in `hosts`.
 */
export function servingCertProblem(certPEM: string, caPEM: string, hosts: readonly string[]): string | undefined {
  const cert = new NodeX509Certificate(certPEM);
  const ca = new NodeX509Certificate(caPEM);
  if (!cert.verify(ca.publicKey)) return 'not signed by the current CA';
  if (Date.parse(cert.validTo) < Date.now() + day) return `expires ${cert.validTo}`;
  const missing = hosts.filter((h) =>
    isIP(h) ? cert.checkIP(h) === undefined : cert.checkHost(h, { wildcards: false }) === undefined,
  );
  return missing.length > 0 ? `does not cover ${missing.join(', ')}` : undefined;
}

/** Why a CA certificate cannot be reused, or undefined when it can. */
export function caCertProblem(caPEM: string): string | undefined {
  const ca = new NodeX509Certificate(caPEM);
  if (!ca.ca) return 'not a CA certificate';
  if (Date.parse(ca.validTo) < Date.now() + 30 * day) return `expires ${ca.validTo}`;
  return undefined;
}

async function exportKeyPEM(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await subtle.exportKey('pkcs8', key));
  return toPEM(der, 'PRIVATE KEY');
}

function toPEM(der: Buffer, label: string): string {
  const b64 = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function pemBody(pem: string, label: string): Buffer {
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`).exec(pem);
  if (!match?.[1]) throw new Error(`no ${label} block in PEM data`);
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

/** 16 random bytes with the top bit clear: a positive serial, as RFC 5280 asks. */
function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

/** Escapes the characters RFC 4514 treats specially inside a distinguished name value. */
function escapeRDN(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1');
}
