/**
 * KubeControllerManagerOptions (mirrors cmd/kube-controller-manager/app/options): the flags under
 * upstream's names, defaults and help, grouped as upstream groups them. `addFlags` declares them;
 * newConfig (../controller-manager.ts) validates and completes them.
 */
import type { Argv } from 'yargs';
import { addClientConnectionFlags, type ClientConnectionOptions } from '../../../../pkg/client/connection-options.js';
import {
  addLeaderElectionFlags,
  durationFlag,
  type LeaderElectionOptions,
} from '../../../../pkg/client/leader-election-options.js';
import { addLogFlags, type LogOptions } from '../../../../pkg/klog/flags.js';
import type { KnownController } from '../../names/controller-names.js';

/**
 * Upstream's `--concurrent-*-syncs` worker-count flags: the controller each sizes (its canonical
 * name, the key of ControllerOptions.concurrentSyncs) and upstream's default.
 */
export const concurrencyFlags = [
  {
    flag: 'concurrent-namespace-syncs',
    controller: 'namespace-controller',
    default: 10,
    describe:
      'The number of namespace objects that are allowed to sync concurrently. Larger number = more responsive namespace termination, but more CPU (and network) load',
  },
  {
    flag: 'concurrent-gc-syncs',
    controller: 'garbage-collector-controller',
    default: 20,
    describe: 'The number of garbage collector workers that are allowed to sync concurrently.',
  },
  {
    flag: 'concurrent-deployment-syncs',
    controller: 'deployment-controller',
    default: 5,
    describe:
      'The number of deployment objects that are allowed to sync concurrently. Larger number = more responsive deployments, but more CPU (and network) load',
  },
  {
    flag: 'concurrent-replicaset-syncs',
    controller: 'replicaset-controller',
    default: 5,
    describe:
      'The number of replica sets that are allowed to sync concurrently. Larger number = more responsive replica management, but more CPU (and network) load',
  },
  {
    flag: 'concurrent-rc-syncs',
    controller: 'replicationcontroller-controller',
    default: 5,
    describe:
      'The number of replication controllers that are allowed to sync concurrently. Larger number = more responsive replica management, but more CPU (and network) load',
  },
  {
    flag: 'concurrent-statefulset-syncs',
    controller: 'statefulset-controller',
    default: 5,
    describe:
      'The number of statefulset objects that are allowed to sync concurrently. Larger number = more responsive statefulsets, but more CPU (and network) load',
  },
  {
    flag: 'concurrent-daemonset-syncs',
    controller: 'daemonset-controller',
    default: 2,
    describe:
      'The number of daemonset objects that are allowed to sync concurrently. Larger number = more responsive daemonsets, but more CPU (and network) load',
  },
  {
    flag: 'concurrent-job-syncs',
    controller: 'job-controller',
    default: 5,
    describe:
      'The number of job objects that are allowed to sync concurrently. Larger number = more responsive jobs, but more CPU (and network) load',
  },
  {
    flag: 'concurrent-cron-job-syncs',
    controller: 'cronjob-controller',
    default: 5,
    describe:
      'The number of cron job objects that are allowed to sync concurrently. Larger number = more responsive jobs, but more CPU (and network) load',
  },
  {
    flag: 'concurrent-endpoint-syncs',
    controller: 'endpoints-controller',
    default: 5,
    describe:
      'The number of endpoint syncing operations that will be done concurrently. Larger number = faster endpoint updating, but more CPU (and network) load',
  },
  {
    flag: 'concurrent-service-endpoint-syncs',
    controller: 'endpointslice-controller',
    default: 5,
    describe:
      'The number of service endpoint syncing operations that will be done concurrently. Larger number = faster endpoint slice updating, but more CPU (and network) load. Defaults to 5.',
  },
  {
    flag: 'concurrent-resource-quota-syncs',
    controller: 'resourcequota-controller',
    default: 5,
    describe:
      'The number of resource quotas that are allowed to sync concurrently. Larger number = more responsive quota management, but more CPU (and network) load',
  },
  {
    flag: 'concurrent-ttl-after-finished-syncs',
    controller: 'ttl-after-finished-controller',
    default: 5,
    describe: 'The number of ttl-after-finished-controller workers that are allowed to sync concurrently.',
  },
] as const;

