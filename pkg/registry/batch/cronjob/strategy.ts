/** CronJob policy (mirrors pkg/registry/batch/cronjob/strategy.go). */
import { setDefaultsCronJob } from '../../../apis/batch/v1/defaults.js';
import type { CronJob } from '../../../apis/batch/v1/types.js';
import { validateCronJob, validateCronJobUpdate } from '../../../apis/batch/validation/validation.js';
import { validateObjectMetaUpdate } from '../../../apis/core/validation/validation.js';
import { Path } from '../../../util/validation/field/errors.js';
import { specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

export const cronJobStrategy = specStatusStrategy<CronJob>({
  namespaced: true,
  defaults: setDefaultsCronJob,
  validate: validateCronJob,
  validateUpdate: validateCronJobUpdate,
});

export const cronJobStatusStrategy = statusStrategy(cronJobStrategy, {
  validateStatusUpdate: (cj, old) => validateObjectMetaUpdate(cj.metadata, old.metadata, Path.root('metadata')),
});
