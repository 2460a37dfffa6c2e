/**
 * Service-account issuer discovery (mirrors pkg/serviceaccount/openidmetadata.go): the OIDC
 * discovery document served at /.well-known/openid-configuration and the key set served at
 * /openid/v1/jwks, so that relying parties can validate service-account tokens.
 */
import type { KeyObject } from 'node:crypto';
import { keyIDFromPublicKey, signingAlgorithmFor } from './keys.js';

export const openIDConfigPath = '/.well-known/openid-configuration';
export const jwksPath = '/openid/v1/jwks';
/** Upstream's Cache-Control for both documents. */
export const cacheControl = 'public, max-age=3600';
export const configContentType = 'application/json';
export const jwksContentType = 'application/jwk-set+json';

export interface OpenIDMetadata {
  configJSON: string;
  publicKeysetJSON: string;
}

export interface OpenIDMetadataOptions {
  issuer: string;
  /** --service-account-jwks-uri; defaults to https://<externalAddress>/openid/v1/jwks. */
  jwksURI?: string;
  externalAddress?: string;
  publicKeys: readonly KeyObject[];
}

/** Both documents, or an error (upstream's wording) when the issuer or JWKS URI cannot be served. */
export function newOpenIDMetadata(opts: OpenIDMetadataOptions): OpenIDMetadata {
  const { issuer, externalAddress = '' } = opts;
  let jwksURI = opts.jwksURI ?? '';
  if (issuer === '') throw new Error('empty issuer URL');
  if (jwksURI === '' && externalAddress === '') {
    throw new Error('either the JWKS URI or the default external address, or both, must be set');
  }
  if (opts.publicKeys.length === 0) throw new Error('no keys provided for validating keyset');
  let iss: URL;
  try {
    iss = new URL(issuer);
  } catch {
    throw new Error(`issuer URL must use https scheme, got: ${issuer}`);
  }
  if (iss.protocol !== 'https:') throw new Error(`issuer URL must use https scheme, got: ${issuer}`);
  if (iss.search !== '') throw new Error(`issuer URL may not include a query, got: ${issuer}`);
  if (iss.hash !== '') throw new Error(`issuer URL may not include a fragment, got: ${issuer}`);
  if (jwksURI === '') {
    jwksURI = `https://${externalAddress}${jwksPath}`;
  } else {
    let u: URL;
    try {
      u = new URL(jwksURI);
    } catch (err) {
      throw new Error(
        `could not parse JWKS URI ${JSON.stringify(jwksURI)}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (u.protocol !== 'https:')
      throw new Error(`jwks_uri requires https scheme, parsed JWKS URI: ${JSON.stringify(jwksURI)}`);
  }
  const algs = [...new Set(opts.publicKeys.map(signingAlgorithmFor))].sort();
  const configJSON = JSON.stringify({
    issuer,
    jwks_uri: jwksURI,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: algs,
  });
  return { configJSON, publicKeysetJSON: JSON.stringify({ keys: opts.publicKeys.map(publicJWK) }) };
}

/** A public key as go-jose writes a JWK: use, kty, kid, crv, alg, then the key numbers. */
export function publicJWK(key: KeyObject): Record<string, string> {
  const jwk = key.export({ format: 'jwk' });
  const out: Record<string, string> = { use: 'sig', kty: jwk.kty ?? '', kid: keyIDFromPublicKey(key) };
  if (jwk.crv) out.crv = jwk.crv;
  out.alg = signingAlgorithmFor(key);
  if (jwk.x) out.x = jwk.x;
  if (jwk.y) out.y = jwk.y;
  if (jwk.n) out.n = jwk.n;
  if (jwk.e) out.e = jwk.e;
  return out;
}
