import { describe, expect, it } from 'vitest';
import { setDefaultsPod } from '../v1/defaults.js';
import type { Pod } from '../v1/types.js';
import { validatePodBinding, validatePodCreate, validatePodStatusUpdate, validatePodUpdate } from './validation-pod.js';

function pod(mutate: (p: Pod) => void = () => {}): Pod {
  const p: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', resourceVersion: '1', uid: 'u1' },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
  };
  mutate(p);
  setDefaultsPod(p);
  return p;
}
const msgs = (errs: readonly object[]) => errs.map(String);

describe('pod create validation', () => {
  it('accepts a defaulted minimal pod', () => {
    expect(msgs(validatePodCreate(pod()))).toEqual([]);
  });

  it('requires containers', () => {
    expect(msgs(validatePodCreate(pod((p) => (p.spec = { containers: [] }))))).toEqual([
      'spec.containers: Required value',
    ]);
  });

  it('requires a DNS-1123 container name and an image', () => {
    const errs = msgs(validatePodCreate(pod((p) => (p.spec = { containers: [{ name: 'Bad_Name' }] }))));
    expect(errs).toContain('spec.containers[0].image: Required value');
    expect(
      errs.some((e) =>
        e.startsWith('spec.containers[0].name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of'),
      ),
    ).toBe(true);
  });

  it('rejects duplicate container names', () => {
    const errs = msgs(
      validatePodCreate(
        pod(
          (p) =>
            (p.spec = {
              containers: [
                { name: 'a', image: 'x' },
                { name: 'a', image: 'y' },
              ],
            }),
        ),
      ),
    );
    expect(errs).toEqual(['spec.containers[1].name: Duplicate value: "a"']);
  });

  it('checks port ranges and protocols', () => {
    const errs = msgs(
      validatePodCreate(
        pod(
          (p) =>
            (p.spec = { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000, protocol: 'HTTP' }] }] }),
        ),
      ),
    );
    expect(errs).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it('rejects an unknown restartPolicy with upstream ordering of values', () => {
    expect(msgs(validatePodCreate(pod((p) => (p.spec!.restartPolicy = 'Sometimes'))))).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });

  it('rejects requests above limits with the quantity in canonical form', () => {
    const errs = msgs(
      validatePodCreate(
        pod((p) => (p.spec!.containers![0]!.resources = { limits: { cpu: '0.5' }, requests: { cpu: '1' } })),
      ),
    );
    expect(errs).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m',
    ]);
  });

  it('reports volume mounts of unknown volumes as Not found', () => {
    const errs = msgs(
      validatePodCreate(pod((p) => (p.spec!.containers![0]!.volumeMounts = [{ name: 'data', mountPath: '/data' }]))),
    );
    expect(errs).toEqual(['spec.containers[0].volumeMounts[0].name: Not found: "data"']);
  });

  it('allows one volume source per volume', () => {
    const errs = msgs(
      validatePodCreate(pod((p) => (p.spec!.volumes = [{ name: 'v', emptyDir: {}, hostPath: { path: '/x' } }]))),
    );
    expect(errs).toEqual(['spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type']);
  });

  it('forbids ephemeral containers on create', () => {
    const errs = msgs(
      validatePodCreate(pod((p) => (p.spec!.ephemeralContainers = [{ name: 'debug', image: 'busybox' }]))),
    );
    expect(errs).toEqual(['spec.ephemeralContainers: Forbidden: cannot be set on create']);
  });

  it('checks tolerations', () => {
    const errs = msgs(validatePodCreate(pod((p) => (p.spec!.tolerations = [{ operator: 'Equal', value: 'x' }]))));
    expect(errs[0]).toBe(
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
    );
  });
});

describe('pod update validation', () => {
  it('allows changing the image', () => {
    const old = pod();
    const updated = pod((p) => (p.spec!.containers![0]!.image = 'nginx:1.28'));
    expect(msgs(validatePodUpdate(updated, old))).toEqual([]);
  });

  it('forbids changing other spec fields with upstream wording', () => {
    const old = pod();
    const updated = pod((p) => (p.spec!.containers![0]!.ports = [{ containerPort: 8080 }]));
    const errs = msgs(validatePodUpdate(updated, old));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`,`spec\.initContainers\[\*\]\.image`,`spec\.activeDeadlineSeconds`,`spec\.tolerations` \(only additions to existing tolerations\),`spec\.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n/,
    );
  });

  it('forbids adding containers', () => {
    const old = pod();
    const updated = pod((p) => p.spec!.containers!.push({ name: 'b', image: 'x' }));
    expect(msgs(validatePodUpdate(updated, old))).toEqual([
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    ]);
  });

  it('lets activeDeadlineSeconds only go down', () => {
    const old = pod((p) => (p.spec!.activeDeadlineSeconds = 100));
    expect(
      msgs(
        validatePodUpdate(
          pod((p) => (p.spec!.activeDeadlineSeconds = 50)),
          old,
        ),
      ),
    ).toEqual([]);
    expect(
      msgs(
        validatePodUpdate(
          pod((p) => (p.spec!.activeDeadlineSeconds = 200)),
          old,
        ),
      ),
    ).toEqual(['spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value']);
  });

  it('allows adding tolerations but not changing existing ones', () => {
    const old = pod((p) => (p.spec!.tolerations = [{ key: 'a', operator: 'Exists' }]));
    expect(
      msgs(
        validatePodUpdate(
          pod(
            (p) =>
              (p.spec!.tolerations = [
                { key: 'a', operator: 'Exists' },
                { key: 'b', operator: 'Exists' },
              ]),
          ),
          old,
        ),
      ),
    ).toEqual([]);
    expect(
      msgs(
        validatePodUpdate(
          pod((p) => (p.spec!.tolerations = [{ key: 'c', operator: 'Exists' }])),
          old,
        ),
      ),
    ).toContain('spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds');
  });
});

describe('pod status and binding', () => {
  it('forbids bringing a terminated container back under restartPolicy Never', () => {
    const old = pod((p) => {
      p.spec!.restartPolicy = 'Never';
      p.status = { containerStatuses: [{ name: 'nginx', state: { terminated: { exitCode: 0 } } }] };
    });
    const updated = structuredClone(old);
    updated.status = { containerStatuses: [{ name: 'nginx', state: { running: {} } }] };
    expect(msgs(validatePodStatusUpdate(updated, old))).toEqual([
      'status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state',
    ]);
  });

  it('validates pod IPs', () => {
    const old = pod();
    const updated = structuredClone(old);
    updated.status = { podIPs: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] };
    expect(msgs(validatePodStatusUpdate(updated, old))).toEqual([
      'status.podIPs: Invalid value: [{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}]: may specify no more than one IP for each IP family',
    ]);
  });

  it('requires a binding target name and kind Node', () => {
    expect(msgs(validatePodBinding({ metadata: { name: 'web' }, target: { kind: 'Pod' } }))).toEqual([
      'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"',
      'target.name: Required value',
    ]);
  });
});
