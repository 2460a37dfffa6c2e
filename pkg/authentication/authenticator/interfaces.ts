import type { IncomingMessage } from 'node:http';
import type { UserInfo } from '../user/user.js';

/**
 * Decides who sent a request (mirrors apiserver's authenticator.Request). Returns the user when
 * this authenticator recognises the credentials, undefined when the request carries none of its
 * kind, and throws when it carries credentials of its kind that are bad: a bad credential must
 * fail the request rather than fall through to anonymous.
 */
export type RequestAuthenticator = (req: IncomingMessage) => UserInfo | undefined;

/** Tries each authenticator in order; the first that recognises the request wins. */
export function unionAuthenticator(authenticators: readonly RequestAuthenticator[]): RequestAuthenticator {
  return (req) => {
    const errors: string[] = [];
    for (const authenticate of authenticators) {
      try {
        const user = authenticate(req);
        if (user) return user;
      } catch (err) {
        errors.push(err instanceof Error ? err.message : String(err));
      }
    }
    if (errors.length > 0) throw new Error(errors.join(', '));
    return undefined;
  };
}
