import { describe, expect, it } from 'vitest';
import { setDefaultsCronJob, setDefaultsJob } from '../v1/defaults.js';
import type { CronJob, Job } from '../v1/types.js';
import { parseStandardCron } from './cron.js';
import { validateCronJob, validateJob, validateJobUpdate } from './validation.js';

const msgs = (errs: readonly object[]) => errs.map(String);
const podTemplate = () => ({
  metadata: { labels: { 'job-name': 'pi' } },
  spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] },
});

function job(mutate: (j: Job) => void = () => {}): Job {
  const j: Job = {
    metadata: { name: 'pi', namespace: 'default', resourceVersion: '1' },
    spec: { manualSelector: true, selector: { matchLabels: { 'job-name': 'pi' } }, template: podTemplate() },
  };
  mutate(j);
  setDefaultsJob(j);
  return j;
}

describe('job', () => {
  it('defaults completions, parallelism, backoffLimit and policies', () => {
    expect(job().spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    });
    expect(job().metadata.labels).toEqual({ 'job-name': 'pi' });
  });

  it('accepts a valid job and rejects restartPolicy Always', () => {
    expect(msgs(validateJob(job()))).toEqual([]);
    expect(msgs(validateJob(job((j) => (j.spec!.template!.spec!.restartPolicy = 'Always'))))).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
  });

  it('requires completions for indexed jobs', () => {
    expect(
      msgs(validateJob(job((j) => Object.assign(j.spec!, { completionMode: 'Indexed', parallelism: 2 })))),
    ).toEqual(['spec.completions: Required value: when completion mode is Indexed']);
  });

  it('keeps the template immutable unless suspended and never started', () => {
    const old = job();
    const changed = job((j) => (j.spec!.template!.spec!.containers![0]!.image = 'perl:2'));
    expect(msgs(validateJobUpdate(changed, old))[0]).toMatch(/^spec\.template: Invalid value: .*: field is immutable$/);
    const suspended = job((j) => (j.spec!.suspend = true));
    const steered = job((j) => {
      j.spec!.suspend = true;
      j.spec!.template!.spec!.nodeSelector = { zone: 'a' };
    });
    expect(msgs(validateJobUpdate(steered, suspended))).toEqual([]);
  });
});

describe('cronjob', () => {
  function cron(schedule: string): CronJob {
    const cj: CronJob = {
      metadata: { name: 'hello', namespace: 'default' },
      spec: { schedule, jobTemplate: { spec: { template: podTemplate() } } },
    };
    setDefaultsCronJob(cj);
    return cj;
  }

  it('defaults policy and history limits', () => {
    expect(cron('* * * * *').spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
  });

  it('accepts standard schedules and descriptors', () => {
    for (const s of ['*/5 * * * *', '0 9-17 * * mon-fri', '@hourly', '@every 90m', '0 0 1,15 * ?'])
      expect(msgs(validateCronJob(cron(s))), s).toEqual([]);
  });

  it('reports schedule errors with robfig/cron wording', () => {
    expect(msgs(validateCronJob(cron('bad')))).toEqual([
      'spec.schedule: Invalid value: "bad": expected exactly 5 fields, found 1: [bad]',
    ]);
    expect(msgs(validateCronJob(cron('61 * * * *')))).toEqual([
      'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
    ]);
    expect(msgs(validateCronJob(cron('@often')))).toEqual([
      'spec.schedule: Invalid value: "@often": unrecognized descriptor: @often',
    ]);
    expect(msgs(validateCronJob(cron('TZ=UTC 0 * * * *')))).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
  });

  it('parses fields into sets', () => {
    const s = parseStandardCron('0 */6 * jan,jul 1-5');
    expect('hours' in s && [...s.hours]).toEqual([0, 6, 12, 18]);
    expect('months' in s && [...s.months]).toEqual([1, 7]);
  });

  it('limits the name to 52 characters', () => {
    const cj = cron('* * * * *');
    cj.metadata.name = 'a'.repeat(53);
    expect(msgs(validateCronJob(cj))).toEqual([
      `metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`,
    ]);
  });
});
