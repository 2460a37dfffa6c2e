/**
 * `hyperkube server`: the whole control plane in one process, as k3s's `server` runs it:
 * kube-apiserver, kube-controller-manager and kube-scheduler, each its own app module with its
 * own flags, the last two talking to the first over loopback HTTPS under their own client
 * certificates (CN system:kube-controller-manager / system:kube-scheduler, signed by the cluster CA).
 *
 *   hyperkube server [kube-apiserver flags] [--kube-controller-manager-arg=KEY=VALUE]… [--kube-scheduler-arg=KEY=VALUE]…
 *
 *   validate every component's flags ─▶ PKI and the components' kubeconfigs in --data-dir
 *     ─▶ kube-apiserver ─▶ /readyz ─▶ kube-controller-manager, kube-scheduler
 *   SIGTERM ─▶ controller manager and scheduler stop ─▶ apiserver stops ─▶ exit 0; a second signal exits 1 at once
 *
 * It lives in hyperkube/ rather than cmd/: it is no upstream binary, only a way to run the three
 * that hyperkube already carries (k3s's `server` is likewise a subcommand of its one binary).
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { complete, type CompletedOptions } from '../cmd/kube-apiserver/app/options/completion.js';
import {
  addFlags as addAPIServerFlags,
  fromArgv,
  type ServerRunFlags,
} from '../cmd/kube-apiserver/app/options/options.js';
import { validate } from '../cmd/kube-apiserver/app/options/validation.js';
import { run as runAPIServer } from '../cmd/kube-apiserver/app/server.js';
import {
  addControllerManagerFlags,
  newConfig as newControllerManagerConfig,
  run as runControllerManager,
  type CompletedConfig as ControllerManagerConfig,
} from '../cmd/kube-controller-manager/app/controller-manager.js';
import {
  addSchedulerFlags,
  newConfig as newSchedulerConfig,
  run as runScheduler,
  type CompletedConfig as SchedulerConfig,
} from '../cmd/kube-scheduler/app/server.js';
import { aggregateError } from '../pkg/cli/errors.js';
import { runCommand, type RunIO } from '../pkg/cli/run.js';
import { RESTClient } from '../pkg/client/rest/client.js';
import { writeKubeconfig } from '../pkg/controlplane/kubeconfig.js';
import {
  controllerManagerUser,
  ensurePKI,
  schedulerUser,
  servingHosts,
  type ControlPlanePKI,
} from '../pkg/controlplane/pki/pki.js';
import { applyLogOptions } from '../pkg/klog/flags.js';
import * as klog from '../pkg/klog/klog.js';
import { joinHostPort } from '../pkg/server/secure-serving.js';
import { setupSignalHandler } from '../pkg/server/signal.js';
import { sleep } from '../pkg/util/wait.js';

export const serverDescription =
  'Runs the whole control plane in one process: kube-apiserver, kube-controller-manager and kube-scheduler. ' +
  'The server takes every kube-apiserver flag; the other two components get theirs with --kube-controller-manager-arg and --kube-scheduler-arg (KEY=VALUE, repeatable, as k3s takes them), and reach the apiserver over loopback HTTPS with client certificates generated from the cluster CA.';

export interface ServerFlags extends ServerRunFlags {
  'kube-controller-manager-arg': string[];
  'kube-scheduler-arg': string[];
}

/** Flags the process shares: one logger, configured by the server's own --v and --logging-format. */
const processWideFlags = new Set(['v', 'logging-format']);
/** Flags the server sets itself for its components: where the apiserver is and who they are. */
const serverOwnedFlags = new Set(['kubeconfig', 'master']);

export function newServerCommand(io?: RunIO): CommandModule<object, ServerFlags> {
  return {
    command: 'server',
    describe: serverDescription,
    builder: (argv) => addServerFlags(argv),
    handler: async (flags) => {
      applyLogOptions(flags);
      await runServer(flags, setupSignalHandler(), io);
    },
  };
}

function addServerFlags<T>(argv: Argv<T>): Argv<T & ServerFlags> {
  return addAPIServerFlags(argv)
    .option('kube-controller-manager-arg', {
      type: 'array',
      string: true,
      default: [] as string[],
      describe: 'A kube-controller-manager flag, as KEY=VALUE (or --KEY=VALUE); repeat for more.',
      group: 'Server flags:',
    })
    .option('kube-scheduler-arg', {
      type: 'array',
      string: true,
      default: [] as string[],
      describe: 'A kube-scheduler flag, as KEY=VALUE (or --KEY=VALUE); repeat for more.',
      group: 'Server flags:',
    }) as Argv<T & ServerFlags>;
}

/**
 * `--kube-controller-manager-arg` values as command-line flags: `controllers=*,-foo` →
 * `--controllers=*,-foo`. Logging flags and the connection flags the server sets are refused.
 */
export function componentArgs(serverFlag: string, values: readonly string[]): { args: string[]; errs: string[] } {
  const args: string[] = [];
  const errs: string[] = [];
  for (const value of values) {
    const arg = value.startsWith('-') ? value : `--${value}`;
    const name = arg.replace(/^-+/, '').split('=')[0] ?? '';
    if (processWideFlags.has(name)) {
      errs.push(
        `--${serverFlag}=${value}: logging flags apply to the whole process; set --${name} on hyperkube server`,
      );
    } else if (serverOwnedFlags.has(name)) {
      errs.push(`--${serverFlag}=${value}: hyperkube server connects its components to its own apiserver`);
    } else {
      args.push(arg);
    }
  }
  return { args, errs };
}

/**
 * Parses a component's arguments with its own flag set and validation (exactly what its binary
 * would accept), returning its completed configuration, or undefined after printing why not.
 */
