import { describe, expect, it } from 'vitest';
import type { DaemonSet } from '../../../apis/apps/v1/types.js';
import { ctxIn, newBackend } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newDaemonSetStorage } from './storage.js';
import { templateGenerationAnnotation } from './strategy.js';

const ns = ctxIn('kube-system');
const ds = (): DaemonSet => ({
  metadata: { name: 'agent' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'agent:1' }] } },
  },
});

describe('daemonsets', () => {
  it('tracks the template generation in the deprecated annotation', async () => {
    const { store } = newDaemonSetStorage({ storage: newBackend().storage });
    const created = (await store.create(ns, ds())) as DaemonSet;
    expect(created.metadata).toMatchObject({ generation: 1, annotations: { [templateGenerationAnnotation]: '1' } });
    expect(created.spec).toMatchObject({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    });
    const next = structuredClone(created);
    next.spec!.minReadySeconds = 5;
    let out = (await store.update(ns, 'agent', defaultUpdatedObjectInfo(next))).object as DaemonSet;
    expect(out.metadata).toMatchObject({ generation: 2, annotations: { [templateGenerationAnnotation]: '1' } });
    out.spec!.template!.spec!.containers![0]!.image = 'agent:2';
    out = (await store.update(ns, 'agent', defaultUpdatedObjectInfo(out))).object as DaemonSet;
    expect(out.metadata).toMatchObject({ generation: 3, annotations: { [templateGenerationAnnotation]: '2' } });
  });
});
