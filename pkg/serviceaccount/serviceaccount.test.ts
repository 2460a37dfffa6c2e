import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StatusError } from '../api/errors/errors.js';
import type { KubeObject } from '../apis/meta/v1/types.js';
import { newServiceAccountRequestAuthenticator } from '../serviceaccount/authenticator.js';
import {
  newServiceAccountTokenAuthenticator,
  type ServiceAccountTokenGetter,
  sortedJSON,
  TokenGenerator,
} from './jwt.js';
import {
  ensureGeneratedKey,
  keyIDFromPublicKey,
  loadServiceAccountKeys,
  parsePrivateKeyPEM,
  parsePublicKeysPEM,
  signingKeyFrom,
} from './keys.js';
import { newOpenIDMetadata } from './openidmetadata.js';
import { createTokenRequest, type TokenRequestDeps } from './tokenrequest.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sa-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const issuer = 'https://kubernetes.default.svc.cluster.local';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function obj(name: string, uid: string, extra: Partial<KubeObject> = {}, namespace = 'default'): KubeObject {
  return { metadata: { name, namespace, uid }, ...extra };
}

/** A world of objects the getters read. */
function world(objects: Record<string, KubeObject>): ServiceAccountTokenGetter {
  return {
    getServiceAccount: async (ns, name) => objects[`sa/${ns}/${name}`],
    getPod: async (ns, name) => objects[`pod/${ns}/${name}`],
    getSecret: async (ns, name) => objects[`secret/${ns}/${name}`],
    getNode: async (name) => objects[`node/${name}`],
  };
}

function decode(token: string): { header: unknown; payload: Record<string, unknown> } {
  const [h = '', p = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()),
  };
}

describe('keys', () => {
  it('reads RSA and ECDSA keys in every PEM form', () => {
    const pkcs1 = rsa.privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
    const sec1 = ec.privateKey.export({ format: 'pem', type: 'sec1' }).toString();
    const pkcs8 = ec.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(signingKeyFrom(parsePrivateKeyPEM(pkcs1)).algorithm).toBe('RS256');
    expect(signingKeyFrom(parsePrivateKeyPEM(sec1)).algorithm).toBe('ES256');
    expect(signingKeyFrom(parsePrivateKeyPEM(pkcs8)).algorithm).toBe('ES256');
    const pub = rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const pub1 = rsa.publicKey.export({ format: 'pem', type: 'pkcs1' }).toString();
    const keys = parsePublicKeysPEM(`${pub}\n${pub1}\n${sec1}`);
    expect(keys.map(keyIDFromPublicKey)).toEqual([
      keyIDFromPublicKey(rsa.publicKey),
      keyIDFromPublicKey(rsa.publicKey),
      keyIDFromPublicKey(ec.publicKey),
    ]);
    expect(() => parsePrivateKeyPEM(pub)).toThrow('data does not contain a valid RSA or ECDSA private key');
    expect(() => parsePublicKeysPEM('junk')).toThrow('data does not contain any valid RSA or ECDSA public keys');
  });

  it('generates an RSA key once, readable by its owner only', () => {
    const file = ensureGeneratedKey(dir);
    const first = readFileSync(file, 'utf8');
    expect(first).toContain('BEGIN RSA PRIVATE KEY');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureGeneratedKey(dir)).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe(first);
    const { signer, verifyKeys } = loadServiceAccountKeys({ dataDir: dir });
    expect(signer.algorithm).toBe('RS256');
    expect(verifyKeys.map(keyIDFromPublicKey)).toEqual([signer.keyID]);
  });

  it('names the flag of a bad key file', () => {
    const bad = path.join(dir, 'bad.pem');
    writeFileSync(bad, 'nope');
    expect(() => loadServiceAccountKeys({ dataDir: dir, signingKeyFile: bad })).toThrow(
      'failed to parse service-account-issuer-key-file: data does not contain a valid RSA or ECDSA private key',
    );
    expect(() => loadServiceAccountKeys({ dataDir: dir, keyFiles: [bad] })).toThrow(
      `failed to parse key file "${bad}": data does not contain any valid RSA or ECDSA public keys`,
    );
    expect(() => loadServiceAccountKeys({ dataDir: dir, signingKeyFile: path.join(dir, 'missing') })).toThrow(
      'failed to parse service-account-issuer-key-file: open',
    );
  });
});

