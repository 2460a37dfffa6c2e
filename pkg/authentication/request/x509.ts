/**
 * Client-certificate authentication (mirrors apiserver's authentication/request/x509): the TLS
 * layer verifies the chain against the client CA bundle during the handshake; here a verified
 * certificate's CN becomes the user name and its O values the groups.
 */
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from '../user/user.js';
import type { RequestAuthenticator } from '../authenticator/interfaces.js';

/**
 * What a connection's certificate says, decided once per connection: a TLS peer certificate
 * cannot change on a connection, and reading it (getPeerCertificate builds a large object) was
 * about a tenth of the CPU of a small GET on a keep-alive connection.
 */
type Verdict = { user: UserInfo } | { error: string } | { none: true };
const verdicts = new WeakMap<TLSSocket, Verdict>();

export const x509Authenticator: RequestAuthenticator = (req) => {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  let verdict = verdicts.get(socket);
  if (!verdict) {
    verdict = verify(socket);
    verdicts.set(socket, verdict);
  }
  if ('error' in verdict) throw new Error(verdict.error);
  return 'user' in verdict ? verdict.user : undefined;
};

function verify(socket: TLSSocket): Verdict {
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return { none: true };
  if (!socket.authorized)
    return { error: `verifying certificate failed: ${String(socket.authorizationError ?? 'unknown authority')}` };
  const name = firstValue(cert.subject.CN);
  if (!name) return { error: 'client certificate has no common name' };
  return { user: { name, groups: allValues(cert.subject.O) } };
}

/** Node gives a string for one value and an array for several. */
function allValues(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return allValues(value)[0];
}
