import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configure } from '../../../klog/klog.js';
import { authenticationMethod, buildConfigFromFlags, inClusterConfig } from './client-config.js';

let dir: string;
let logged: string[];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'client-config-'));
  logged = [];
  configure({ write: (line) => logged.push(line) });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  configure({ write: (line) => process.stderr.write(line) });
});

function kubeconfig(text: string, name = 'kubeconfig'): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const valid = `
apiVersion: v1
kind: Config
current-context: admin@local
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority: ca.crt
    tls-server-name: kubernetes
contexts:
- name: admin@local
  context: {cluster: local, user: admin}
users:
- name: admin
  user:
    client-certificate-data: ${Buffer.from('CERT').toString('base64')}
    client-key: keys/admin.key
`;

describe('buildConfigFromFlags', () => {
  it('uses --master alone as the whole config', () => {
    expect(buildConfigFromFlags('http://127.0.0.1:8080', undefined)).toEqual({
      host: 'http://127.0.0.1:8080',
      tlsClientConfig: { insecure: false },
    });
  });

  it.each(['127.0.0.1:8080', 'ftp://x', 'not a url', 'https://'])('rejects --master %j', (master) => {
    expect(() => buildConfigFromFlags(master, undefined)).toThrow(
      `--master: ${JSON.stringify(master)} is not an http(s) URL`,
    );
  });

  it('follows the current context to cluster and user, reading files relative to the kubeconfig', () => {
    writeFileSync(path.join(dir, 'ca.crt'), 'CA');
    mkdirSync(path.join(dir, 'keys'));
    writeFileSync(path.join(dir, 'keys', 'admin.key'), 'KEY');
    const config = buildConfigFromFlags(undefined, kubeconfig(valid));
    expect(config.host).toBe('https://127.0.0.1:6443');
    expect(config.tlsClientConfig).toMatchObject({ insecure: false, serverName: 'kubernetes' });
    expect(config.tlsClientConfig.caData?.toString()).toBe('CA');
    expect(config.tlsClientConfig.certData?.toString()).toBe('CERT');
    expect(config.tlsClientConfig.keyData?.toString()).toBe('KEY');
  });

  it('lets --master override the kubeconfig server', () => {
    const file = kubeconfig(
      valid
        .replace('certificate-authority: ca.crt', 'insecure-skip-tls-verify: true')
        .replace('client-key: keys/admin.key', 'client-key-data: S0VZ'),
    );
    const config = buildConfigFromFlags('https://10.0.0.1:443', file);
    expect(config.host).toBe('https://10.0.0.1:443');
    expect(config.tlsClientConfig.insecure).toBe(true);
  });

  it('reads a bearer token inline or from tokenFile', () => {
    const base = `current-context: c\ncontexts: [{name: c, context: {cluster: k, user: u}}]\nclusters: [{name: k, cluster: {server: "https://h:1"}}]\n`;
    expect(
      buildConfigFromFlags(undefined, kubeconfig(`${base}users: [{name: u, user: {token: abc}}]`)).bearerToken,
    ).toBe('abc');
    writeFileSync(path.join(dir, 'token'), 'fromfile\n');
    expect(
      buildConfigFromFlags(undefined, kubeconfig(`${base}users: [{name: u, user: {tokenFile: token}}]`, 'k2'))
        .bearerToken,
    ).toBe('fromfile');
  });

  it('reports an unreadable kubeconfig the way Go does', () => {
    const missing = path.join(dir, 'nope');
    expect(() => buildConfigFromFlags(undefined, missing)).toThrow(`open ${missing}: no such file or directory`);
  });

  it('reports YAML that does not parse, naming the file', () => {
    const file = kubeconfig('clusters: [unclosed');
    expect(() => buildConfigFromFlags(undefined, file)).toThrow(`error loading config file "${file}": `);
  });

  it('rejects a kubeconfig that is not a mapping', () => {
    const file = kubeconfig('- a\n- b\n');
    expect(() => buildConfigFromFlags(undefined, file)).toThrow('not a kubeconfig (expected a YAML mapping)');
  });

  it('rejects an empty kubeconfig with client-go wording', () => {
    expect(() => buildConfigFromFlags(undefined, kubeconfig(''))).toThrow(
      'invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable',
    );
  });

  it('reports a missing current context', () => {
    expect(() => buildConfigFromFlags(undefined, kubeconfig('current-context: gone\nclusters: []'))).toThrow(
      'invalid configuration: context was not found for specified context: gone',
    );
  });

  it('lists every problem of the current context at once', () => {
    const file = kubeconfig('current-context: c\ncontexts: [{name: c, context: {cluster: k, user: u}}]\n');
    expect(() => buildConfigFromFlags(undefined, file)).toThrow(
      'invalid configuration: [user "u" was not found for context "c", cluster "k" was not found for context "c", no server found for cluster "k"]',
    );
  });

  it('reports unreadable certificate files and a certificate without a key', () => {
    const file = kubeconfig(valid.replace('client-key: keys/admin.key', ''));
    expect(() => buildConfigFromFlags(undefined, file)).toThrow(
      `invalid configuration: [unable to read certificate-authority ca.crt for local due to open ${path.join(dir, 'ca.crt')}: no such file or directory, ` +
        'client-key-data or client-key must be specified for admin to use the clientCert authentication method.]',
    );
  });

  it('rejects a cluster server that is not an http(s) URL', () => {
    const file = kubeconfig(
      'current-context: c\ncontexts: [{name: c, context: {cluster: k, user: u}}]\nclusters: [{name: k, cluster: {server: "localhost"}}]\nusers: [{name: u, user: {}}]',
    );
    expect(() => buildConfigFromFlags(undefined, file)).toThrow(
      'invalid configuration: server of cluster "k": "localhost" is not an http(s) URL',
    );
  });

  it('falls back to the in-cluster config with a warning when neither flag is given', () => {
    expect(() => buildConfigFromFlags(undefined, undefined, {})).toThrow(
      'unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined',
    );
    expect(logged[0]).toMatch(
      /^W.*Neither --kubeconfig nor --master was specified\. {2}Using the inClusterConfig\. {2}This might not work\.\n$/,
    );
  });
});

describe('inClusterConfig', () => {
  it('reads the service host, token and CA', () => {
    writeFileSync(path.join(dir, 'token'), 'tok\n');
    writeFileSync(path.join(dir, 'ca.crt'), 'CA');
    const config = inClusterConfig({ KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' }, dir);
    expect(config.host).toBe('https://[fd00::1]:443');
    expect(config.bearerToken).toBe('tok');
    expect(config.tlsClientConfig.caData?.toString()).toBe('CA');
  });

  it('fails when the service account token is not mounted', () => {
    expect(() => inClusterConfig({ KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, dir)).toThrow(
      `open ${path.join(dir, 'token')}: no such file or directory`,
    );
  });
});

describe('authenticationMethod', () => {
  it('names the method without revealing it', () => {
    const tls = { insecure: false };
    expect(authenticationMethod({ host: 'h', bearerToken: 's3cret', tlsClientConfig: tls })).toBe('token');
    expect(authenticationMethod({ host: 'h', tlsClientConfig: { ...tls, certData: Buffer.from('c') } })).toBe(
      'client-certificate',
    );
    expect(authenticationMethod({ host: 'h', username: 'u', password: 'p', tlsClientConfig: tls })).toBe('basic');
    expect(authenticationMethod({ host: 'h', tlsClientConfig: tls })).toBe('none');
  });
});
