import { describe, expect, it } from 'vitest';
import { mergeSecretStringData } from './conversion.js';
import {
  imageTag,
  setDefaultsNamespace,
  setDefaultsPod,
  setDefaultsReplicationController,
  setDefaultsSecret,
  setDefaultsService,
} from './defaults.js';
import type { Pod, Service } from './types.js';

describe('pod defaulting', () => {
  it('fills upstream defaults for a minimal pod', () => {
    const pod: Pod = {
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] },
    };
    setDefaultsPod(pod);
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
      enableServiceLinks: true,
    });
    expect(pod.spec?.containers?.[0]).toMatchObject({
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
    });
  });

  it('pulls Always only for latest or untagged images', () => {
    expect(imageTag('nginx')).toBe('latest');
    expect(imageTag('nginx:latest')).toBe('latest');
    expect(imageTag('registry:5000/nginx')).toBe('latest');
    expect(imageTag('registry:5000/nginx:1.2')).toBe('1.2');
    expect(imageTag('nginx@sha256:abc')).toBe('');
    const pod: Pod = { metadata: {}, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } };
    setDefaultsPod(pod);
    expect(pod.spec?.containers?.[0]?.imagePullPolicy).toBe('IfNotPresent');
  });

  it('defaults requests from limits and canonicalizes quantities', () => {
    const pod: Pod = {
      metadata: {},
      spec: { containers: [{ name: 'c', image: 'x', resources: { limits: { cpu: '0.5', memory: '1024Mi' } } }] },
    };
    setDefaultsPod(pod);
    expect(pod.spec?.containers?.[0]?.resources).toEqual({
      limits: { cpu: '500m', memory: '1Gi' },
      requests: { cpu: '500m', memory: '1Gi' },
    });
  });

  it('defaults probes and volume modes, and mirrors serviceAccount', () => {
    const pod: Pod = {
      metadata: {},
      spec: {
        serviceAccount: 'builder',
        containers: [{ name: 'c', image: 'x', livenessProbe: { httpGet: { port: 80 } } }],
        volumes: [{ name: 'a' }, { name: 'b', secret: { secretName: 's' } }],
      },
    };
    setDefaultsPod(pod);
    expect(pod.spec?.containers?.[0]?.livenessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(pod.spec?.volumes).toEqual([
      { name: 'a', emptyDir: {} },
      { name: 'b', secret: { secretName: 's', defaultMode: 420 } },
    ]);
    expect(pod.spec?.serviceAccountName).toBe('builder');
  });
});

describe('other core defaulting', () => {
  it('defaults a service', () => {
    const svc: Service = { metadata: {}, spec: { ports: [{ port: 80 }] } };
    setDefaultsService(svc);
    expect(svc.spec).toEqual({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    });
  });

  it('defaults LoadBalancer specifics', () => {
    const svc: Service = { metadata: {}, spec: { type: 'LoadBalancer', ports: [{ port: 80, targetPort: 'http' }] } };
    setDefaultsService(svc);
    expect(svc.spec).toMatchObject({ externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true });
    expect(svc.spec?.ports?.[0]?.targetPort).toBe('http');
  });

  it('labels namespaces with their name and marks them Active', () => {
    const ns = { metadata: { name: 'team-a' } };
    setDefaultsNamespace(ns);
    expect(ns).toEqual({
      metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } },
      status: { phase: 'Active' },
    });
  });

  it('defaults secret type and merges stringData', () => {
    const s = { metadata: {}, data: { a: 'eA==' }, stringData: { b: 'hello' } };
    setDefaultsSecret(s);
    mergeSecretStringData(s);
    expect(s).toEqual({ metadata: {}, type: 'Opaque', data: { a: 'eA==', b: 'aGVsbG8=' } });
  });

  it('defaults an RC selector and labels from its template', () => {
    const rc = {
      metadata: {},
      spec: { template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    };
    setDefaultsReplicationController(rc);
    expect(rc).toMatchObject({ metadata: { labels: { app: 'x' } }, spec: { replicas: 1, selector: { app: 'x' } } });
  });
});
