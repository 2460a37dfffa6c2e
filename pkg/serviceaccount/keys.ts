/**
 * Service-account token keys (mirrors the key handling of kube-apiserver's
 * --service-account-signing-key-file / --service-account-key-file and client-go's keyutil): PEM
 * RSA and ECDSA keys, private or public, and the key ID upstream derives from a public key.
 *
 * When no signing key is configured the server generates one in its data directory, once, and
 * reuses it on every start: an RSA 2048 key in PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`), the choice
 * of kubeadm (sa.key) and k3s (service.key); RS256 is the algorithm every OIDC consumer accepts.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type SigningAlgorithm = 'RS256' | 'ES256' | 'ES384' | 'ES512';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  algorithm: SigningAlgorithm;
  keyID: string;
}

/** The file the server keeps its generated key in, under its data directory. */
export const generatedKeyFileName = 'service-account.key';

/** PEM blocks of a file's text, each with its BEGIN/END lines. */
function pemBlocks(text: string): string[] {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)].map((m) => m[0]);
}

function isRSAOrEC(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ec';
}

/** The one RSA or ECDSA private key of a PEM text (PKCS#1, SEC 1 or PKCS#8). */
export function parsePrivateKeyPEM(text: string): KeyObject {
  for (const block of pemBlocks(text)) {
    if (!block.includes('PRIVATE KEY-----')) continue;
    try {
      const key = createPrivateKey(block);
      if (isRSAOrEC(key)) return key;
    } catch {
      // not a key Node can read: try the next block, as keyutil skips unparseable blocks
    }
  }
  throw new Error('data does not contain a valid RSA or ECDSA private key');
}

/**
 * Every RSA or ECDSA public key of a PEM text: public keys (PKIX or PKCS#1) and the public half of
 * private keys, as keyutil.ParsePublicKeysPEM reads them.
 */
export function parsePublicKeysPEM(text: string): KeyObject[] {
  const keys: KeyObject[] = [];
  for (const block of pemBlocks(text)) {
    if (!block.includes('PUBLIC KEY-----') && !block.includes('PRIVATE KEY-----')) continue;
    try {
      const key = createPublicKey(block);
      if (isRSAOrEC(key)) keys.push(key);
    } catch {
      // skipped, as upstream skips blocks it cannot parse
    }
  }
  if (keys.length === 0) throw new Error('data does not contain any valid RSA or ECDSA public keys');
  return keys;
}

/** RS256 for RSA; ES256/384/512 by the ECDSA curve (upstream only signs with these). */
export function signingAlgorithmFor(key: KeyObject): SigningAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec') {
    switch (key.asymmetricKeyDetails?.namedCurve) {
      case 'prime256v1':
        return 'ES256';
      case 'secp384r1':
        return 'ES384';
      case 'secp521r1':
        return 'ES512';
      default:
        throw new Error(`unknown private key curve, must be 256, 384, or 521`);
    }
  }
  throw new Error(
    `unknown private key type ${key.asymmetricKeyType ?? 'unknown'}, must be *rsa.PrivateKey, *ecdsa.PrivateKey, or jose.OpaqueSigner`,
  );
}

/** Upstream's key ID: the SHA-256 of the public key's PKIX DER, unpadded base64url. */
export function keyIDFromPublicKey(key: KeyObject): string {
  const der = key.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(der).digest('base64url');
}

export function signingKeyFrom(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, algorithm: signingAlgorithmFor(privateKey), keyID: keyIDFromPublicKey(publicKey) };
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`open ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export interface ServiceAccountKeyOptions {
  /** --service-account-signing-key-file */
  signingKeyFile?: string;
  /** --service-account-key-file (repeatable): the keys tokens are verified with. */
  keyFiles?: readonly string[];
  /** Where to generate (and later find) a key when no signing key file is given. */
  dataDir: string;
}

/**
 * The signing key and the verification keys. Without --service-account-key-file the signing key's
 * public half verifies, as upstream defaults it; the signing key's public half is always among the
 * verification keys, so the server accepts the tokens it issues.
 */
export function loadServiceAccountKeys(opts: ServiceAccountKeyOptions): {
  signer: SigningKey;
  verifyKeys: KeyObject[];
} {
  const signingFile = opts.signingKeyFile || ensureGeneratedKey(opts.dataDir);
  let signer: SigningKey;
  try {
    signer = signingKeyFrom(parsePrivateKeyPEM(readKeyFile(signingFile)));
  } catch (err) {
    throw new Error(
      `failed to parse service-account-issuer-key-file: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const verifyKeys: KeyObject[] = [];
  for (const file of opts.keyFiles ?? []) {
    try {
      verifyKeys.push(...parsePublicKeysPEM(readKeyFile(file)));
    } catch (err) {
      throw new Error(
        `failed to parse key file ${JSON.stringify(file)}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  if (!verifyKeys.some((k) => keyIDFromPublicKey(k) === signer.keyID)) verifyKeys.push(signer.publicKey);
  return { signer, verifyKeys };
}

/** The generated key's path, creating the key (RSA 2048, mode 0600) on first use. */
export function ensureGeneratedKey(dataDir: string): string {
  const file = path.join(dataDir, generatedKeyFileName);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs1' }), { mode: 0o600, flag: 'wx' });
  }
  return file;
}
