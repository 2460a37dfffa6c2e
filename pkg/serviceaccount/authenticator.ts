/**
 * Service-account bearer tokens as a request authenticator (upstream wires pkg/serviceaccount's
 * JWT authenticator behind the bearer-token request authenticator). Asynchronous, because
 * signature checks (WebCrypto) and the liveness look-ups are: the authentication filter awaits it.
 * Like the other authenticators: undefined when the request carries no token of ours, a throw
 * when it carries one of ours that is bad (the request then gets 401, never anonymous).
 */
import type { IncomingMessage } from 'node:http';
import type { ServiceAccountTokenAuthenticator, TokenAuthResponse } from './jwt.js';

export type AsyncRequestAuthenticator = (req: IncomingMessage) => Promise<TokenAuthResponse | undefined>;

/** `Authorization: Bearer <jwt>` checked by `tokens` for the server's own audiences. */
export function newServiceAccountRequestAuthenticator(
  tokens: ServiceAccountTokenAuthenticator,
): AsyncRequestAuthenticator {
  return async (req) => {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) return undefined;
    return tokens(match[1]);
  };
}
