/**
 * CustomResourceDefinition policy (mirrors apiextensions-apiserver pkg/registry/customresourcedefinition/strategy.go):
 * generation tracks spec; the storage version is recorded in status.storedVersions (never
 * removed by the API); /status keeps spec.
 *
 * Upstream's naming and establishing controllers then accept the names and mark the CRD
 * Established a moment later. This apiserver has no such controllers, so `establish` does their
 * work at write time: status.acceptedNames = spec.names and NamesAccepted/Established True
 * (name conflicts between CRDs are not detected).
 */
import { setDefaultsCustomResourceDefinition } from '../../../apis/apiextensions/v1/defaults.js';
import type { CustomResourceDefinition } from '../../../apis/apiextensions/v1/types.js';
import {
  validateCustomResourceDefinition,
  validateCustomResourceDefinitionStatusUpdate,
  validateCustomResourceDefinitionUpdate,
} from '../../../apis/apiextensions/validation/validation.js';
import { rfc3339 } from '../../rest/create.js';
import { jsonEqual } from '../../rest/status.js';
import { specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

type Condition = NonNullable<NonNullable<CustomResourceDefinition['status']>['conditions']>[number];

/** Adds the storage version to status.storedVersions if missing. */
function recordStorageVersion(crd: CustomResourceDefinition): void {
  const storage = (crd.spec?.versions ?? []).find((v) => v.storage)?.name;
  if (!storage) return;
  const status = (crd.status ??= {});
  const stored = (status.storedVersions ??= []);
  if (!stored.includes(storage)) stored.push(storage);
}

/** Sets a condition, keeping lastTransitionTime when its status does not change (upstream SetCRDCondition). */
export function setCRDCondition(crd: CustomResourceDefinition, condition: Condition, now: string): void {
  const conditions = ((crd.status ??= {}).conditions ??= []);
  const i = conditions.findIndex((c) => c.type === condition.type);
  const old = i >= 0 ? conditions[i] : undefined;
  const next = {
    ...condition,
    lastTransitionTime: old && old.status === condition.status && old.lastTransitionTime ? old.lastTransitionTime : now,
  };
  if (i >= 0) conditions[i] = next;
  else conditions.push(next);
}

/** What upstream's naming and establishing controllers would write for an accepted CRD. */
export function establish(crd: CustomResourceDefinition, now: string = rfc3339(new Date())): void {
  const status = (crd.status ??= {});
  if (
    jsonEqual(status.acceptedNames, crd.spec?.names) &&
    (status.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True')
  )
    return;
  status.acceptedNames = structuredClone(crd.spec?.names ?? {});
  setCRDCondition(
    crd,
    { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
    now,
  );
  setCRDCondition(
    crd,
    {
      type: 'Established',
      status: 'True',
      reason: 'InitialNamesAccepted',
      message: 'the initial names have been accepted',
    },
    now,
  );
}

export const customResourceDefinitionStrategy = specStatusStrategy<CustomResourceDefinition>({
  namespaced: false,
  defaults: setDefaultsCustomResourceDefinition,
  validate: validateCustomResourceDefinition,
  validateUpdate: validateCustomResourceDefinitionUpdate,
  prepareForCreate(crd) {
    recordStorageVersion(crd);
    establish(crd);
  },
  prepareForUpdate(crd) {
    recordStorageVersion(crd);
    establish(crd);
  },
});

export const customResourceDefinitionStatusStrategy = statusStrategy(customResourceDefinitionStrategy, {
  validateStatusUpdate: validateCustomResourceDefinitionStatusUpdate,
});
