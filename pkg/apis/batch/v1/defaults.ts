/**
 * batch/v1 defaulting (mirrors pkg/apis/batch/v1/defaults.go, including the GA
 * podReplacementPolicy and backoffLimitPerIndex defaults). Mutates in place; idempotent.
 */
import { setDefaultsPodTemplateSpec } from '../../core/v1/defaults.js';
import type { CronJob, Job, JobSpec } from './types.js';

const maxInt32 = 2147483647;

function unset(v: unknown): boolean {
  return v === undefined || v === null;
}

function setDefaultsJobSpec(spec: JobSpec): void {
  if (unset(spec.completions) && unset(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (unset(spec.parallelism)) spec.parallelism = 1;
  // With per-index backoff the job-wide limit is effectively off.
  if (unset(spec.backoffLimit)) spec.backoffLimit = unset(spec.backoffLimitPerIndex) ? 6 : maxInt32;
  if (unset(spec.completionMode)) spec.completionMode = 'NonIndexed';
  if (unset(spec.suspend)) spec.suspend = false;
  if (unset(spec.podReplacementPolicy))
    spec.podReplacementPolicy = spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  setDefaultsPodTemplateSpec((spec.template ??= {}));
}

export function setDefaultsJob(job: Job): void {
  const spec = (job.spec ??= {});
  setDefaultsJobSpec(spec);
  const labels = spec.template?.metadata?.labels;
  if (labels && Object.keys(job.metadata.labels ?? {}).length === 0) job.metadata.labels = { ...labels };
}

export function setDefaultsCronJob(cj: CronJob): void {
  const spec = (cj.spec ??= {});
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
  if (unset(spec.suspend)) spec.suspend = false;
  if (unset(spec.successfulJobsHistoryLimit)) spec.successfulJobsHistoryLimit = 3;
  if (unset(spec.failedJobsHistoryLimit)) spec.failedJobsHistoryLimit = 1;
  // Job defaults apply to Jobs only; a template's pod spec gets the PodSpec defaults (generated defaulters recurse).
  setDefaultsPodTemplateSpec((((spec.jobTemplate ??= {}).spec ??= {}).template ??= {}));
}
