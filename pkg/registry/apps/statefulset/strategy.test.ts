import { describe, expect, it } from 'vitest';
import type { StatefulSet } from '../../../apis/apps/v1/types.js';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newStatefulSetStorage } from './storage.js';

const ns = ctxIn('default');
const sts = (): StatefulSet => ({
  metadata: { name: 'db' },
  spec: {
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'postgres' }] } },
  },
});

describe('statefulsets', () => {
  it('defaults as upstream', async () => {
    const { store } = newStatefulSetStorage({ storage: newBackend().storage });
    const out = await store.create(ns, sts());
    expect(out).toMatchObject({
      metadata: { generation: 1 },
      spec: {
        replicas: 1,
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        revisionHistoryLimit: 10,
      },
    });
  });

  it('forbids changing fields other than the updatable ones', async () => {
    const { store } = newStatefulSetStorage({ storage: newBackend().storage });
    const created = (await store.create(ns, sts())) as StatefulSet;
    const next = structuredClone(created);
    next.spec!.serviceName = 'other';
    const err = await statusOf(store.update(ns, 'db', defaultUpdatedObjectInfo(next)));
    expect(err).toMatchObject({ code: 422 });
    expect(err.message).toContain(
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
  });

  it('scales', async () => {
    const { store, scale } = newStatefulSetStorage({ storage: newBackend().storage });
    await store.create(ns, sts());
    const { object } = await scale!.update(ns, 'db', async (s) => ({ ...s!, spec: { replicas: 3 } }));
    expect(object).toMatchObject({ kind: 'Scale', spec: { replicas: 3 } });
    expect(((await store.get(ns, 'db')) as StatefulSet).metadata.generation).toBe(2);
  });
});
