/**
 * The kubeconfigs written at start: the admin's, so `KUBECONFIG=<file> kubectl …` works at once
 * with TLS verification on, and (by `hyperkube server`) the controller manager's and the
 * scheduler's. Each holds the server URL, the CA that signed the serving certificate, and one
 * client certificate.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { writeFileAtomic } from './pki/pki.js';

export interface AdminKubeconfig {
  server: string;
  caPEM: string;
  clientCertPEM: string;
  clientKeyPEM: string;
  /** Names the cluster and context. */
  name: string;
  /** Names the user; default `<name>-admin`. */
  user?: string;
}

export function renderKubeconfig(k: AdminKubeconfig): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const user = k.user ?? `${k.name}-admin`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: k.name, cluster: { server: k.server, 'certificate-authority-data': b64(k.caPEM) } }],
    users: [
      {
        name: user,
        user: { 'client-certificate-data': b64(k.clientCertPEM), 'client-key-data': b64(k.clientKeyPEM) },
      },
    ],
    contexts: [{ name: k.name, context: { cluster: k.name, user } }],
    'current-context': k.name,
    preferences: {},
  });
}

/** Writes the kubeconfig with mode 0600: it holds the admin's private key. */
export function writeKubeconfig(file: string, k: AdminKubeconfig): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, renderKubeconfig(k), 0o600);
}
