/**
 * Deployment policy (mirrors pkg/registry/apps/deployment/strategy.go): generation moves on spec
 * or annotation changes (a rollback or pause annotation is something the controller must see);
 * /status keeps spec and labels.
 */
import { setDefaultsDeployment } from '../../../apis/apps/v1/defaults.js';
import type { Deployment } from '../../../apis/apps/v1/types.js';
import {
  validateDeployment,
  validateDeploymentStatusUpdate,
  validateDeploymentUpdate,
} from '../../../apis/apps/validation/validation.js';
import { jsonEqual } from '../../rest/status.js';
import { specChanged, specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

export const deploymentStrategy = specStatusStrategy<Deployment>({
  namespaced: true,
  defaults: setDefaultsDeployment,
  validate: validateDeployment,
  validateUpdate: validateDeploymentUpdate,
  generationChanged: (d, old) =>
    specChanged(d, old) || !jsonEqual(d.metadata.annotations ?? {}, old.metadata.annotations ?? {}),
});

export const deploymentStatusStrategy = statusStrategy(deploymentStrategy, {
  validateStatusUpdate: validateDeploymentStatusUpdate,
  prepare(d, old) {
    if (old.metadata.labels === undefined) delete d.metadata.labels;
    else d.metadata.labels = structuredClone(old.metadata.labels);
  },
});
