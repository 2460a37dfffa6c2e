import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensurePKI } from './pki.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'pki-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('ensurePKI', () => {
  it('generates a CA, a serving certificate for the hosts and an admin client certificate', async () => {
    const dir = tempDir();
    const pki = await ensurePKI(dir, ['localhost', '127.0.0.1']);
    const ca = new X509Certificate(pki.ca.certPEM);
    const serving = new X509Certificate(pki.serving.certPEM);
    const admin = new X509Certificate(pki.admin.certPEM);
    expect(ca.ca).toBe(true);
    expect(serving.verify(ca.publicKey)).toBe(true);
    expect(serving.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(admin.subject).toContain('CN=kubernetes-admin');
    expect(admin.subject).toContain('O=system:masters');
    expect(statSync(path.join(dir, 'ca.key')).mode & 0o777).toBe(0o600);
  });

  it('generates client certificates for the controller manager and the scheduler, signed by the CA', async () => {
    const dir = tempDir();
    const pki = await ensurePKI(dir, ['localhost']);
    const ca = new X509Certificate(pki.ca.certPEM);
    for (const [pair, cn] of [
      [pki.controllerManager, 'system:kube-controller-manager'],
      [pki.scheduler, 'system:kube-scheduler'],
    ] as const) {
      const cert = new X509Certificate(pair.certPEM);
      expect(cert.subject).toBe(`CN=${cn}`);
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.2');
    }
    expect(statSync(path.join(dir, 'controller-manager.key')).mode & 0o777).toBe(0o600);
    expect((await ensurePKI(dir, ['localhost'])).scheduler).toEqual(pki.scheduler);
  });

  it('reuses everything on the next start, and renews only the serving certificate for new hosts', async () => {
    const dir = tempDir();
    const first = await ensurePKI(dir, ['localhost']);
    const again = await ensurePKI(dir, ['localhost']);
    expect(again).toEqual(first);
    const moreHosts = await ensurePKI(dir, ['localhost', '10.1.2.3']);
    expect(moreHosts.ca).toEqual(first.ca);
    expect(moreHosts.admin).toEqual(first.admin);
    expect(moreHosts.serving.certPEM).not.toBe(first.serving.certPEM);
    expect(new X509Certificate(moreHosts.serving.certPEM).checkIP('10.1.2.3')).toBe('10.1.2.3');
  });

  it('starts over with a new CA when the stored CA is unusable', async () => {
    const dir = tempDir();
    const first = await ensurePKI(dir, ['localhost']);
    writeFileSync(path.join(dir, 'ca.crt'), readFileSync(path.join(dir, 'apiserver.crt')));
    const next = await ensurePKI(dir, ['localhost']);
    expect(next.ca.certPEM).not.toBe(first.ca.certPEM);
    expect(new X509Certificate(next.serving.certPEM).verify(new X509Certificate(next.ca.certPEM).publicKey)).toBe(true);
  });
});