describe('service-account tokens', () => {
  const signer = signingKeyFrom(rsa.privateKey);
  const generator = new TokenGenerator(issuer, signer);
  const objects: Record<string, KubeObject> = {
    'sa/default/app': obj('app', 'sa-uid'),
    'pod/default/web': obj('web', 'pod-uid', { spec: { serviceAccountName: 'app', nodeName: 'n1' } }),
    'node/n1': obj('n1', 'node-uid', {}, ''),
    'secret/default/s': obj('s', 'secret-uid'),
  };
  const now = 1_700_000_000;
  const authenticate = newServiceAccountTokenAuthenticator({
    issuers: [issuer],
    keys: [ec.publicKey, rsa.publicKey],
    implicitAudiences: [issuer],
    getter: world(objects),
    now: () => now,
  });
  const issue = (extra: Partial<Parameters<TokenGenerator['issue']>[0]> = {}) =>
    generator.issue({
      namespace: 'default',
      serviceAccount: { name: 'app', uid: 'sa-uid' },
      expirationSeconds: 3600,
      audiences: [issuer],
      now,
      ...extra,
    });

  it('issues tokens shaped as upstream', async () => {
    const { token } = await issue({
      pod: { name: 'web', uid: 'pod-uid' },
      node: { name: 'n1', uid: 'node-uid' },
      warnAfterSeconds: 3607,
    });
    const { header, payload } = decode(token);
    expect(header).toEqual({ alg: 'RS256', kid: signer.keyID });
    expect(Object.keys(payload)).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub']);
    expect(payload).toMatchObject({
      aud: [issuer],
      exp: now + 3600,
      iat: now,
      nbf: now,
      iss: issuer,
      sub: 'system:serviceaccount:default:app',
      'kubernetes.io': {
        namespace: 'default',
        node: { name: 'n1', uid: 'node-uid' },
        pod: { name: 'web', uid: 'pod-uid' },
        serviceaccount: { name: 'app', uid: 'sa-uid' },
        warnafter: now + 3607,
      },
    });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('authenticates its tokens as the service account, with pod, node and credential extras', async () => {
    const { token, claims } = await issue({
      pod: { name: 'web', uid: 'pod-uid' },
      node: { name: 'n1', uid: 'node-uid' },
    });
    const resp = await authenticate(token);
    expect(resp).toEqual({
      audiences: [issuer],
      user: {
        name: 'system:serviceaccount:default:app',
        uid: 'sa-uid',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:default'],
        extra: {
          'authentication.kubernetes.io/pod-name': ['web'],
          'authentication.kubernetes.io/pod-uid': ['pod-uid'],
          'authentication.kubernetes.io/credential-id': [`JTI=${claims.jti}`],
          'authentication.kubernetes.io/node-name': ['n1'],
          'authentication.kubernetes.io/node-uid': ['node-uid'],
        },
      },
    });
    const viaRequest = newServiceAccountRequestAuthenticator(authenticate);
    const req = { headers: { authorization: `Bearer ${token}` } } as unknown as Parameters<typeof viaRequest>[0];
    expect((await viaRequest(req))?.user.name).toBe('system:serviceaccount:default:app');
  });

  it('leaves tokens of other issuers and non-JWTs to other authenticators', async () => {
    const other = await new TokenGenerator('https://elsewhere', signer).generate({ sub: 'x' });
    expect(await authenticate(other)).toBeUndefined();
    expect(await authenticate('opaque-static-token')).toBeUndefined();
  });

  it('rejects forged, expired, foreign-audience and stale tokens with upstream messages', async () => {
    const forged = await new TokenGenerator(
      issuer,
      signingKeyFrom(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
    ).generate({
      sub: 'x',
    });
    await expect(authenticate(forged)).rejects.toThrow();
    await expect(authenticate((await issue({ now: now - 7200 })).token)).rejects.toThrow(
      'service account token has expired',
    );
    await expect(authenticate((await issue({ now: now + 600 })).token)).rejects.toThrow(
      'service account token is not valid yet',
    );
    await expect(authenticate((await issue({ audiences: ['vault'] })).token)).rejects.toThrow(
      `token audiences ["vault"] is invalid for the target audiences ["${issuer}"]`,
    );
    expect((await authenticate((await issue({ audiences: ['vault'] })).token, ['vault']))?.audiences).toEqual([
      'vault',
    ]);
    await expect(authenticate((await issue({ serviceAccount: { name: 'app', uid: 'old' } })).token)).rejects.toThrow(
      'service account UID (sa-uid) does not match claim (old)',
    );
    await expect(authenticate((await issue({ serviceAccount: { name: 'gone', uid: 'x' } })).token)).rejects.toThrow(
      'serviceaccounts "gone" not found',
    );
    await expect(authenticate((await issue({ pod: { name: 'gone', uid: 'p' } })).token)).rejects.toThrow(
      'service account token has been invalidated',
    );
    await expect(authenticate((await issue({ secret: { name: 's', uid: 'other' } })).token)).rejects.toThrow(
      'secret UID (secret-uid) does not match service account secret ref claim (other)',
    );
  });

  it('tolerates a deletion within the leeway and rejects an older one', async () => {
    const deleting = (seconds: number) =>
      newServiceAccountTokenAuthenticator({
        issuers: [issuer],
        keys: [rsa.publicKey],
        implicitAudiences: [issuer],
        getter: world({
          ...objects,
          'sa/default/app': {
            metadata: {
              name: 'app',
              namespace: 'default',
              uid: 'sa-uid',
              deletionTimestamp: new Date((now - seconds) * 1000).toISOString(),
            },
          },
        }),
        now: () => now,
      });
    const { token } = await issue();
    expect(await deleting(30)(token)).toBeDefined();
    await expect(deleting(120)(token)).rejects.toThrow('service account default/app has been deleted');
  });

  it('gives legacy tokens without audiences the API audiences', async () => {
    const token = await generator.generate({
      sub: 'system:serviceaccount:default:app',
      'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'app', uid: 'sa-uid' } },
    });
    expect((await authenticate(token))?.audiences).toEqual([issuer]);
  });

  it('sorts nested keys as go-jose does', () => {
    expect(sortedJSON({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 2 } })).toBe('{"a":{"c":2,"d":[{"y":2,"z":1}]},"b":1}');
  });
});

describe('OIDC discovery', () => {
  it('serves the configuration and the key set as upstream', () => {
    const md = newOpenIDMetadata({
      issuer,
      externalAddress: '10.0.0.1:6443',
      publicKeys: [rsa.publicKey, ec.publicKey],
    });
    expect(JSON.parse(md.configJSON)).toEqual({
      issuer,
      jwks_uri: 'https://10.0.0.1:6443/openid/v1/jwks',
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256', 'RS256'],
    });
    const keys = JSON.parse(md.publicKeysetJSON).keys;
    expect(Object.keys(keys[0])).toEqual(['use', 'kty', 'kid', 'alg', 'n', 'e']);
    expect(keys[0]).toMatchObject({
      use: 'sig',
      kty: 'RSA',
      alg: 'RS256',
      kid: keyIDFromPublicKey(rsa.publicKey),
      e: 'AQAB',
    });
    expect(Object.keys(keys[1])).toEqual(['use', 'kty', 'kid', 'crv', 'alg', 'x', 'y']);
  });

  it('refuses issuers and JWKS URIs relying parties cannot use', () => {
    const keys = [rsa.publicKey];
    expect(() => newOpenIDMetadata({ issuer: 'http://x', externalAddress: 'a', publicKeys: keys })).toThrow(
      'issuer URL must use https scheme, got: http://x',
    );
    expect(() => newOpenIDMetadata({ issuer: 'https://x?q=1', externalAddress: 'a', publicKeys: keys })).toThrow(
      'may not include a query',
    );
    expect(() => newOpenIDMetadata({ issuer: 'https://x', publicKeys: keys })).toThrow(
      'either the JWKS URI or the default external address',
    );
    expect(() => newOpenIDMetadata({ issuer: 'https://x', jwksURI: 'http://k', publicKeys: keys })).toThrow(
      'jwks_uri requires https scheme, parsed JWKS URI: "http://k"',
    );
    expect(() => newOpenIDMetadata({ issuer: 'https://x', externalAddress: 'a', publicKeys: [] })).toThrow(
      'no keys provided',
    );
  });
});

describe('TokenRequest', () => {
  const signer = signingKeyFrom(rsa.privateKey);
  const objects: Record<string, KubeObject> = {
    'sa/default/app': obj('app', 'sa-uid'),
    'pod/default/web': obj('web', 'pod-uid', { spec: { serviceAccountName: 'app', nodeName: 'n1' } }),
    'pod/default/other': obj('other', 'o-uid', { spec: { serviceAccountName: 'default' } }),
    'secret/default/s': obj('s', 'secret-uid'),
  };
  const notFound = (what: string, name: string) =>
    new StatusError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: `${what} "${name}" not found`,
    });
  const get = (prefix: string, what: string) => async (ns: string, name: string) => {
    const o = objects[`${prefix}/${ns}/${name}`];
    if (!o) throw notFound(what, name);
    return o;
  };
  const warnings: string[] = [];
  const now = 1_700_000_000;
  const deps: TokenRequestDeps = {
    generator: new TokenGenerator(issuer, signer),
    apiAudiences: [issuer],
    getServiceAccount: get('sa', 'serviceaccounts'),
    getPod: get('pod', 'pods'),
    getSecret: get('secret', 'secrets'),
    getNode: async (name) => {
      throw notFound('nodes', name);
    },
    now: () => now,
  };
  const ctx = { namespace: 'default', addWarning: (w: string) => warnings.push(w) };
  const request = (spec: Record<string, unknown> = {}) => ({ metadata: {}, spec });

  it('defaults audiences and lifetime and fills the status', async () => {
    const out = await createTokenRequest(deps, ctx, 'app', request());
    expect(out.metadata).toEqual({ name: 'app', namespace: 'default', creationTimestamp: '2023-11-14T22:13:20Z' });
    expect(out.spec).toEqual({ audiences: [issuer], expirationSeconds: 3600 });
    expect(out.status?.expirationTimestamp).toBe('2023-11-14T23:13:20Z');
    expect(decode(out.status?.token ?? '').payload.sub).toBe('system:serviceaccount:default:app');
  });

  it('binds to a pod (with its node by name when the node is unknown) and to a secret', async () => {
    const out = await createTokenRequest(
      deps,
      ctx,
      'app',
      request({ boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: 'pod-uid' } }),
    );
    expect(decode(out.status?.token ?? '').payload['kubernetes.io']).toMatchObject({
      pod: { name: 'web', uid: 'pod-uid' },
      node: { name: 'n1' },
    });
    const sec = await createTokenRequest(
      deps,
      ctx,
      'app',
      request({ boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 's' } }),
    );
    expect(decode(sec.status?.token ?? '').payload['kubernetes.io']).toMatchObject({
      secret: { name: 's', uid: 'secret-uid' },
    });
  });

  it('answers bad requests with upstream errors', async () => {
    const reason = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (err) {
        return err instanceof StatusError ? `${err.code} ${err.status.message}` : String(err);
      }
      return 'ok';
    };
    expect(await reason(createTokenRequest(deps, ctx, 'app', request({ expirationSeconds: 60 })))).toBe(
      '422 TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    );
    expect(await reason(createTokenRequest(deps, ctx, 'nobody', request()))).toBe(
      '404 serviceaccounts "nobody" not found',
    );
    expect(await reason(createTokenRequest(deps, ctx, 'app', { metadata: { name: 'x' }, spec: {} }))).toContain(
      'metadata.name: Invalid value: "x": must match the service account name if specified',
    );
    expect(
      await reason(
        createTokenRequest(
          deps,
          ctx,
          'app',
          request({ boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'other' } }),
        ),
      ),
    ).toBe('400 cannot bind token for serviceaccount "app" to pod running with different serviceaccount name.');
    expect(
      await reason(
        createTokenRequest(
          deps,
          ctx,
          'app',
          request({ boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web', uid: 'x' } }),
        ),
      ),
    ).toBe(
      '409 Operation cannot be fulfilled on Pod "web": the UID in the bound object reference (x) does not match the UID in record. The object might have been deleted and then recreated',
    );
    expect(
      await reason(
        createTokenRequest(
          deps,
          ctx,
          'app',
          request({ boundObjectRef: { kind: 'Deployment', apiVersion: 'apps/v1', name: 'd' } }),
        ),
      ),
    ).toBe('400 cannot bind token to object of type apps/v1, Kind=Deployment');
    expect(await reason(createTokenRequest(deps, { namespace: '' }, 'app', request()))).toBe(
      '400 namespace is required',
    );
  });

  it('caps the lifetime with a warning and extends kubelet pod tokens', async () => {
    const capped = await createTokenRequest(
      { ...deps, maxExpirationSeconds: 1200 },
      ctx,
      'app',
      request({ expirationSeconds: 7200 }),
    );
    expect(capped.spec?.expirationSeconds).toBe(1200);
    expect(warnings).toContain('requested expiration of 7200 seconds shortened to 1200 seconds');
    const kubelet = await createTokenRequest(
      deps,
      ctx,
      'app',
      request({ expirationSeconds: 3607, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web' } }),
    );
    const payload = decode(kubelet.status?.token ?? '').payload;
    expect(payload.exp).toBe(now + 365 * 24 * 3600);
    expect(payload['kubernetes.io']).toMatchObject({ warnafter: now + 3607 });
    expect(kubelet.status?.expirationTimestamp).toBe(new Date((now + 3607) * 1000).toISOString().replace('.000', ''));
  });
});