export type ConcurrencyFlagName = (typeof concurrencyFlags)[number]['flag'];

export type ControllerManagerFlags = ClientConnectionOptions &
  LeaderElectionOptions &
  LogOptions & {
    controllers: string[];
    /** Milliseconds. */
    'min-resync-period': number;
    'kube-api-qps': number;
    'kube-api-burst': number;
    'namespace-sync-period': number;
    'enable-garbage-collector': boolean;
    'root-ca-file'?: string | undefined;
  } & Record<ConcurrencyFlagName, number>;

export function addFlags<T>(argv: Argv<T>, known: readonly KnownController[]): Argv<T & ControllerManagerFlags> {
  const all = known.map((c) => c.name).sort();
  const off = known
    .filter((c) => c.disabledByDefault)
    .map((c) => c.name)
    .sort();
  let withFlags: Argv<T & ControllerManagerFlags> = addLogFlags(
    addLeaderElectionFlags(addClientConnectionFlags(argv), 'kube-controller-manager'),
  )
    .option('controllers', {
      type: 'array',
      string: true,
      default: ['*'],
      coerce: splitList,
      describe: `A list of controllers to enable. '*' enables all on-by-default controllers, 'foo' enables the controller named 'foo', '-foo' disables the controller named 'foo'.\nAll controllers: ${all.join(', ')}\nDisabled-by-default controllers: ${off.join(', ')}`,
      group: 'Generic flags:',
    })
    .option('min-resync-period', {
      requiresArg: true,
      default: '12h0m0s',
      coerce: durationFlag('min-resync-period'),
      describe: 'The resync period in reflectors will be random between MinResyncPeriod and 2*MinResyncPeriod.',
      group: 'Generic flags:',
    })
    .option('kube-api-qps', {
      requiresArg: true,
      coerce: numberFlag('kube-api-qps', false),
      default: 20,
      describe: 'QPS to use while talking with kubernetes apiserver.',
      group: 'Generic flags:',
    })
    .option('kube-api-burst', {
      requiresArg: true,
      coerce: numberFlag('kube-api-burst', true),
      default: 30,
      describe: 'Burst to use while talking with kubernetes apiserver.',
      group: 'Generic flags:',
    })
    .option('namespace-sync-period', {
      requiresArg: true,
      default: '5m0s',
      coerce: durationFlag('namespace-sync-period'),
      describe: 'The period for syncing namespace life-cycle updates',
      group: 'Namespace controller flags:',
    })
    .option('enable-garbage-collector', {
      type: 'boolean',
      default: true,
      describe:
        'Enables the generic garbage collector. MUST be synced with the corresponding flag of the kube-apiserver.',
      group: 'Garbagecollector controller flags:',
    })
    .option('root-ca-file', {
      type: 'string',
      requiresArg: true,
      describe:
        "If set, this root certificate authority will be included in service account's token secret. This must be a valid PEM-encoded CA bundle.",
      group: 'Serviceaccount controller flags:',
    }) as Argv<T & ControllerManagerFlags>;
  for (const c of concurrencyFlags) {
    // Each flag is already part of ControllerManagerFlags; yargs' typing would re-derive the type per call.
    withFlags = withFlags.option(c.flag, {
      requiresArg: true,
      coerce: numberFlag(c.flag, true),
      default: c.default,
      describe: c.describe,
      group: 'Controller concurrency flags:',
    }) as Argv<T & ControllerManagerFlags>;
  }
  return withFlags;
}

/** A numeric flag's value; pflag's message (strconv's wording) for one that does not parse. */
function numberFlag(flag: string, integer: boolean): (value: unknown) => number {
  return (value) => {
    const text = String(Array.isArray(value) ? value.at(-1) : value);
    const ok = integer ? /^[+-]?\d+$/.test(text.trim()) : text.trim() !== '' && Number.isFinite(Number(text));
    if (!ok) {
      const fn = integer ? 'strconv.ParseInt' : 'strconv.ParseFloat';
      throw new Error(
        `invalid argument ${JSON.stringify(text)} for "--${flag}" flag: ${fn}: parsing ${JSON.stringify(text)}: invalid syntax`,
      );
    }
    return Number(text);
  };
}

/** A StringSlice flag: repeated and comma-separated values both add entries. */
function splitList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((v) => String(v).split(',')).map((v) => v.trim());
}
