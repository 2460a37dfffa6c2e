/**
 * Pod policy (mirrors pkg/registry/core/pod/strategy.go, as of the served v1.32):
 *
 *   create   defaults, status reset to {phase: Pending, qosClass}, PodScheduled=False/SchedulingGated
 *            when spec.schedulingGates is set, matchLabelKeys folded into affinity label selectors
 *   update   status kept; validation allows only the updatable spec fields
 *   /status  spec, ownerReferences kept; qosClass backfilled from the stored pod when cleared
 *   delete   graceful: spec.terminationGracePeriodSeconds unless the request says otherwise;
 *            immediate for unscheduled and terminated pods
 */
import type { DeleteOptions } from '../../../apis/meta/v1/types.js';
import { computePodQOS } from '../../../apis/core/helper/qos.js';
import { setDefaultsPod } from '../../../apis/core/v1/defaults.js';
import type { Pod, PodAffinityTerm, PodCondition } from '../../../apis/core/v1/types.js';
import {
  validatePodCreate,
  validatePodStatusUpdate,
  validatePodUpdate,
} from '../../../apis/core/validation/validation-pod.js';
import type { RequestContext } from '../../../endpoints/request/context.js';
import { specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

export const podReasonSchedulingGated = 'SchedulingGated';

/** A pod held back by scheduling gates says so in its PodScheduled condition (upstream applySchedulingGatedCondition). */
export function applySchedulingGatedCondition(pod: Pod): void {
  if ((pod.spec?.schedulingGates ?? []).length === 0) return;
  const status = (pod.status ??= {});
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled')) return;
  (status.conditions ??= []).push({
    type: 'PodScheduled',
    status: 'False',
    reason: podReasonSchedulingGated,
    message: 'Scheduling is blocked due to non-empty scheduling gates',
  });
}

/** matchLabelKeys → `key In (pod's value)`, mismatchLabelKeys → `key NotIn (…)` in the term's label selector. */
function applyLabelKeys(term: PodAffinityTerm | undefined, labels: Record<string, string>): void {
  if (!term?.labelSelector) return;
  const keys: [string[] | undefined, string][] = [
    [term.matchLabelKeys, 'In'],
    [term.mismatchLabelKeys, 'NotIn'],
  ];
  for (const [list, operator] of keys) {
    for (const key of list ?? []) {
      const value = labels[key];
      if (value === undefined) continue;
      (term.labelSelector.matchExpressions ??= []).push({ key, operator, values: [value] });
    }
  }
}

/** upstream mutatePodAffinity (MatchLabelKeysInPodAffinity, on by default since v1.31). */
export function mutatePodAffinity(pod: Pod): void {
  const labels = pod.metadata.labels ?? {};
  for (const spec of [pod.spec?.affinity?.podAffinity, pod.spec?.affinity?.podAntiAffinity]) {
    for (const w of spec?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
      applyLabelKeys(w.podAffinityTerm, labels);
    for (const t of spec?.requiredDuringSchedulingIgnoredDuringExecution ?? []) applyLabelKeys(t, labels);
  }
}

/** upstream podStrategy.CheckGracefulDelete. */
export function checkPodGracefulDelete(_ctx: RequestContext, pod: Pod, options: DeleteOptions): boolean {
  let period = options.gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 0;
  if (!pod.spec?.nodeName) period = 0;
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') period = 0;
  if (period < 0) period = 1;
  options.gracePeriodSeconds = period;
  return true;
}

export const podStrategy = specStatusStrategy<Pod>({
  namespaced: true,
  defaults: setDefaultsPod,
  validate: validatePodCreate,
  validateUpdate: validatePodUpdate,
  generationChanged: false,
  prepareForCreate(pod) {
    pod.status = { phase: 'Pending', qosClass: computePodQOS(pod) };
    applySchedulingGatedCondition(pod);
    mutatePodAffinity(pod);
  },
  checkGracefulDelete: checkPodGracefulDelete,
});

export const podStatusStrategy = statusStrategy(podStrategy, {
  validateStatusUpdate: validatePodStatusUpdate,
  prepare(pod, old) {
    // Old kubelets corrupt owner references through /status; the stored ones win.
    if (old.metadata.ownerReferences === undefined) delete pod.metadata.ownerReferences;
    else pod.metadata.ownerReferences = structuredClone(old.metadata.ownerReferences);
    if (!pod.status?.qosClass && old.status?.qosClass) (pod.status ??= {}).qosClass = old.status.qosClass;
  },
});

/** Field selectors on pods (upstream ToSelectableFields). */
export const podSelectableFields = {
  'spec.nodeName': (p: Pod) => p.spec?.nodeName ?? '',
  'spec.restartPolicy': (p: Pod) => p.spec?.restartPolicy ?? '',
  'spec.schedulerName': (p: Pod) => p.spec?.schedulerName ?? '',
  'spec.serviceAccountName': (p: Pod) => p.spec?.serviceAccountName ?? '',
  'spec.hostNetwork': (p: Pod) => String(Boolean(p.spec?.hostNetwork)),
  'status.phase': (p: Pod) => p.status?.phase ?? '',
  'status.podIP': (p: Pod) => p.status?.podIPs?.[0]?.ip ?? '',
  'status.nominatedNodeName': (p: Pod) => p.status?.nominatedNodeName ?? '',
};

/**
 * Sets or replaces a pod condition (upstream podutil.UpdatePodCondition): lastTransitionTime is
 * now, unless the condition already had this status.
 */
export function updatePodCondition(pod: Pod, condition: PodCondition, now: string): void {
  const status = (pod.status ??= {});
  const conditions = (status.conditions ??= []);
  const i = conditions.findIndex((c) => c.type === condition.type);
  const next: PodCondition = { ...condition, lastTransitionTime: now };
  const old = i < 0 ? undefined : conditions[i];
  if (old === undefined) {
    conditions.push(next);
    return;
  }
  if (old.status === condition.status && old.lastTransitionTime !== undefined)
    next.lastTransitionTime = old.lastTransitionTime;
  conditions[i] = next;
}
