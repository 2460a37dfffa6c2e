/**
 * The certificates a zero-configuration apiserver needs, kept in --cert-dir and reused across
 * restarts so existing kubeconfigs keep working:
 *
 *   ca.crt / ca.key                 the cluster CA (signs everything below; trusted for client certs)
 *   apiserver.crt / apiserver.key   serving certificate for localhost, 127.0.0.1, ::1, the host name, the advertise address
 *   admin.crt / admin.key           client certificate CN=kubernetes-admin, O=system:masters
 *   controller-manager.crt / .key   client certificate CN=system:kube-controller-manager (as kubeadm makes it)
 *   scheduler.crt / .key            client certificate CN=system:kube-scheduler
 *
 * A piece is regenerated only when it is missing, expiring, not signed by the CA, or (for the
 * serving certificate) no longer covers the hosts; a new CA regenerates the rest.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  caCertProblem,
  generateCA,
  generateSignedCert,
  loadSigningCA,
  servingCertProblem,
  type KeyPairPEM,
  type SigningCA,
} from '../../util/cert/cert.js';
import * as klog from '../../klog/klog.js';
import { systemPrivilegedGroup } from '../../authentication/user/user.js';

export interface ControlPlanePKI {
  ca: KeyPairPEM;
  serving: KeyPairPEM;
  admin: KeyPairPEM;
  /** The identities `hyperkube server` runs its controller manager and scheduler under. */
  controllerManager: KeyPairPEM;
  scheduler: KeyPairPEM;
}

export const adminUser = 'kubernetes-admin';
/** The users RBAC's bootstrap policy binds the components' roles to. */
export const controllerManagerUser = 'system:kube-controller-manager';
export const schedulerUser = 'system:kube-scheduler';
export const adminGroup = systemPrivilegedGroup;

/** The hosts the generated serving certificate covers. */
export function servingHosts(advertiseAddress: string): string[] {
  return [
    ...new Set([
      'localhost',
      '127.0.0.1',
      '::1',
      os.hostname(),
      advertiseAddress,
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
    ]),
  ];
}

export async function ensurePKI(certDir: string, hosts: readonly string[]): Promise<ControlPlanePKI> {
  mkdirSync(certDir, { recursive: true, mode: 0o700 });
  let ca = readPair(certDir, 'ca');
  let caIsNew = false;
  const caProblem = ca ? caCertProblem(ca.certPEM) : 'missing';
  if (!ca || caProblem) {
    if (ca) klog.info('Regenerating the cluster CA', { reason: caProblem, certDir });
    ca = await generateCA(`hyperkube-ca@${Math.floor(Date.now() / 1000)}`);
    writePair(certDir, 'ca', ca);
    caIsNew = true;
  }
  // Only a certificate that must be (re)generated needs the CA as a signer.
  let signer: Promise<SigningCA> | undefined;
  const caSigner = (): Promise<SigningCA> => (signer ??= loadSigningCA(ca));
  const serving = await ensureLeaf(certDir, 'apiserver', ca, caIsNew, hosts, async () =>
    generateSignedCert(await caSigner(), { commonName: 'kube-apiserver', hosts, usage: 'server' }),
  );
  const admin = await ensureLeaf(certDir, 'admin', ca, caIsNew, [], async () =>
    generateSignedCert(await caSigner(), { commonName: adminUser, organizations: [adminGroup], usage: 'client' }),
  );
  const client = (name: string, commonName: string) =>
    ensureLeaf(certDir, name, ca, caIsNew, [], async () =>
      generateSignedCert(await caSigner(), { commonName, usage: 'client' }),
    );
  const controllerManager = await client('controller-manager', controllerManagerUser);
  const scheduler = await client('scheduler', schedulerUser);
  return { ca, serving, admin, controllerManager, scheduler };
}

async function ensureLeaf(
  certDir: string,
  name: string,
  ca: KeyPairPEM,
  caIsNew: boolean,
  hosts: readonly string[],
  generate: () => Promise<KeyPairPEM>,
): Promise<KeyPairPEM> {
  const existing = caIsNew ? undefined : readPair(certDir, name);
  const problem = existing ? servingCertProblem(existing.certPEM, ca.certPEM, hosts) : 'missing';
  if (existing && !problem) return existing;
  klog.v(1).info('Generating certificate', { name, reason: problem });
  const pair = await generate();
  writePair(certDir, name, pair);
  return pair;
}

function readPair(certDir: string, name: string): KeyPairPEM | undefined {
  try {
    return {
      certPEM: readFileSync(path.join(certDir, `${name}.crt`), 'utf8'),
      keyPEM: readFileSync(path.join(certDir, `${name}.key`), 'utf8'),
    };
  } catch {
    return undefined;
  }
}

function writePair(certDir: string, name: string, pair: KeyPairPEM): void {
  writeFileAtomic(path.join(certDir, `${name}.key`), pair.keyPEM, 0o600);
  writeFileAtomic(path.join(certDir, `${name}.crt`), pair.certPEM, 0o644);
}

/** Writes via a temporary file and rename, so a crash never leaves half a file behind. */
export function writeFileAtomic(file: string, data: string, mode: number): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, data, { mode });
  renameSync(tmp, file);
}
