import { describe, expect, it } from 'vitest';
import { setDefaultsNetworkPolicy } from '../v1/defaults.js';
import type { NetworkPolicy } from '../v1/types.js';
import { validateIngress, validateIngressClass, validateNetworkPolicy } from './validation.js';

const msgs = (errs: readonly object[]) => errs.map(String);
const meta = { name: 'x', namespace: 'default' };

describe('ingress validation', () => {
  it('requires rules or a default backend', () => {
    expect(msgs(validateIngress({ metadata: meta, spec: {} }))).toEqual([
      'spec: Invalid value: []: either `defaultBackend` or `rules` must be specified',
    ]);
  });

  it('checks path types, paths and backends', () => {
    const errs = msgs(
      validateIngress({
        metadata: meta,
        spec: {
          rules: [
            {
              host: '10.0.0.1',
              http: {
                paths: [
                  { path: 'api', pathType: 'Prefix', backend: { service: { name: 'web' } } },
                  { path: '/', backend: {} },
                ],
              },
            },
          ],
        },
      }),
    );
    expect(errs).toEqual([
      'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
      'spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
      'spec.rules[0].http.paths[0].backend: Required value: port name or number is required',
      'spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified',
    ]);
  });

  it('requires a domain-prefixed ingress class controller', () => {
    expect(msgs(validateIngressClass({ metadata: { name: 'nginx' }, spec: { controller: 'nginx' } }))).toEqual([
      'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
  });
});

describe('network policy', () => {
  it('defaults policy types and validates peers', () => {
    const np: NetworkPolicy = {
      metadata: meta,
      spec: { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['11.0.0.0/16'] }, podSelector: {} }] }] },
    };
    setDefaultsNetworkPolicy(np);
    expect(np.spec?.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(msgs(validateNetworkPolicy(np))).toEqual([
      'spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "11.0.0.0/16": must be a strict subset of `cidr`',
      'spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer',
    ]);
  });

  it('accepts a strict subset exception', () => {
    const np: NetworkPolicy = {
      metadata: meta,
      spec: {
        ingress: [
          { from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 80, endPort: 90 }] },
        ],
      },
    };
    setDefaultsNetworkPolicy(np);
    expect(msgs(validateNetworkPolicy(np))).toEqual([]);
  });
});
