/**
 * Pod printing (mirrors printPod in pkg/printers/internalversion/printers.go): the READY, STATUS
 * and RESTARTS columns `kubectl get pods` shows, computed from container statuses exactly as
 * upstream does (init progress, waiting/terminated reasons, Terminating, restarts with "(5m ago)").
 */
import type { TableRowCondition } from '../../apis/meta/v1/types.js';
import type { Pod, PodTemplate } from '../../apis/core/v1/types.js';
import { humanDuration } from '../duration.js';
import {
  age,
  ageColumn,
  column,
  formatLabels,
  layoutContainerCells,
  nameColumn,
  newTableConvertor,
  type PrintedRow,
} from '../tablegenerator.js';

export const podColumns = [
  nameColumn,
  column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  column('Status', 'string', 'The aggregate status of the containers in this pod.'),
  column(
    'Restarts',
    'string',
    'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
  ),
  ageColumn,
  column('IP', 'string', 'IP address allocated to the pod.', { priority: 1 }),
  column('Node', 'string', 'The node the pod is bound to.', { priority: 1 }),
  column('Nominated Node', 'string', 'The node the scheduler nominated for this pod, if it is preempting others.', {
    priority: 1,
  }),
  column('Readiness Gates', 'string', 'How many of the readiness gates are satisfied.', { priority: 1 }),
];

const podSucceeded: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const podFailed: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

export function printPod(pod: Pod, now: Date): PrintedRow {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const restartableInit = new Set(
    (spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  const totalContainers = (spec.containers ?? []).length + restartableInit.size;
  let readyContainers = 0;
  let restarts = 0;
  let restartableRestarts = 0;
  let lastRestart: string | undefined;
  let lastRestartableRestart: string | undefined;
  const phase = status.phase ?? '';
  let reason = status.reason || phase;
  for (const c of status.conditions ?? [])
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  const conditions = phase === 'Succeeded' ? podSucceeded : phase === 'Failed' ? podFailed : undefined;

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i] ?? {};
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
    const restartable = restartableInit.has(c.name);
    if (restartable) {
      restartableRestarts += c.restartCount ?? 0;
      lastRestartableRestart = later(lastRestartableRestart, c.lastState?.terminated?.finishedAt);
    }
    const term = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (restartable && c.started === true) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (term) {
      reason = term.reason
        ? `Init:${term.reason}`
        : term.signal
          ? `Init:Signal:${term.signal}`
          : `Init:ExitCode:${term.exitCode ?? 0}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  const initialized = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = restartableRestarts;
    lastRestart = lastRestartableRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i] ?? {};
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
      const waiting = c.state?.waiting;
      const term = c.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
        ? 'Running'
        : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart)
    restartsText = `${restarts} (${humanDuration(now.getTime() - Date.parse(lastRestart))} ago)`;

  const gates = spec.readinessGates ?? [];
  let readinessGates = '<none>';
  if (gates.length > 0) {
    let ok = 0;
    for (const g of gates) {
      const cond = (status.conditions ?? []).find((c) => c.type === g.conditionType);
      if (cond?.status === 'True') ok++;
    }
    readinessGates = `${ok}/${gates.length}`;
  }
  const row: PrintedRow = {
    cells: [
      pod.metadata.name ?? '',
      `${readyContainers}/${totalContainers}`,
      reason,
      restartsText,
      age(pod, now),
      status.podIPs?.[0]?.ip || '<none>',
      spec.nodeName || '<none>',
      status.nominatedNodeName || '<none>',
      readinessGates,
    ],
  };
  if (conditions) row.conditions = conditions;
  return row;
}

export const podTableConvertor = newTableConvertor<Pod>(podColumns, printPod);

export const podTemplateColumns = [
  nameColumn,
  column('Containers', 'string', 'Names of each container in the template.'),
  column('Images', 'string', 'Images referenced by each container in the template.'),
  column('Pod Labels', 'string', 'The labels for the pod template.'),
];

export const podTemplateTableConvertor = newTableConvertor<PodTemplate>(podTemplateColumns, (pt) => {
  const [names, images] = layoutContainerCells(pt.template?.spec?.containers);
  return { cells: [pt.metadata.name ?? '', names, images, formatLabels(pt.template?.metadata?.labels)] };
});
