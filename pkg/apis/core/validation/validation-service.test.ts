import { describe, expect, it } from 'vitest';
import { setDefaultsService } from '../v1/defaults.js';
import type { Service } from '../v1/types.js';
import { validateService, validateServiceUpdate } from './validation-service.js';

function svc(mutate: (s: Service) => void = () => {}): Service {
  const s: Service = {
    metadata: { name: 'web', namespace: 'default', resourceVersion: '1' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
  };
  mutate(s);
  setDefaultsService(s);
  return s;
}
const msgs = (errs: readonly object[]) => errs.map(String);

describe('service validation', () => {
  it('accepts a defaulted ClusterIP service', () => {
    expect(msgs(validateService(svc()))).toEqual([]);
  });

  it('requires DNS-1035 names', () => {
    expect(msgs(validateService(svc((s) => (s.metadata.name = '1web'))))[0]).toMatch(
      /^metadata\.name: Invalid value: "1web": a DNS-1035 label must consist of/,
    );
  });

  it('requires ports unless headless or ExternalName', () => {
    expect(msgs(validateService(svc((s) => (s.spec!.ports = []))))).toEqual(['spec.ports: Required value']);
  });

  it('requires port names when there are several ports', () => {
    expect(msgs(validateService(svc((s) => (s.spec!.ports = [{ port: 80 }, { port: 443 }]))))).toEqual([
      'spec.ports[0].name: Required value',
      'spec.ports[1].name: Required value',
    ]);
  });

  it('rejects bad types with sorted supported values', () => {
    expect(msgs(validateService(svc((s) => (s.spec!.type = 'Bogus'))))).toContain(
      'spec.type: Unsupported value: "Bogus": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
  });

  it('forbids nodePort on ClusterIP services', () => {
    expect(msgs(validateService(svc((s) => (s.spec!.ports = [{ port: 80, nodePort: 30080 }]))))).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
  });

  it('requires clusterIPs[0] to match clusterIP', () => {
    expect(msgs(validateService(svc((s) => (s.spec!.clusterIP = '10.0.0.1'))))).toEqual([
      'spec.clusterIPs: Required value',
    ]);
  });

  it('validates ExternalName services', () => {
    const s = svc((x) => {
      x.spec = { type: 'ExternalName', externalName: 'example.com.' };
    });
    delete s.spec!.internalTrafficPolicy;
    expect(msgs(validateService(s))).toEqual([]);
  });
});

describe('service update validation', () => {
  it('keeps clusterIP immutable', () => {
    const old = svc((s) => {
      s.spec!.clusterIP = '10.0.0.1';
      s.spec!.clusterIPs = ['10.0.0.1'];
    });
    const updated = svc((s) => {
      s.spec!.clusterIP = '10.0.0.2';
      s.spec!.clusterIPs = ['10.0.0.2'];
    });
    expect(msgs(validateServiceUpdate(updated, old))).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.0.0.2"}: may not change once set',
    ]);
  });

  it('prints slice bad values as Go does (1.33): unset primary clusterIP and changed ipFamilies', () => {
    const old = svc((s) => {
      s.spec!.clusterIP = '10.0.0.1';
      s.spec!.clusterIPs = ['10.0.0.1'];
      s.spec!.ipFamilies = ['IPv4'];
    });
    const unset = svc((s) => {
      delete s.spec!.clusterIP;
      delete s.spec!.clusterIPs;
      s.spec!.ipFamilies = ['IPv4'];
    });
    expect(msgs(validateServiceUpdate(unset, old))).toContain(
      'spec.clusterIPs[0]: Invalid value: []string(nil): primary clusterIP can not be unset',
    );
    const sixFamily = svc((s) => {
      s.spec!.clusterIP = '10.0.0.1';
      s.spec!.clusterIPs = ['10.0.0.1'];
      s.spec!.ipFamilies = ['IPv6'];
    });
    expect(msgs(validateServiceUpdate(sixFamily, old))).toContain(
      'spec.ipFamilies[0]: Invalid value: []core.IPFamily{"IPv6"}: may not change once set',
    );
  });
});
