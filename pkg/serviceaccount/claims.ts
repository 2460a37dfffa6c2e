/**
 * The claims of a service-account token (mirrors pkg/serviceaccount/claims.go): the registered
 * claims and the private `kubernetes.io` claim naming the namespace, the service account and the
 * object the token is bound to (a pod, with its node when known; a secret; or a node).
 */
import { serviceAccountUsername } from '../authentication/serviceaccount/util.js';

/** A kubelet asks for this lifetime; such pod-bound tokens get a year and a warning time instead. */
export const warnOnlyBoundTokenExpirationSeconds = 60 * 60 + 7;
export const expirationExtensionSeconds = 24 * 365 * 60 * 60;

export interface ObjectRef {
  name: string;
  uid: string;
}

export interface KubernetesClaims {
  namespace?: string;
  serviceaccount?: { name?: string; uid?: string };
  pod?: { name?: string; uid?: string };
  secret?: { name?: string; uid?: string };
  node?: { name?: string; uid?: string };
  warnafter?: number;
}

/** The payload of a token, as upstream's go-jose serializes it (keys sorted). */
export interface TokenClaims {
  aud?: string[];
  exp?: number;
  iat?: number;
  iss?: string;
  jti?: string;
  'kubernetes.io'?: KubernetesClaims;
  nbf?: number;
  sub?: string;
}

export interface ClaimsInput {
  namespace: string;
  serviceAccount: ObjectRef;
  pod?: ObjectRef;
  secret?: ObjectRef;
  node?: ObjectRef;
  expirationSeconds: number;
  /** Seconds after which a use is reported as stale (0: none). */
  warnAfterSeconds?: number;
  audiences: readonly string[];
  /** Seconds since the epoch. */
  now: number;
  jti: string;
}

/** The claims of a new token; the issuer is added by the generator. */
export function buildClaims(input: ClaimsInput): TokenClaims {
  if (input.secret && (input.pod || input.node)) {
    throw new Error('internal error, token can only be bound to one object type');
  }
  const k8s: KubernetesClaims = {
    namespace: input.namespace,
    serviceaccount: { name: input.serviceAccount.name, uid: input.serviceAccount.uid },
  };
  if (input.pod) {
    k8s.pod = refClaim(input.pod);
    if (input.node) k8s.node = refClaim(input.node);
  } else if (input.secret) {
    k8s.secret = refClaim(input.secret);
  } else if (input.node) {
    k8s.node = refClaim(input.node);
  }
  if (input.warnAfterSeconds) k8s.warnafter = input.now + input.warnAfterSeconds;
  return {
    aud: [...input.audiences],
    exp: input.now + input.expirationSeconds,
    iat: input.now,
    jti: input.jti,
    'kubernetes.io': k8s,
    nbf: input.now,
    sub: serviceAccountUsername(input.namespace, input.serviceAccount.name),
  };
}

/** Go's `omitempty` on the name and uid of a ref. */
function refClaim(ref: ObjectRef): { name?: string; uid?: string } {
  const out: { name?: string; uid?: string } = {};
  if (ref.name) out.name = ref.name;
  if (ref.uid) out.uid = ref.uid;
  return out;
}
