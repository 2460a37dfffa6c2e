/**
 * Job policy (mirrors pkg/registry/batch/job/strategy.go). Unless spec.manualSelector is true the
 * selector is generated: the pod template gets job-name / controller-uid labels (legacy and
 * batch.kubernetes.io/ forms) and the selector matches this job's uid:
 *
 *   selector: {matchLabels: {batch.kubernetes.io/controller-uid: <uid>}}
 *   template.metadata.labels: {batch.kubernetes.io/controller-uid: <uid>, batch.kubernetes.io/job-name: pi,
 *                              controller-uid: <uid>, job-name: pi}
 *
 * A job without labels of its own shows the template's (defaulting, which upstream also runs
 * when the stored object is read back, after the generated labels were added).
 */
import { setDefaultsJob } from '../../../apis/batch/v1/defaults.js';
import type { Job } from '../../../apis/batch/v1/types.js';
import {
  controllerUidLabel,
  jobNameLabel,
  legacyControllerUidLabel,
  legacyJobNameLabel,
  validateJob,
  validateJobStatusUpdate,
  validateJobUpdate,
} from '../../../apis/batch/validation/validation.js';
import { specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

/** upstream generateSelector: labels the template and selects on the controller uid. */
export function generateSelector(job: Job): void {
  const spec = (job.spec ??= {});
  const template = (spec.template ??= {});
  const labels = ((template.metadata ??= {}).labels ??= {});
  const name = job.metadata.name ?? '';
  const uid = job.metadata.uid ?? '';
  for (const key of [legacyJobNameLabel, jobNameLabel]) if (!(key in labels)) labels[key] = name;
  for (const key of [legacyControllerUidLabel, controllerUidLabel]) if (!(key in labels)) labels[key] = uid;
  const matchLabels = ((spec.selector ??= {}).matchLabels ??= {});
  if (!(controllerUidLabel in matchLabels)) matchLabels[controllerUidLabel] = uid;
}

export const jobStrategy = specStatusStrategy<Job>({
  namespaced: true,
  defaults: setDefaultsJob,
  // batch/v1 orphaned pods before garbage collection existed; upstream keeps that default for it.
  defaultGarbageCollectionPolicy: 'OrphanDependents',
  validate: (job) => validateJob(job, { batchLabels: true }),
  // Jobs created before the batch.kubernetes.io/ labels existed keep validating without them.
  validateUpdate: (job, old) => [
    ...validateJob(job, { batchLabels: controllerUidLabel in (old.spec?.template?.metadata?.labels ?? {}) }),
    ...validateJobUpdate(job, old),
  ],
  prepareForCreate(job) {
    if (job.spec?.manualSelector !== true) generateSelector(job);
    setDefaultsJob(job);
  },
});

export const jobStatusStrategy = statusStrategy(jobStrategy, { validateStatusUpdate: validateJobStatusUpdate });

/** Field selectors on jobs (upstream JobToSelectableFields). */
export const jobSelectableFields = { 'status.successful': (job: Job) => String(job.status?.succeeded ?? 0) };