async function parseComponent<F, C>(
  name: string,
  addFlags: (argv: Argv<object>) => Argv<F>,
  newConfig: (flags: ArgumentsCamelCase<F>) => C,
  args: readonly string[],
  io: RunIO | undefined,
): Promise<C | undefined> {
  let config: C | undefined;
  const command: CommandModule<object, F> = {
    command: name,
    builder: addFlags,
    handler: (flags) => {
      config = newConfig(flags);
    },
  };
  const code = await runCommand(command, args, name, io);
  return code === 0 ? config : undefined;
}

/** Where a component's kubeconfig lives, beside the admin's (k3s keeps them under server/cred). */
function componentKubeconfigPath(opts: CompletedOptions, component: string): string {
  return path.join(opts.dataDir, `${component}.kubeconfig`);
}

/** Writes the kubeconfigs the controller manager and scheduler use to reach the apiserver over loopback. */
function writeComponentKubeconfigs(
  opts: CompletedOptions,
  pki: ControlPlanePKI,
): { controllerManager: string; scheduler: string } {
  const { bindAddress, bindPort, tlsCertFile } = opts.secureServing;
  const host = bindAddress === '0.0.0.0' || bindAddress === '::' ? '127.0.0.1' : bindAddress;
  const server = `https://${joinHostPort(host, bindPort)}`;
  // With a user-provided serving certificate our CA did not sign it: trust the certificate itself.
  const caPEM = tlsCertFile === undefined ? pki.ca.certPEM : readFileSync(tlsCertFile, 'utf8');
  const write = (component: string, user: string, pair: ControlPlanePKI['admin']) => {
    const file = componentKubeconfigPath(opts, component);
    writeKubeconfig(file, {
      name: 'hyperkube',
      user,
      server,
      caPEM,
      clientCertPEM: pair.certPEM,
      clientKeyPEM: pair.keyPEM,
    });
    return file;
  };
  return {
    controllerManager: write('controller-manager', controllerManagerUser, pki.controllerManager),
    scheduler: write('scheduler', schedulerUser, pki.scheduler),
  };
}

/** Runs the three components until `signal` aborts; throws when one of them fails. */
export async function runServer(flags: ServerFlags, signal: AbortSignal, io?: RunIO): Promise<void> {
  const opts = complete(fromArgv(flags));
  const kcm = componentArgs('kube-controller-manager-arg', flags['kube-controller-manager-arg']);
  const sched = componentArgs('kube-scheduler-arg', flags['kube-scheduler-arg']);
  const err = aggregateError([...validate(opts), ...kcm.errs, ...sched.errs]);
  if (err) throw err;

  const pki = await ensurePKI(opts.certDir, servingHosts(opts.advertiseAddress));
  const kubeconfigs = writeComponentKubeconfigs(opts, pki);
  // The components' own arguments come last, so that they win over the server's defaults.
  const kcmConfig = await parseComponent<Parameters<typeof newControllerManagerConfig>[0], ControllerManagerConfig>(
    'kube-controller-manager',
    addControllerManagerFlags,
    (f) => newControllerManagerConfig(f),
    [`--kubeconfig=${kubeconfigs.controllerManager}`, ...kcm.args],
    io,
  );
  const schedConfig = await parseComponent<Parameters<typeof newSchedulerConfig>[0], SchedulerConfig>(
    'kube-scheduler',
    addSchedulerFlags,
    (f) => newSchedulerConfig(f),
    [`--kubeconfig=${kubeconfigs.scheduler}`, ...sched.args],
    io,
  );
  if (!kcmConfig || !schedConfig) throw new Error('invalid component flags (see above)');

  const apiStop = new AbortController();
  const componentStop = new AbortController();
  let failure: unknown;
  const fail = (e: unknown) => {
    failure ??= e;
    componentStop.abort(e);
  };
  if (signal.aborted) componentStop.abort(signal.reason);
  else signal.addEventListener('abort', () => componentStop.abort(signal.reason), { once: true });
  // Each component returns once asked to stop; one that returns before that has failed.
  const watch = (name: string, done: Promise<void>) =>
    done.then(() => {
      if (!componentStop.signal.aborted) fail(new Error(`${name} stopped`));
    }, fail);
  const apiserver = watch('kube-apiserver', runAPIServer(opts, apiStop.signal));
  try {
    if (await waitForReady(kcmConfig.client, componentStop.signal)) {
      await Promise.all([
        watch('kube-controller-manager', runControllerManager(kcmConfig, componentStop.signal)),
        watch('kube-scheduler', runScheduler(schedConfig, componentStop.signal)),
      ]);
    }
  } finally {
    // The apiserver goes last, so the others stop while it still answers them.
    apiStop.abort(componentStop.signal.reason);
    await apiserver;
  }
  if (failure !== undefined) throw failure;
}

/**
 * Polls the apiserver's /readyz over loopback (as the controller manager will reach it) until it
 * answers ok; false when `signal` aborted first (the apiserver failed or a stop was asked).
 */
async function waitForReady(config: ControllerManagerConfig['client'], signal: AbortSignal): Promise<boolean> {
  const rest = new RESTClient({ ...config, qps: -1 });
  try {
    while (!signal.aborted) {
      const ready = await rest.requestRaw({ method: 'GET', path: '/readyz', signal }).then(
        () => true,
        () => false,
      );
      if (ready) {
        klog.info('kube-apiserver is ready; starting kube-controller-manager and kube-scheduler');
        return true;
      }
      await sleep(100, signal);
    }
    return false;
  } finally {
    await rest.close();
  }
}
