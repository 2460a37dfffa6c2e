/**
 * Issuing and validating service-account JWTs (mirrors pkg/serviceaccount/jwt.go and the
 * validator of claims.go). Tokens are compact JWS signed with `jose`, header `{"alg","kid"}`,
 * payload keys sorted as upstream's go-jose writes them.
 *
 * Validation answers "not mine" (undefined) for tokens that are not JWTs or name another issuer,
 * so other token authenticators may try them; a token with our issuer that fails any check throws,
 * and the request gets 401. Checks, in upstream's order: signature (any verification key, those
 * with the token's key ID first), issuer, audiences (the token's, or the API audiences for legacy
 * tokens without any, must meet the audiences the request is for), lifetime with upstream's
 * one-minute leeway, and that the service account, and the pod, secret or node the token is bound
 * to, still exist with the same UID and are not being deleted for more than that leeway.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { CompactSign, compactVerify } from 'jose';
import type { KubeObject } from '../apis/meta/v1/types.js';
import { type ServiceAccountInfo, serviceAccountUserInfo } from '../authentication/serviceaccount/util.js';
import type { UserInfo } from '../authentication/user/user.js';
import { buildClaims, type ClaimsInput, type ObjectRef, type TokenClaims } from './claims.js';
import { keyIDFromPublicKey, type SigningKey, signingAlgorithmFor } from './keys.js';

/** Upstream's jwt.DefaultLeeway. */
export const leewaySeconds = 60;

/** JSON with object keys sorted at every level (go-jose marshals claims through a map). */
export function sortedJSON(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const obj = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((k) => [k, obj[k]]),
    );
  });
}

export class TokenGenerator {
  constructor(
    readonly issuer: string,
    private readonly key: SigningKey,
  ) {}

  /** A signed token for `claims` (the issuer is set here). */
  async generate(claims: TokenClaims): Promise<string> {
    const payload = new TextEncoder().encode(sortedJSON({ ...claims, iss: this.issuer }));
    return new CompactSign(payload)
      .setProtectedHeader({ alg: this.key.algorithm, kid: this.key.keyID })
      .sign(this.key.privateKey);
  }

  /** Claims for a new token (fresh jti, now) then the signed token. */
  async issue(
    input: Omit<ClaimsInput, 'now' | 'jti'> & { now?: number },
  ): Promise<{ token: string; claims: TokenClaims }> {
    const claims = buildClaims({ ...input, now: input.now ?? Math.floor(Date.now() / 1000), jti: randomUUID() });
    return { token: await this.generate(claims), claims };
  }
}

/** Reads the objects a token names; undefined when one does not exist. */
export interface ServiceAccountTokenGetter {
  getServiceAccount(namespace: string, name: string): Promise<KubeObject | undefined>;
  getPod(namespace: string, name: string): Promise<KubeObject | undefined>;
  getSecret(namespace: string, name: string): Promise<KubeObject | undefined>;
  getNode(name: string): Promise<KubeObject | undefined>;
}

export interface TokenAuthResponse {
  user: UserInfo;
  /** The audiences the token was accepted for. */
  audiences: string[];
}

export interface JWTAuthenticatorOptions {
  /** --service-account-issuer values: the first issues, all are accepted. */
  issuers: readonly string[];
  keys: readonly KeyObject[];
  /** --api-audiences: the audiences a request to this server is for. */
  implicitAudiences: readonly string[];
  getter: ServiceAccountTokenGetter;
  /** Seconds since the epoch (tests). */
  now?: () => number;
}

export type ServiceAccountTokenAuthenticator = (
  token: string,
  requestedAudiences?: readonly string[],
) => Promise<TokenAuthResponse | undefined>;

export function newServiceAccountTokenAuthenticator(opts: JWTAuthenticatorOptions): ServiceAccountTokenAuthenticator {
  const issuers = new Set(opts.issuers);
  const keys = opts.keys.map((key) => ({ key, kid: keyIDFromPublicKey(key), alg: signingAlgorithmFor(key) }));
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  return async (token, requestedAudiences) => {
    if (!issuers.has(unverifiedIssuer(token) ?? '')) return undefined;
    const kid = protectedHeaderKid(token);
    const ordered = [...keys.filter((k) => k.kid === kid), ...keys.filter((k) => k.kid !== kid)];
    let payload: Uint8Array | undefined;
    const errors: string[] = [];
    for (const { key, alg } of ordered) {
      try {
        payload = (await compactVerify(token, key, { algorithms: [alg] })).payload;
        break;
      } catch (err) {
        errors.push(err instanceof Error ? err.message : String(err));
      }
    }
    if (!payload) throw new Error([...new Set(errors)].join(', ') || 'no keys to verify the token with');
    const claims = parseClaims(payload);
    if (!issuers.has(claims.iss ?? '')) throw new Error(`token issuer ${JSON.stringify(claims.iss ?? '')} is invalid`);

    let tokenAudiences = claims.aud ?? [];
    if (tokenAudiences.length === 0) tokenAudiences = [...opts.implicitAudiences];
    const wanted = requestedAudiences ?? opts.implicitAudiences;
    const audiences = tokenAudiences.filter((a) => wanted.includes(a));
    if (audiences.length === 0 && opts.implicitAudiences.length > 0) {
      throw new Error(
        `token audiences ${goQuoteList(tokenAudiences)} is invalid for the target audiences ${goQuoteList(wanted)}`,
      );
    }
    const info = await validateClaims(claims, opts.getter, now());
    return { user: serviceAccountUserInfo(info), audiences };
  };
}

