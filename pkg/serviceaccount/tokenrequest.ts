/**
 * TokenRequest, the serviceaccounts/token subresource (mirrors
 * pkg/registry/core/serviceaccount/storage/token.go and the TokenRequest validation): `kubectl
 * create token <sa> [--duration] [--audience] [--bound-object-kind/name/uid]`. A token for the
 * service account, for the requested audiences (the API audiences by default), valid for
 * expirationSeconds (default one hour, at least ten minutes, at most 2^32 seconds, capped by
 * --service-account-max-token-expiration), optionally bound to a Pod, Secret or Node.
 */
import { newBadRequest, newConflict, newInvalid } from '../api/errors/errors.js';
import type { KubeObject } from '../apis/meta/v1/types.js';
import { type FieldError, invalid } from '../util/validation/field/errors.js';
import { expirationExtensionSeconds, type ObjectRef, warnOnlyBoundTokenExpirationSeconds } from './claims.js';
import type { TokenGenerator } from './jwt.js';

export interface BoundObjectReference {
  kind?: string;
  apiVersion?: string;
  name?: string;
  uid?: string;
}

export interface TokenRequest extends KubeObject {
  spec?: { audiences?: string[]; expirationSeconds?: number; boundObjectRef?: BoundObjectReference | null };
  status?: { token?: string; expirationTimestamp?: string };
}

/** Reads an object the way the REST storage does: throws a StatusError (NotFound) when missing. */
export type ObjectGetter = (namespace: string, name: string) => Promise<KubeObject>;

export interface TokenRequestDeps {
  generator: TokenGenerator;
  /** --api-audiences */
  apiAudiences: readonly string[];
  /** --service-account-max-token-expiration in seconds; 0: no cap. */
  maxExpirationSeconds?: number;
  /** --service-account-extend-token-expiration (default true upstream). */
  extendExpiration?: boolean;
  getServiceAccount: ObjectGetter;
  getPod: ObjectGetter;
  getSecret: ObjectGetter;
  getNode: (name: string) => Promise<KubeObject>;
  /** Seconds since the epoch (tests). */
  now?: () => number;
}

export interface TokenRequestContext {
  namespace: string;
  addWarning?: (text: string) => void;
}

const tokenRequestKind = { group: 'authentication.k8s.io', kind: 'TokenRequest' };
const minExpirationSeconds = 10 * 60;
const maxExpirationSeconds = 2 ** 32;
const defaultExpirationSeconds = 3600;

/** Validation of a TokenRequest (upstream ValidateTokenRequest). */
export function validateTokenRequest(req: TokenRequest): FieldError[] {
  const errs: FieldError[] = [];
  const seconds = req.spec?.expirationSeconds ?? defaultExpirationSeconds;
  if (seconds < minExpirationSeconds) {
    errs.push(invalid('spec.expirationSeconds', seconds, 'may not specify a duration less than 10 minutes'));
  }
  if (seconds > maxExpirationSeconds) {
    errs.push(invalid('spec.expirationSeconds', seconds, 'may not specify a duration larger than 2^32 seconds'));
  }
  return errs;
}

