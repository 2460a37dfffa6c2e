import { describe, expect, it } from 'vitest';
import { computePodQOS } from '../../../apis/core/helper/qos.js';
import type { Pod } from '../../../apis/core/v1/types.js';
import { parseSelector } from '../../../fields/parse.js';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newPodStorage } from './storage.js';

const ns = ctxIn('default');

function pod(name: string, extra: Partial<Pod['spec']> = {}): Pod {
  return { metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...extra } };
}

describe('pods', () => {
  it('defaults the pod and starts it Pending with its QoS class', async () => {
    const { store } = newPodStorage({ storage: newBackend().storage });
    const out = (await store.create(ns, pod('web'))) as Pod;
    expect(out).toMatchObject({
      apiVersion: 'v1',
      kind: 'Pod',
      spec: {
        restartPolicy: 'Always',
        dnsPolicy: 'ClusterFirst',
        terminationGracePeriodSeconds: 30,
        schedulerName: 'default-scheduler',
        securityContext: {},
        enableServiceLinks: true,
        containers: [
          {
            name: 'c',
            image: 'nginx',
            imagePullPolicy: 'Always',
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
      },
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    });
  });

  it('computes QoS classes as upstream', () => {
    const withResources = (resources: object) =>
      ({ metadata: {}, spec: { containers: [{ name: 'c', resources }] } }) as Pod;
    expect(
      computePodQOS(withResources({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1Gi' } })),
    ).toBe('Guaranteed');
    expect(computePodQOS(withResources({ requests: { cpu: '100m' } }))).toBe('Burstable');
    expect(computePodQOS(withResources({ requests: { cpu: '0' } }))).toBe('BestEffort');
  });

  it('adds the SchedulingGated condition for gated pods', async () => {
    const { store } = newPodStorage({ storage: newBackend().storage });
    const out = (await store.create(ns, pod('gated', { schedulingGates: [{ name: 'example.com/gate' }] }))) as Pod;
    expect(out.status?.conditions).toEqual([
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'SchedulingGated',
        message: 'Scheduling is blocked due to non-empty scheduling gates',
      },
    ]);
  });

  it('rejects spec changes other than the updatable fields with upstream wording', async () => {
    const { store } = newPodStorage({ storage: newBackend().storage });
    const created = (await store.create(ns, pod('web'))) as Pod;
    const changed = structuredClone(created);
    changed.spec!.restartPolicy = 'Never';
    const err = await statusOf(store.update(ns, 'web', defaultUpdatedObjectInfo(changed)));
    expect(err).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(err.message).toContain(
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`',
    );
    const image = structuredClone(created);
    image.spec!.containers![0]!.image = 'nginx:1.27';
    const { object } = await store.update(ns, 'web', defaultUpdatedObjectInfo(image));
    expect((object as Pod).spec?.containers?.[0]?.image).toBe('nginx:1.27');
  });

  it('binds a pod to a node once, and refuses a second binding', async () => {
    const { store, binding } = newPodStorage({ storage: newBackend().storage });
    await store.create(ns, pod('web'));
    const res = await binding.createNamed(ns, 'web', {
      metadata: { name: 'web', annotations: { a: 'b' } },
      target: { kind: 'Node', name: 'n1' },
    });
    expect(res).toMatchObject({ kind: 'Status', status: 'Success', code: 201 });
    const bound = (await store.get(ns, 'web')) as Pod;
    expect(bound.spec?.nodeName).toBe('n1');
    expect(bound.metadata.annotations).toEqual({ a: 'b' });
    expect(bound.status?.conditions).toEqual([
      { type: 'PodScheduled', status: 'True', lastTransitionTime: expect.any(String) },
    ]);
    expect(
      await statusOf(binding.createNamed(ns, 'web', { metadata: { name: 'web' }, target: { name: 'n2' } })),
    ).toMatchObject({
      code: 409,
      message: 'Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "n1"',
    });
    expect(
      await statusOf(binding.createNamed(ns, 'web', { metadata: { name: 'other' }, target: { name: 'n2' } })),
    ).toMatchObject({
      code: 400,
      message: 'name in URL does not match name in Binding object',
    });
    expect(
      await statusOf(binding.createNamed(ns, 'missing', { metadata: { name: 'missing' }, target: { name: 'n2' } })),
    ).toMatchObject({ code: 404 });
  });

  it('keeps spec and owner references on /status, and the QoS class when cleared', async () => {
    const { store, status } = newPodStorage({ storage: newBackend().storage });
    const created = (await store.create(ns, pod('web'))) as Pod;
    const next = structuredClone(created);
    next.spec!.restartPolicy = 'Never';
    next.status = { phase: 'Running', podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }] };
    const { object } = await status.update(ns, 'web', defaultUpdatedObjectInfo(next));
    expect(object).toMatchObject({
      spec: { restartPolicy: 'Always' },
      status: { phase: 'Running', qosClass: 'BestEffort' },
    });
  });

  it('deletes unscheduled pods at once and scheduled ones gracefully', async () => {
    const { store, binding } = newPodStorage({ storage: newBackend().storage });
    await store.create(ns, pod('a'));
    const gone = await store.delete!(ns, 'a');
    expect(gone.deleted).toBe(true);
    await store.create(ns, pod('b'));
    await binding.createNamed(ns, 'b', { metadata: { name: 'b' }, target: { name: 'n1' } });
    const marked = await store.delete!(ns, 'b');
    expect(marked.deleted).toBe(false);
    expect(marked.object.metadata).toMatchObject({
      deletionGracePeriodSeconds: 30,
      deletionTimestamp: expect.any(String),
    });
    expect((await store.delete!(ns, 'b', { gracePeriodSeconds: 0 })).deleted).toBe(true);
  });

  it('supports upstream field selectors', async () => {
    const { store, binding } = newPodStorage({ storage: newBackend().storage });
    await store.create(ns, pod('a'));
    await store.create(ns, pod('b', { hostNetwork: true }));
    await binding.createNamed(ns, 'a', { metadata: { name: 'a' }, target: { name: 'n1' } });
    const names = async (sel: string) =>
      (await store.list(ns, { fieldSelector: parseSelector(sel) })).items.map((p) => p.metadata.name);
    expect(await names('spec.nodeName=n1')).toEqual(['a']);
    expect(await names('spec.hostNetwork=true')).toEqual(['b']);
    expect(await names('status.phase=Pending,spec.schedulerName=default-scheduler')).toEqual(['a', 'b']);
    expect(await statusOf(store.list(ns, { fieldSelector: parseSelector('spec.bogus=x') }))).toMatchObject({
      code: 400,
    });
  });
});