/** The claims a token says it has, before any check (upstream's hasCorrectIssuer peek). */
function unverifiedIssuer(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
    if (typeof claims === 'object' && claims !== null && 'iss' in claims && typeof claims.iss === 'string')
      return claims.iss;
  } catch {
    // not JSON: not a token of ours
  }
  return undefined;
}

function protectedHeaderKid(token: string): string | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    if (typeof header === 'object' && header !== null && 'kid' in header && typeof header.kid === 'string')
      return header.kid;
  } catch {
    // compactVerify reports a malformed header
  }
  return undefined;
}

function parseClaims(payload: Uint8Array): TokenClaims {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw new Error('token payload is not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error('token claims are not a JSON object');
  const obj = raw as Record<string, unknown>;
  const claims: TokenClaims = {};
  if (typeof obj.iss === 'string') claims.iss = obj.iss;
  if (typeof obj.sub === 'string') claims.sub = obj.sub;
  if (typeof obj.jti === 'string') claims.jti = obj.jti;
  // aud may be one string or a list (RFC 7519)
  if (typeof obj.aud === 'string') claims.aud = [obj.aud];
  else if (Array.isArray(obj.aud)) claims.aud = obj.aud.filter((a): a is string => typeof a === 'string');
  for (const key of ['exp', 'iat', 'nbf'] as const) {
    const v = obj[key];
    if (typeof v === 'number') claims[key] = v;
  }
  const k8s = obj['kubernetes.io'];
  if (typeof k8s === 'object' && k8s !== null) claims['kubernetes.io'] = k8s;
  return claims;
}

/** Go's %q of a []string. */
function goQuoteList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

function deletedBefore(obj: KubeObject, cutoffSeconds: number): boolean {
  const ts = obj.metadata?.deletionTimestamp;
  return ts !== undefined && Date.parse(ts) / 1000 < cutoffSeconds;
}

function refOf(v: { name?: string; uid?: string } | undefined): ObjectRef | undefined {
  if (!v || typeof v !== 'object') return undefined;
  return { name: typeof v.name === 'string' ? v.name : '', uid: typeof v.uid === 'string' ? v.uid : '' };
}

/** Upstream's validator.Validate: lifetime, then the liveness of what the token names. */
export async function validateClaims(
  claims: TokenClaims,
  getter: ServiceAccountTokenGetter,
  now: number,
): Promise<ServiceAccountInfo> {
  if (claims.nbf !== undefined && now + leewaySeconds < claims.nbf)
    throw new Error('service account token is not valid yet');
  if (claims.exp !== undefined && now - leewaySeconds > claims.exp)
    throw new Error('service account token has expired');
  if (claims.iat !== undefined && now + leewaySeconds < claims.iat) {
    throw new Error('service account token is issued in the future');
  }
  const k8s = claims['kubernetes.io'] ?? {};
  const namespace = typeof k8s.namespace === 'string' ? k8s.namespace : '';
  const saRef = refOf(k8s.serviceaccount) ?? { name: '', uid: '' };
  const cutoff = now - leewaySeconds;

  const sa = await getter.getServiceAccount(namespace, saRef.name);
  if (!sa) throw new Error(`serviceaccounts ${JSON.stringify(saRef.name)} not found`);
  if (deletedBefore(sa, cutoff)) throw new Error(`service account ${namespace}/${saRef.name} has been deleted`);
  if ((sa.metadata?.uid ?? '') !== saRef.uid) {
    throw new Error(`service account UID (${sa.metadata?.uid ?? ''}) does not match claim (${saRef.uid})`);
  }

  const secretRef = refOf(k8s.secret);
  if (secretRef) {
    const secret = await getter.getSecret(namespace, secretRef.name);
    if (!secret || deletedBefore(secret, cutoff)) throw new Error('service account token has been invalidated');
    if ((secret.metadata?.uid ?? '') !== secretRef.uid) {
      throw new Error(
        `secret UID (${secret.metadata?.uid ?? ''}) does not match service account secret ref claim (${secretRef.uid})`,
      );
    }
  }

  const info: ServiceAccountInfo = { namespace, name: saRef.name, uid: saRef.uid };
  const podRef = refOf(k8s.pod);
  if (podRef) {
    const pod = await getter.getPod(namespace, podRef.name);
    if (!pod || deletedBefore(pod, cutoff)) throw new Error('service account token has been invalidated');
    if ((pod.metadata?.uid ?? '') !== podRef.uid) {
      throw new Error(
        `pod UID (${pod.metadata?.uid ?? ''}) does not match service account pod ref claim (${podRef.uid})`,
      );
    }
    info.podName = podRef.name;
    info.podUID = podRef.uid;
  }

  const nodeRef = refOf(k8s.node);
  if (nodeRef) {
    if (!podRef) {
      // a token bound to a node alone lives as long as the node
      const node = await getter.getNode(nodeRef.name);
      if (!node || deletedBefore(node, cutoff)) throw new Error('service account token has been invalidated');
      if ((node.metadata?.uid ?? '') !== nodeRef.uid) {
        throw new Error(
          `node UID (${node.metadata?.uid ?? ''}) does not match service account node ref claim (${nodeRef.uid})`,
        );
      }
    }
    info.nodeName = nodeRef.name;
    if (nodeRef.uid) info.nodeUID = nodeRef.uid;
  }
  if (claims.jti) info.credentialID = `JTI=${claims.jti}`;
  return info;
}
