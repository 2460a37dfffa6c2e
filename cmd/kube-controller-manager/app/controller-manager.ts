/**
 * kube-controller-manager: the app module (mirrors cmd/kube-controller-manager/app/controllermanager.go).
 * The standalone main, `hyperkube kube-controller-manager` and `hyperkube server` all run it.
 *
 *   flags ─▶ newConfig (validate, load the kubeconfig) ─▶ run:
 *     leader election on the Lease kube-system/kube-controller-manager (unless --leader-elect=false)
 *       └ leading ─▶ controller context (waits for /healthz) ─▶ each enabled controller's init ─▶ start informers
 *     SIGTERM ─▶ controllers and informers stop ─▶ exit 0;  lease lost ─▶ "leaderelection lost", exit 1
 */
import { readFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { aggregateError } from '../../../pkg/cli/errors.js';
import {
  logClientComponentConfig,
  newClientComponentConfig,
  stopReason,
  validateLeaderElection,
  type ClientComponentConfig,
} from '../../../pkg/client/component-config.js';
import { runWithLeaderElection } from '../../../pkg/client/leader-election.js';
import { newClientsetForConfig } from '../../../pkg/client/kubernetes/clientset.js';
import { newEventBroadcaster, newEventSink } from '../../../pkg/client/tools/record/event.js';
import { applyLogOptions } from '../../../pkg/klog/flags.js';
import * as klog from '../../../pkg/klog/klog.js';
import { setupSignalHandler } from '../../../pkg/server/signal.js';
import { untilAborted } from '../../../pkg/util/wait.js';
import { kubernetesGitVersion } from '../../../pkg/version/version.js';
import { knownControllerList } from '../names/controller-names.js';
import {
  canonicalControllers,
  isControllerEnabled,
  newControllerDescriptors,
  validateControllers,
} from './controller-descriptors.js';
import type { ControllerDescriptor, ControllerOptions, RunningController } from './controller-context.js';
import { controllerUserAgent, createControllerContext } from './context.js';
import { addFlags, concurrencyFlags, type ControllerManagerFlags } from './options/options.js';

export const controllerManagerDescription =
  'The Kubernetes controller manager runs the control loops that move the cluster towards the state its objects describe. ' +
  'Each controller watches the apiserver and acts on what it sees: this release empties deleted namespaces, ' +
  'collects garbage by owner references, keeps a default ServiceAccount and the kube-root-ca.crt ConfigMap in every ' +
  'namespace and keeps aggregated ClusterRoles current.';

/** Everything run() needs, already validated. */
export interface CompletedConfig extends ClientComponentConfig {
  /** --controllers, aliases replaced by canonical names. */
  controllers: string[];
  options: ControllerOptions;
}

export function addControllerManagerFlags<T>(argv: Argv<T>): Argv<T & ControllerManagerFlags> {
  return addFlags(argv, knownControllerList);
}

export function newControllerManagerCommand(): CommandModule<object, ControllerManagerFlags> {
  return {
    command: 'kube-controller-manager',
    describe: controllerManagerDescription,
    builder: (argv) => addControllerManagerFlags(argv),
    handler: async (opts) => {
      applyLogOptions(opts);
      await run(newConfig(opts), setupSignalHandler());
    },
  };
}

/** Validates the options and loads the client configuration; throws with every problem found. */
export function newConfig(opts: ControllerManagerFlags, env: NodeJS.ProcessEnv = process.env): CompletedConfig {
  const errs = [...validateControllers(opts.controllers)];
  let rootCA: string | undefined;
  if (opts['root-ca-file'] !== undefined) {
    try {
      rootCA = readCA(opts['root-ca-file']);
    } catch (err) {
      errs.push(
        `error parsing root-ca-file at ${opts['root-ca-file']}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  const base = (() => {
    try {
      return newClientComponentConfig(opts, env);
    } catch (err) {
      errs.push(err instanceof Error ? err.message : String(err));
      return undefined;
    }
  })();
  if (base) errs.push(...validateLeaderElection(base.leaderElection));
  const err = aggregateError(errs);
  if (err || !base) throw err ?? new Error('invalid configuration');
  return {
    ...base,
    controllers: canonicalControllers(opts.controllers),
    options: {
      minResyncPeriodMs: opts['min-resync-period'],
      concurrentSyncs: new Map(concurrencyFlags.map((c) => [c.controller, opts[c.flag]])),
      rateLimit: { qps: opts['kube-api-qps'], burst: opts['kube-api-burst'] },
      namespaceSyncPeriodMs: opts['namespace-sync-period'],
      enableGarbageCollector: opts['enable-garbage-collector'],
      rootCA: rootCA ?? base.client.tlsClientConfig.caData?.toString('utf8'),
    },
  };
}

/** A CA bundle file: readable, and PEM certificates (upstream readCA). */
function readCA(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `open ${file}: no such file or directory` : String(err));
  }
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(text)) {
    throw new Error('data does not contain any valid RSA or ECDSA certificates');
  }
  return text;
}

export interface RunDeps {
  /** What a fatal error after start (lease lost, controllers failing to start) does; default process.exit. */
  exit?: (code: number) => void;
  /** The implemented controllers (default: every descriptor of this release). */
  descriptors?: Map<string, ControllerDescriptor>;
  /** How long to wait for the apiserver's /healthz before giving up (default 10 s). */
  apiServerWaitMs?: number;
}

/** Runs until `signal` aborts, then returns after the controllers stopped. */
export async function run(c: CompletedConfig, signal: AbortSignal, deps: RunDeps = {}): Promise<void> {
  klog.info('Starting kube-controller-manager', { version: kubernetesGitVersion, server: c.client.host });
  logClientComponentConfig(c);
  const exit = deps.exit ?? ((code: number) => process.exit(code));
  // The client's timers do not hold the process open (a candidate waiting for the lease would
  // otherwise exit with nothing left to do): this does, until the component stops.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  const descriptors = deps.descriptors ?? newControllerDescriptors();
  const eventClient = newClientsetForConfig({ ...c.client, userAgent: controllerUserAgent('event-broadcaster') });
  const broadcaster = newEventBroadcaster({ sink: newEventSink(eventClient), logVerbosity: 0 });

  const runControllers = async (leading: AbortSignal) => {
    const built = await createControllerContext(
      {
        client: c.client,
        options: c.options,
        broadcaster,
        ...(deps.apiServerWaitMs ? { apiServerWaitMs: deps.apiServerWaitMs } : {}),
      },
      leading,
    );
    const running = await startControllers(built.ctx, descriptors, c.controllers);
    built.startInformers();
    await untilAborted(leading);
    await Promise.all(running.map((r) => r.done.catch((err: unknown) => klog.error(err, 'Controller failed'))));
    await built.close();
  };
  // Upstream exits on any failure to build the context or start a controller (klog.FlushAndExit).
  const fatal = (err: unknown, what: string) => {
    klog.error(err, what);
    exit(1);
  };
  try {
    if (!c.leaderElection.leaderElect) {
      await runControllers(signal).catch((err: unknown) => {
        if (!signal.aborted) throw err;
      });
    } else {
      const le = c.leaderElection;
      const leClient = newClientsetForConfig({ ...c.client, userAgent: controllerUserAgent('leader-election') });
      try {
        await runWithLeaderElection(
          {
            component: le.resourceName,
            namespace: le.resourceNamespace,
            clientset: leClient,
            leaseDurationMs: le.leaseDurationMs,
            renewDeadlineMs: le.renewDeadlineMs,
            retryPeriodMs: le.retryPeriodMs,
            recorder: broadcaster.newRecorder({ component: 'kube-controller-manager' }),
            exit,
            run: (leading) =>
              runControllers(leading).catch((err: unknown) => {
                if (!leading.aborted) fatal(err, 'Error starting controllers');
              }),
          },
          signal,
        );
      } finally {
        await leClient.close();
      }
    }
  } finally {
    clearInterval(keepAlive);
    await broadcaster.shutdown();
    await eventClient.close();
  }
  klog.info('Stopping kube-controller-manager', { reason: stopReason(signal) });
}

/** Initializes every enabled controller (upstream StartControllers); throws when one fails to start. */
export async function startControllers(
  ctx: Parameters<ControllerDescriptor['init']>[0],
  descriptors: ReadonlyMap<string, ControllerDescriptor>,
  controllers: readonly string[],
): Promise<RunningController[]> {
  const running: RunningController[] = [];
  const notImplemented: string[] = [];
  for (const known of knownControllerList) {
    const enabled = isControllerEnabled(known.name, known.disabledByDefault ?? false, controllers);
    const descriptor = descriptors.get(known.name);
    if (!enabled) {
      klog.info('Warning: controller is disabled', { controller: known.name });
      continue;
    }
    if (!descriptor) {
      notImplemented.push(known.name);
      continue;
    }
    klog.v(1).info('Starting controller', { controller: known.name });
    let started: RunningController | undefined;
    try {
      started = await descriptor.init(ctx);
    } catch (err) {
      klog.error(err, 'Error starting controller', { controller: known.name });
      throw err;
    }
    if (!started) {
      klog.info('Warning: skipping controller', { controller: known.name });
      continue;
    }
    running.push(started);
    klog.info('Started controller', { controller: known.name });
  }
  if (notImplemented.length > 0) {
    klog.info('Skipping controllers this release does not implement', { controllers: notImplemented });
  }
  return running;
}