/** Issues the token `req` asks for, for service account `name`, and returns the TokenRequest with its status. */
export async function createTokenRequest(
  deps: TokenRequestDeps,
  ctx: TokenRequestContext,
  name: string,
  req: TokenRequest,
): Promise<TokenRequest> {
  const { namespace } = ctx;
  if (namespace === '') throw newBadRequest('namespace is required');
  const reqName = req.metadata?.name ?? '';
  const reqNamespace = req.metadata?.namespace ?? '';
  if (reqName !== '' && reqName !== name) {
    throw newInvalid(tokenRequestKind, name, [
      invalid('metadata.name', reqName, 'must match the service account name if specified'),
    ]);
  }
  if (reqNamespace !== '' && reqNamespace !== namespace) {
    throw newInvalid(tokenRequestKind, name, [
      invalid('metadata.namespace', reqNamespace, 'must match the service account namespace if specified'),
    ]);
  }
  const sa = await deps.getServiceAccount(namespace, name);
  const now = deps.now ? deps.now() : Math.floor(Date.now() / 1000);
  const spec = {
    ...(req.spec ?? {}),
    audiences: req.spec?.audiences?.length ? [...req.spec.audiences] : [...deps.apiAudiences],
    expirationSeconds: req.spec?.expirationSeconds ?? defaultExpirationSeconds,
  };
  const out: TokenRequest = {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: {
      name: sa.metadata?.name ?? name,
      namespace: sa.metadata?.namespace ?? namespace,
      creationTimestamp: rfc3339(now),
    },
    spec,
  };
  const errs = validateTokenRequest(out);
  if (errs.length > 0) throw newInvalid(tokenRequestKind, '', errs);

  let pod: ObjectRef | undefined;
  let node: ObjectRef | undefined;
  let secret: ObjectRef | undefined;
  const ref = spec.boundObjectRef;
  if (ref) {
    const [group, version] = splitAPIVersion(ref.apiVersion ?? '');
    const refName = ref.name ?? '';
    let bound: KubeObject;
    if (group === '' && ref.kind === 'Pod') {
      bound = await deps.getPod(namespace, refName);
      const podSA = podSpecField(bound, 'serviceAccountName');
      if (podSA !== name) {
        throw newBadRequest(
          `cannot bind token for serviceaccount ${JSON.stringify(name)} to pod running with different serviceaccount name.`,
        );
      }
      pod = refOfObject(bound);
      const nodeName = podSpecField(bound, 'nodeName');
      if (nodeName !== '') {
        // the node is informational for pod-bound tokens: without it, the name alone is recorded
        node = await deps.getNode(nodeName).then(refOfObject, () => ({ name: nodeName, uid: '' }));
      }
    } else if (group === '' && ref.kind === 'Node') {
      bound = await deps.getNode(refName);
      node = refOfObject(bound);
    } else if (group === '' && ref.kind === 'Secret') {
      bound = await deps.getSecret(namespace, refName);
      secret = refOfObject(bound);
    } else {
      throw newBadRequest(`cannot bind token to object of type ${gvkString(group, version, ref.kind ?? '')}`);
    }
    const uid = bound.metadata?.uid ?? '';
    if (ref.uid && ref.uid !== uid) {
      throw newConflict(
        { group, resource: ref.kind ?? '' },
        refName,
        `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
      );
    }
  }

  const cap = deps.maxExpirationSeconds ?? 0;
  if (cap > 0 && spec.expirationSeconds > cap) {
    ctx.addWarning?.(`requested expiration of ${spec.expirationSeconds} seconds shortened to ${cap} seconds`);
    spec.expirationSeconds = cap;
  }
  // kubelets ask for 3607 seconds: such pod-bound tokens for this server get a year, with a warning time
  let exp = spec.expirationSeconds;
  let warnAfter = 0;
  const forKube = spec.audiences.every((a) => deps.apiAudiences.includes(a));
  if (
    (deps.extendExpiration ?? true) &&
    pod &&
    spec.expirationSeconds === warnOnlyBoundTokenExpirationSeconds &&
    forKube
  ) {
    warnAfter = exp;
    exp = expirationExtensionSeconds;
  }
  const claimsInput = {
    namespace,
    serviceAccount: refOfObject(sa),
    expirationSeconds: exp,
    warnAfterSeconds: warnAfter,
    audiences: spec.audiences,
    now,
    ...(pod ? { pod } : {}),
    ...(node ? { node } : {}),
    ...(secret ? { secret } : {}),
  };
  const { token } = await deps.generator.issue(claimsInput);
  out.status = { token, expirationTimestamp: rfc3339(now + spec.expirationSeconds) };
  return out;
}

/** A string field of a pod's spec, '' when absent. */
function podSpecField(pod: KubeObject, field: 'serviceAccountName' | 'nodeName'): string {
  const spec = pod.spec;
  if (typeof spec !== 'object' || spec === null || !(field in spec)) return '';
  const value: unknown = (spec as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : '';
}

function refOfObject(obj: KubeObject): ObjectRef {
  return { name: obj.metadata?.name ?? '', uid: obj.metadata?.uid ?? '' };
}

function splitAPIVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

/** schema.GroupVersionKind.String(): `group/version, Kind=kind`. */
function gvkString(group: string, version: string, kind: string): string {
  return `${group}/${version}, Kind=${kind}`;
}

/** metav1.Time as JSON: RFC 3339, whole seconds, UTC. */
function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
