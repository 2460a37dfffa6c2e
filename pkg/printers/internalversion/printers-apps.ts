/**
 * Printers for workloads (mirrors pkg/printers/internalversion/printers.go): deployments, replica
 * sets, stateful sets, daemon sets, controller revisions, jobs, cron jobs and disruption budgets.
 */
import type { ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../../apis/apps/v1/types.js';
import type { CronJob, Job } from '../../apis/batch/v1/types.js';
import type { PodTemplateSpec } from '../../apis/core/v1/types.js';
import type { KubeObject, TableColumnDefinition } from '../../apis/meta/v1/types.js';
import { formatLabelSelector, labelSelectorAsString } from '../../apis/meta/v1/validation/validation.js';
import type { PodDisruptionBudget } from '../../apis/policy/v1/types.js';
import type { TableConvertor } from '../../registry/rest/table.js';
import { humanDuration, translateTimestampSince } from '../duration.js';
import {
  age,
  ageColumn,
  column,
  formatLabels,
  nameColumn,
  newTableConvertor,
  workloadCells,
  workloadColumns,
} from '../tablegenerator.js';

const selectorColumn = column('Selector', 'string', 'Label query over the pods it manages.', { priority: 1 });

export const deploymentTableConvertor = newTableConvertor<Deployment>(
  [
    nameColumn,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column(
      'Up-to-date',
      'string',
      'Total number of pods targeted by this deployment that have the desired template spec.',
    ),
    column(
      'Available',
      'string',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    ...workloadColumns(selectorColumn),
  ],
  (d, now) => {
    const s = d.status ?? {};
    return {
      cells: [
        d.metadata.name ?? '',
        `${s.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
        s.updatedReplicas ?? 0,
        s.availableReplicas ?? 0,
        ...workloadCells(d, now, d.spec?.template, labelSelectorAsString(d.spec?.selector)),
      ],
    };
  },
);

/** What replica sets and replication controllers have in common for printing. */
interface Replicated extends KubeObject {
  spec?: { replicas?: number; template?: PodTemplateSpec };
  status?: { replicas?: number; readyReplicas?: number };
}

/**
 * Desired, Current and Ready replicas, then the workload columns: replica sets and replication
 * controllers (upstream printReplicaSet, printReplicationController), which differ in their
 * selector only.
 */
export function replicasTableConvertor<T extends Replicated>(
  owner: string,
  selectorColumn: TableColumnDefinition,
  selector: (obj: T) => string,
): TableConvertor<T> {
  return newTableConvertor<T>(
    [
      nameColumn,
      column('Desired', 'integer', 'Number of desired pods.'),
      column('Current', 'integer', `Number of pods the ${owner} currently manages.`),
      column('Ready', 'integer', 'Number of ready pods.'),
      ...workloadColumns(selectorColumn),
    ],
    (obj, now) => ({
      cells: [
        obj.metadata.name ?? '',
        obj.spec?.replicas ?? 0,
        obj.status?.replicas ?? 0,
        obj.status?.readyReplicas ?? 0,
        ...workloadCells(obj, now, obj.spec?.template, selector(obj)),
      ],
    }),
  );
}

export const replicaSetTableConvertor = replicasTableConvertor<ReplicaSet>('replica set', selectorColumn, (rs) =>
  formatLabelSelector(rs.spec?.selector),
);

export const statefulSetTableConvertor = newTableConvertor<StatefulSet>(
  [nameColumn, column('Ready', 'string', 'Number of the pod with ready state'), ...workloadColumns()],
  (ss, now) => ({
    cells: [
      ss.metadata.name ?? '',
      `${ss.status?.readyReplicas ?? 0}/${ss.spec?.replicas ?? 0}`,
      ...workloadCells(ss, now, ss.spec?.template),
    ],
  }),
);

export const daemonSetTableConvertor = newTableConvertor<DaemonSet>(
  [
    nameColumn,
    column('Desired', 'integer', 'Number of nodes that should run the daemon pod.'),
    column('Current', 'integer', 'Number of nodes running at least one daemon pod that should.'),
    column('Ready', 'integer', 'Number of nodes with a ready daemon pod.'),
    column('Up-to-date', 'integer', 'Number of nodes running the updated daemon pod.'),
    column('Available', 'integer', 'Number of nodes with an available daemon pod.'),
    column('Node Selector', 'string', 'Nodes the daemon pods may run on.'),
    ...workloadColumns(selectorColumn),
  ],
  (ds, now) => {
    const s = ds.status ?? {};
    return {
      cells: [
        ds.metadata.name ?? '',
        s.desiredNumberScheduled ?? 0,
        s.currentNumberScheduled ?? 0,
        s.numberReady ?? 0,
        s.updatedNumberScheduled ?? 0,
        s.numberAvailable ?? 0,
        formatLabels(ds.spec?.template?.spec?.nodeSelector),
        ...workloadCells(ds, now, ds.spec?.template, formatLabelSelector(ds.spec?.selector)),
      ],
    };
  },
);

export const controllerRevisionTableConvertor = newTableConvertor<ControllerRevision>(
  [
    nameColumn,
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', 'The revision number.'),
    ageColumn,
  ],
  (cr, now) => {
    const owner = (cr.metadata.ownerReferences ?? []).find((r) => r.controller === true);
    let controller = '<none>';
    if (owner) {
      const group = owner.apiVersion.includes('/') ? owner.apiVersion.slice(0, owner.apiVersion.indexOf('/')) : '';
      controller = `${(group ? `${owner.kind}.${group}` : owner.kind).toLowerCase()}/${owner.name}`;
    }
    return { cells: [cr.metadata.name ?? '', controller, cr.revision ?? 0, age(cr, now)] };
  },
);

function jobCondition(job: Job, type: string): boolean {
  const c = (job.status?.conditions ?? []).find((x) => x.type === type);
  return c?.status === 'True';
}

export const jobTableConvertor = newTableConvertor<Job>(
  [
    nameColumn,
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    column('Duration', 'string', 'Time required to complete the job.'),
    ...workloadColumns(selectorColumn),
  ],
  (job, now) => {
    const spec = job.spec ?? {};
    const st = job.status ?? {};
    const succeeded = st.succeeded ?? 0;
    let completions: string;
    if (spec.completions !== undefined && spec.completions !== null) completions = `${succeeded}/${spec.completions}`;
    else completions = (spec.parallelism ?? 0) > 1 ? `${succeeded}/1 of ${spec.parallelism ?? 0}` : `${succeeded}/1`;
    let duration = '';
    if (st.startTime)
      duration = humanDuration(
        (st.completionTime ? Date.parse(st.completionTime) : now.getTime()) - Date.parse(st.startTime),
      );
    let status = 'Running';
    if (jobCondition(job, 'Complete')) status = 'Complete';
    else if (jobCondition(job, 'Failed')) status = 'Failed';
    else if (job.metadata.deletionTimestamp) status = 'Terminating';
    else if (jobCondition(job, 'Suspended')) status = 'Suspended';
    else if (jobCondition(job, 'FailureTarget')) status = 'FailureTarget';
    return {
      cells: [
        job.metadata.name ?? '',
        status,
        completions,
        duration,
        ...workloadCells(job, now, spec.template, formatLabelSelector(spec.selector)),
      ],
    };
  },
);

export const cronJobTableConvertor = newTableConvertor<CronJob>(
  [
    nameColumn,
    column('Schedule', 'string', 'The schedule in Cron format.'),
    column('Timezone', 'string', 'The time zone the schedule is read in.'),
    column('Suspend', 'boolean', 'Whether subsequent runs are suspended.'),
    column('Active', 'integer', 'Number of currently running jobs.'),
    column('Last Schedule', 'string', 'When a job was last scheduled.'),
    ...workloadColumns(selectorColumn),
  ],
  (cj, now) => {
    const spec = cj.spec ?? {};
    const last = cj.status?.lastScheduleTime ? translateTimestampSince(cj.status.lastScheduleTime, now) : '<none>';
    return {
      cells: [
        cj.metadata.name ?? '',
        spec.schedule ?? '',
        spec.timeZone ?? '<none>',
        spec.suspend === undefined || spec.suspend === null ? '<unset>' : spec.suspend ? 'True' : 'False',
        (cj.status?.active ?? []).length,
        last,
        ...workloadCells(
          cj,
          now,
          spec.jobTemplate?.spec?.template,
          formatLabelSelector(spec.jobTemplate?.spec?.selector),
        ),
      ],
    };
  },
);

export const podDisruptionBudgetTableConvertor = newTableConvertor<PodDisruptionBudget>(
  [
    nameColumn,
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn,
  ],
  (pdb, now) => {
    const s = pdb.spec ?? {};
    const text = (v: unknown) => (v === undefined || v === null ? 'N/A' : String(v));
    return {
      cells: [
        pdb.metadata.name ?? '',
        text(s.minAvailable),
        text(s.maxUnavailable),
        pdb.status?.disruptionsAllowed ?? 0,
        age(pdb, now),
      ],
    };
  },
);
