/**
 * `Authorization: Bearer <token>` (mirrors apiserver's authentication/request/bearertoken). A
 * bearer token that no token authenticator knows fails the request with 401, rather than
 * falling through to anonymous.
 */
import type { RequestAuthenticator } from '../authenticator/interfaces.js';
import type { TokenAuthenticator } from '../token/tokenfile.js';

export function bearerTokenAuthenticator(tokens: TokenAuthenticator): RequestAuthenticator {
  return (req) => {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) return undefined;
    const user = tokens(match[1]);
    if (!user) throw new Error('invalid bearer token');
    return user;
  };
}
