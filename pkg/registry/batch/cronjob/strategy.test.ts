import { describe, expect, it } from 'vitest';
import type { CronJob } from '../../../apis/batch/v1/types.js';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newCronJobStorage } from './storage.js';

const ns = ctxIn('default');
const cronJob = (schedule: string): CronJob => ({
  metadata: { name: 'hello' },
  spec: {
    schedule,
    jobTemplate: {
      spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } },
    },
  },
});

describe('cronjobs', () => {
  it('defaults, validates the schedule, and bumps generation on spec changes', async () => {
    const { store, status } = newCronJobStorage({ storage: newBackend().storage });
    const created = (await store.create(ns, cronJob('*/5 * * * *'))) as CronJob;
    expect(created).toMatchObject({
      metadata: { generation: 1 },
      spec: { concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 },
      status: {},
    });
    const err = await statusOf(store.create(ns, { ...cronJob('not a schedule'), metadata: { name: 'bad' } }));
    expect(err).toMatchObject({ code: 422 });
    expect(err.message).toContain('spec.schedule: Invalid value: "not a schedule"');
    const next = structuredClone(created);
    next.spec!.suspend = true;
    const { object } = await store.update(ns, 'hello', defaultUpdatedObjectInfo(next));
    expect(object.metadata.generation).toBe(2);
    const st = await status!.update(
      ns,
      'hello',
      defaultUpdatedObjectInfo({
        ...object,
        spec: { ...next.spec, suspend: false },
        status: { lastScheduleTime: '2024-01-01T00:00:00Z' },
      }),
    );
    expect(st.object).toMatchObject({ spec: { suspend: true }, status: { lastScheduleTime: '2024-01-01T00:00:00Z' } });
  });
});
