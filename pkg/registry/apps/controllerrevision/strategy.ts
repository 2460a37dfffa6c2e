/** ControllerRevision policy (mirrors pkg/registry/apps/controllerrevision/strategy.go): data and revision as written. */
import type { ControllerRevision } from '../../../apis/apps/v1/types.js';
import {
  validateControllerRevision,
  validateControllerRevisionUpdate,
} from '../../../apis/apps/validation/validation-statefulset.js';
import { plainStrategy } from '../../strategies.js';

export const controllerRevisionStrategy = plainStrategy<ControllerRevision>({
  namespaced: true,
  validate: validateControllerRevision,
  validateUpdate: validateControllerRevisionUpdate,
});
