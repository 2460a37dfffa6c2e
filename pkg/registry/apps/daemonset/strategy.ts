/**
 * DaemonSet policy (mirrors pkg/registry/apps/daemonset/strategy.go). apps/v1 carries the
 * internal spec.templateGeneration in the `deprecated.daemonset.template.generation` annotation:
 * 1 on create, and on update the stored value, +1 when the pod template changed (which also
 * bumps metadata.generation, as does any other spec change).
 */
import { setDefaultsDaemonSet } from '../../../apis/apps/v1/defaults.js';
import type { DaemonSet } from '../../../apis/apps/v1/types.js';
import {
  validateDaemonSet,
  validateDaemonSetStatusUpdate,
  validateDaemonSetUpdate,
} from '../../../apis/apps/validation/validation-statefulset.js';
import { jsonEqual } from '../../rest/status.js';
import { specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

export const templateGenerationAnnotation = 'deprecated.daemonset.template.generation';

function templateGeneration(ds: DaemonSet): number {
  const n = Number.parseInt(ds.metadata.annotations?.[templateGenerationAnnotation] ?? '', 10);
  return Number.isFinite(n) ? n : 0;
}

function setTemplateGeneration(ds: DaemonSet, n: number): void {
  ds.metadata.annotations = { ...(ds.metadata.annotations ?? {}), [templateGenerationAnnotation]: String(n) };
}

export const daemonSetStrategy = specStatusStrategy<DaemonSet>({
  namespaced: true,
  defaults: setDefaultsDaemonSet,
  validate: validateDaemonSet,
  validateUpdate: validateDaemonSetUpdate,
  initialStatus: () => ({
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    desiredNumberScheduled: 0,
    numberReady: 0,
  }),
  prepareForCreate(ds) {
    if (templateGeneration(ds) < 1) setTemplateGeneration(ds, 1);
  },
  prepareForUpdate(ds, old) {
    const was = templateGeneration(old);
    setTemplateGeneration(ds, jsonEqual(ds.spec?.template, old.spec?.template) ? was : was + 1);
  },
});

export const daemonSetStatusStrategy = statusStrategy(daemonSetStrategy, {
  validateStatusUpdate: validateDaemonSetStatusUpdate,
});
