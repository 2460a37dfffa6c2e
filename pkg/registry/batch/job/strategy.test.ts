import { describe, expect, it } from 'vitest';
import type { Job } from '../../../apis/batch/v1/types.js';
import { parseSelector } from '../../../fields/parse.js';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newJobStorage } from './storage.js';

const ns = ctxIn('default');
const job = (name: string): Job => ({
  metadata: { name },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } },
});

describe('jobs', () => {
  it('generates the selector and template labels from the uid, and shows them as job labels', async () => {
    const { store } = newJobStorage({ storage: newBackend().storage });
    const out = (await store.create(ns, job('pi'))) as Job;
    const uid = out.metadata.uid ?? '';
    const labels = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': uid,
      'job-name': 'pi',
    };
    expect(out.spec?.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect(out.spec?.template?.metadata?.labels).toEqual(labels);
    expect(out.metadata.labels).toEqual(labels);
    expect(out).toMatchObject({
      metadata: { generation: 1 },
      spec: { completions: 1, parallelism: 1, backoffLimit: 6, suspend: false },
      status: {},
    });
  });

  it('refuses a hand-written selector without manualSelector', async () => {
    const { store } = newJobStorage({ storage: newBackend().storage });
    const j = job('pi');
    j.spec!.selector = { matchLabels: { app: 'x' } };
    j.spec!.template!.metadata = { labels: { app: 'x' } };
    const err = await statusOf(store.create(ns, j));
    expect(err).toMatchObject({ code: 422 });
    expect(err.message).toContain(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"x", "batch.kubernetes.io/controller-uid":',
    );
    expect(err.message).toContain('`selector` not auto-generated');
  });

  it('keeps the pod template immutable and selects on status.successful', async () => {
    const { store, status } = newJobStorage({ storage: newBackend().storage });
    const created = (await store.create(ns, job('pi'))) as Job;
    const changed = structuredClone(created);
    changed.spec!.template!.spec!.containers![0]!.image = 'perl:2';
    expect((await statusOf(store.update(ns, 'pi', defaultUpdatedObjectInfo(changed)))).message).toContain(
      'spec.template: Invalid value:',
    );
    await status!.update(ns, 'pi', defaultUpdatedObjectInfo({ ...created, status: { succeeded: 1 } }));
    const list = await store.list(ns, { fieldSelector: parseSelector('status.successful=1') });
    expect(list.items.map((i) => i.metadata.name)).toEqual(['pi']);
  });
});
