import { describe, expect, it } from 'vitest';
import { complete, storageType } from './completion.js';
import { parseIntFlag } from '../../../../pkg/server/options/option-group.js';
import { applyServerRunTo } from '../../../../pkg/server/options/server-run.js';
import type { ServerRunOptions } from './options.js';
import { validate } from './validation.js';

function options(
  over: {
    secure?: Partial<ServerRunOptions['secureServing']>;
    generic?: Partial<ServerRunOptions['generic']>;
    storage?: Partial<ServerRunOptions['etcd']>;
    range?: string;
  } = {},
): ServerRunOptions {
  return {
    secureServing: { bindAddress: '0.0.0.0', bindPort: 6443, cipherSuites: [], minTLSVersion: '', ...over.secure },
    authentication: { anonymous: true },
    generic: {
      shutdownDelayDuration: '0s',
      shutdownTimeout: '60s',
      requestTimeout: '1m0s',
      maxRequestsInFlight: 400,
      maxMutatingRequestsInFlight: 200,
      ...over.generic,
    },
    etcd: { storage: 'embedded', etcdServers: [], etcdPrefix: '/registry', ...over.storage },
    dataDir: '/tmp/x',
    serviceClusterIPRange: over.range ?? '10.96.0.0/12',
    logs: { v: 0, 'logging-format': 'text' },
  };
}

describe('validate', () => {
  it('accepts the defaults', () => {
    expect(validate(complete(options()))).toEqual([]);
  });

  it('reports every problem at once, in upstream wording', () => {
    const errs = validate(
      complete(
        options({
          secure: { bindPort: 70000, bindAddress: 'x', tlsCertFile: 'a' },
          generic: { requestTimeout: '10' },
          range: '10.0.0.0/40',
        }),
      ),
    );
    expect(errs).toEqual([
      '--secure-port 70000 must be between 1 and 65535, inclusive. It cannot be turned off with 0',
      '--bind-address "x" is not a valid IP address',
      '--tls-cert-file and --tls-private-key-file must be given together',
      '--request-timeout: time: invalid duration "10"',
      '--service-cluster-ip-range "10.0.0.0/40" is not a valid CIDR',
    ]);
  });

  it('checks the TLS flags and in-flight limits with upstream messages', () => {
    expect(
      validate(
        complete(
          options({
            secure: { cipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_FAKE'], minTLSVersion: 'TLS1.2' },
            generic: { maxRequestsInFlight: -1, maxMutatingRequestsInFlight: -5 },
          }),
        ),
      ),
    ).toEqual([
      "Cipher suite TLS_FAKE not supported or doesn't exist",
      'unknown tls version "TLS1.2"',
      '--max-requests-inflight can not be negative value',
      '--max-mutating-requests-inflight can not be negative value',
    ]);
    expect(validate(complete(options({ secure: { cipherSuites: ['TLS_FAKE'] } })))).toEqual([
      "Cipher suite TLS_FAKE not supported or doesn't exist",
    ]);
    // Known to Go but missing from this build of OpenSSL: not supported here.
    expect(validate(complete(options({ secure: { cipherSuites: ['TLS_RSA_WITH_RC4_128_SHA'] } })))).toEqual([
      "Cipher suite TLS_RSA_WITH_RC4_128_SHA not supported or doesn't exist",
    ]);
    expect(
      validate(
        complete(
          options({
            secure: { cipherSuites: ['TLS_RSA_WITH_AES_128_GCM_SHA256'], minTLSVersion: 'VersionTLS13' },
            generic: { maxRequestsInFlight: 0, maxMutatingRequestsInFlight: 0 },
          }),
        ),
      ),
    ).toEqual([]);
  });

  it('rejects unknown storage types and malformed etcd servers', () => {
    expect(validate(complete(options({ storage: { storage: 'sqlite' } })))).toEqual([
      expect.stringContaining('--storage "sqlite" is not supported'),
    ]);
    expect(validate(complete(options({ storage: { etcdServers: ['127.0.0.1:2379'] } })))).toEqual([
      expect.stringContaining('is not of the form scheme://host:port'),
    ]);
  });
});

describe('complete', () => {
  it('derives paths from the data dir and picks etcd when servers are given', () => {
    const c = complete(options({ storage: { etcdServers: ['http://127.0.0.1:2379'] } }));
    expect(c.certDir).toBe('/tmp/x/pki');
    expect(c.kubeconfigPath).toBe('/tmp/x/kubeconfig');
    expect(storageType(c)).toBe('etcd');
    expect(applyServerRunTo(c.generic).requestTimeoutMs).toBe(60_000);
  });

  it('advertises the bind address when it names one non-loopback interface, else a host address', () => {
    expect(complete(options({ secure: { bindAddress: '10.1.2.3' } })).advertiseAddress).toBe('10.1.2.3');
    expect(complete(options({ secure: { bindAddress: '127.0.0.1' } })).advertiseAddress).not.toMatch(/^127\./);
  });
});

describe('parseIntFlag', () => {
  it('takes integers and refuses anything else in pflag wording', () => {
    expect(parseIntFlag('max-requests-inflight', 400)).toBe(400);
    expect(parseIntFlag('max-requests-inflight', '0')).toBe(0);
    expect(parseIntFlag('max-requests-inflight', ['1', '7'])).toBe(7);
    expect(() => parseIntFlag('max-requests-inflight', 'many')).toThrow(
      'invalid argument "many" for "--max-requests-inflight" flag: strconv.ParseInt: parsing "many": invalid syntax',
    );
    expect(() => parseIntFlag('max-requests-inflight', '1.5')).toThrow(/invalid syntax/);
  });
});
