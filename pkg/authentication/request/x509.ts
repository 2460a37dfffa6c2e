/**
 * Client-certificate authentication (mirrors apiserver's authentication/request/x509): the TLS
 * layer verifies the chain against the client CA bundle during the handshake; here a verified
 * certificate's CN becomes the user name and its O values the groups.
 */
import type { TLSSocket } from 'node:tls';
import type { RequestAuthenticator } from '../authenticator/interfaces.js';

export const x509Authenticator: RequestAuthenticator = (req) => {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return undefined;
  if (!socket.authorized) {
    throw new Error(`verifying certificate failed: ${String(socket.authorizationError ?? 'unknown authority')}`);
  }
  const name = firstValue(cert.subject.CN);
  if (!name) throw new Error('client certificate has no common name');
  return { name, groups: allValues(cert.subject.O) };
};

/** Node gives a string for one value and an array for several. */
function allValues(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return allValues(value)[0];
}
