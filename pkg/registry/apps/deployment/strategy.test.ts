import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../../apis/apps/v1/types.js';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newDeploymentStorage } from './storage.js';

const ns = ctxIn('default');
const deployment = (): Deployment => ({
  metadata: { name: 'web' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } },
  },
});

describe('deployments', () => {
  it('defaults as upstream and starts at generation 1 with an empty status', async () => {
    const { store } = newDeploymentStorage({ storage: newBackend().storage });
    const out = (await store.create(ns, deployment())) as Deployment;
    expect(out).toMatchObject({
      metadata: { generation: 1 },
      spec: {
        replicas: 1,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        template: { spec: { restartPolicy: 'Always', containers: [{ imagePullPolicy: 'IfNotPresent' }] } },
      },
      status: {},
    });
  });

  it('requires the selector to match the template labels', async () => {
    const { store } = newDeploymentStorage({ storage: newBackend().storage });
    const d = deployment();
    d.spec!.template!.metadata!.labels = { app: 'other' };
    const err = await statusOf(store.create(ns, d));
    expect(err).toMatchObject({ code: 422 });
    expect(err.message).toContain(
      'spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`',
    );
  });

  it('bumps generation on spec and annotation changes only, and keeps the selector immutable', async () => {
    const { store } = newDeploymentStorage({ storage: newBackend().storage });
    const created = (await store.create(ns, deployment())) as Deployment;
    const labelled = structuredClone(created);
    labelled.metadata.labels = { x: 'y' };
    let out = (await store.update(ns, 'web', defaultUpdatedObjectInfo(labelled))).object as Deployment;
    expect(out.metadata.generation).toBe(1);
    out.metadata.annotations = { 'kubernetes.io/change-cause': 'x' };
    out = (await store.update(ns, 'web', defaultUpdatedObjectInfo(out))).object as Deployment;
    expect(out.metadata.generation).toBe(2);
    out.spec!.replicas = 3;
    out = (await store.update(ns, 'web', defaultUpdatedObjectInfo(out))).object as Deployment;
    expect(out.metadata.generation).toBe(3);
    out.spec!.selector = { matchLabels: { app: 'web', v: '2' } };
    out.spec!.template!.metadata!.labels = { app: 'web', v: '2' };
    const err = await statusOf(store.update(ns, 'web', defaultUpdatedObjectInfo(out)));
    expect(err.message).toContain(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });

  it('scales through autoscaling/v1 Scale, honouring resourceVersion', async () => {
    const { store, scale } = newDeploymentStorage({ storage: newBackend().storage });
    await store.create(ns, deployment());
    const s = await scale!.get(ns, 'web');
    expect(s).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 1 },
      status: { replicas: 0, selector: 'app=web' },
    });
    const { object } = await scale!.update(ns, 'web', defaultUpdatedObjectInfo({ ...s, spec: { replicas: 4 } }));
    expect(object).toMatchObject({ spec: { replicas: 4 } });
    expect(((await store.get(ns, 'web')) as Deployment).spec?.replicas).toBe(4);
    expect(
      await statusOf(scale!.update(ns, 'web', defaultUpdatedObjectInfo({ ...s, spec: { replicas: 5 } }))),
    ).toMatchObject({ code: 409 });
  });

  it('takes only status (and not labels) through /status', async () => {
    const { store, status } = newDeploymentStorage({ storage: newBackend().storage });
    const created = (await store.create(ns, deployment())) as Deployment;
    const next = structuredClone(created);
    next.metadata.labels = { x: 'y' };
    next.spec!.replicas = 9;
    next.status = { replicas: 1, observedGeneration: 1 };
    const { object } = await status!.update(ns, 'web', defaultUpdatedObjectInfo(next));
    expect(object).toMatchObject({ spec: { replicas: 1 }, status: { replicas: 1, observedGeneration: 1 } });
    expect(object.metadata.labels).toBeUndefined();
  });
});
