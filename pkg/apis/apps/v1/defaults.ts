/**
 * apps/v1 defaulting (mirrors pkg/apis/apps/v1/defaults.go); pod templates get the PodSpec
 * defaults too, as upstream's generated defaulters recurse into them. Mutates in place; idempotent.
 */
import { setDefaultsPodTemplateSpec } from '../../core/v1/defaults.js';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from './types.js';

function unset(v: unknown): boolean {
  return v === undefined || v === null;
}

export function setDefaultsDeployment(d: Deployment): void {
  const spec = (d.spec ??= {});
  if (unset(spec.replicas)) spec.replicas = 1;
  const strategy = (spec.strategy ??= {});
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    if (unset(ru.maxUnavailable)) ru.maxUnavailable = '25%';
    if (unset(ru.maxSurge)) ru.maxSurge = '25%';
  }
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  if (unset(spec.progressDeadlineSeconds)) spec.progressDeadlineSeconds = 600;
  setDefaultsPodTemplateSpec((spec.template ??= {}));
}

export function setDefaultsReplicaSet(rs: ReplicaSet): void {
  const spec = (rs.spec ??= {});
  if (unset(spec.replicas)) spec.replicas = 1;
  setDefaultsPodTemplateSpec((spec.template ??= {}));
}

export function setDefaultsStatefulSet(ss: StatefulSet): void {
  const spec = (ss.spec ??= {});
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  const us = (spec.updateStrategy ??= {});
  if (!us.type) {
    us.type = 'RollingUpdate';
    us.rollingUpdate ??= {};
  }
  if (us.type === 'RollingUpdate' && us.rollingUpdate && unset(us.rollingUpdate.partition))
    us.rollingUpdate.partition = 0;
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  if (!retention.whenDeleted) retention.whenDeleted = 'Retain';
  if (!retention.whenScaled) retention.whenScaled = 'Retain';
  if (unset(spec.replicas)) spec.replicas = 1;
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  setDefaultsPodTemplateSpec((spec.template ??= {}));
  for (const pvc of spec.volumeClaimTemplates ?? []) {
    pvc.spec ??= {};
    if (!pvc.spec.volumeMode) pvc.spec.volumeMode = 'Filesystem';
    pvc.status ??= {};
    if (!pvc.status.phase) pvc.status.phase = 'Pending';
  }
}

export function setDefaultsDaemonSet(ds: DaemonSet): void {
  const spec = (ds.spec ??= {});
  const us = (spec.updateStrategy ??= {});
  if (!us.type) us.type = 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    const ru = (us.rollingUpdate ??= {});
    if (unset(ru.maxUnavailable)) ru.maxUnavailable = 1;
    if (unset(ru.maxSurge)) ru.maxSurge = 0;
  }
  if (unset(spec.revisionHistoryLimit)) spec.revisionHistoryLimit = 10;
  setDefaultsPodTemplateSpec((spec.template ??= {}));
}
