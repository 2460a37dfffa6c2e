import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from '../../../apis/apps/v1/types.js';
import { parseSelector } from '../../../fields/parse.js';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newReplicaSetStorage } from './storage.js';

const ns = ctxIn('default');
const rs = (name: string): ReplicaSet => ({
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
  },
});

describe('replicasets', () => {
  it('defaults replicas, tracks generation and validates status counts', async () => {
    const { store, status } = newReplicaSetStorage({ storage: newBackend().storage });
    const created = (await store.create(ns, rs('a'))) as ReplicaSet;
    expect(created).toMatchObject({ metadata: { generation: 1 }, spec: { replicas: 1 } });
    expect(created.status).toEqual({ replicas: 0 });
    const bad = structuredClone(created);
    bad.status = { replicas: 1, readyReplicas: 2 };
    const err = await statusOf(status!.update(ns, 'a', defaultUpdatedObjectInfo(bad)));
    expect(err.message).toContain('status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas');
  });

  it('selects on status.replicas and scales', async () => {
    const { store, status, scale } = newReplicaSetStorage({ storage: newBackend().storage });
    const a = (await store.create(ns, rs('a'))) as ReplicaSet;
    await store.create(ns, rs('b'));
    await status!.update(ns, 'a', defaultUpdatedObjectInfo({ ...a, status: { replicas: 1 } }));
    const list = await store.list(ns, { fieldSelector: parseSelector('status.replicas=1') });
    expect(list.items.map((i) => i.metadata.name)).toEqual(['a']);
    const { object } = await scale!.update(ns, 'b', async (s) => ({ ...s!, spec: { replicas: 0 } }));
    expect(object).toMatchObject({ spec: { replicas: 0 }, status: { selector: 'app=b' } });
  });
});
