/**
 * GenericAPIServer (mirrors apiserver's server/genericapiserver.go): one server of the chain, with
 * its own routes, health checks and post-start hooks, delegating what it does not serve to the
 * next. Only the head of the chain runs: `prepareRun()` then `run(signal)`.
 *
 * Shutdown, as upstream's RunWithContext orders it:
 *
 *   stop signal ──► ShutdownInitiated ── /readyz fails ([-]shutdown)
 *                        │ wait --shutdown-delay-duration
 *                        ▼
 *                 AfterShutdownDelayDuration ── close the listener
 *                        ▼
 *                 NotAcceptingNewRequest ── answers say Connection: close; connections close once idle
 *                        │ wait for in-flight non-watch requests (≤ --shutdown-timeout)
 *                        ▼
 *                 InFlightRequestsDrained ── watches end cleanly (the stream closes, no reset)
 *                        │ wait for every connection to close (≤ --shutdown-timeout)
 *                        ▼
 *                 HTTPServerStoppedListening ── pre-shutdown hooks, then run() returns
 */
import { newPathNotFound } from '../api/errors/errors.js';
import { groupsRootHandler, legacyRootHandler } from '../endpoints/discovery/root.js';
import { newAPIHandler } from '../endpoints/installer.js';
import type { APIGroupInfo } from '../registry/rest/catalog.js';
import type { StructuralLookup } from '../runtime/structural/structural.js';
import { writeError, writeJSON } from '../endpoints/handlers/responsewriters/writers.js';
import * as klog from '../klog/klog.js';
import { formatDuration } from '../util/duration.js';
import type { CompletedConfig } from './config.js';
import { PathRecorderMux, type HandlerFunc } from './mux/mux.js';
import { installPathHandler, logHealthz, pingHealthz, signalHealthz, type HealthChecker } from './healthz/healthz.js';

/** Work to start once the server is serving; it gets a signal that aborts on shutdown. */
export type PostStartHook = (signal: AbortSignal) => Promise<void>;
export type PreShutdownHook = () => Promise<void>;

/** What a server exposes to the server that delegates to it. */
export interface DelegationTarget {
  /** The routes of this server and its delegates, without filters: the chain's head applies those once. */
  readonly unprotectedHandler: HandlerFunc;
  readonly postStartHooks: ReadonlyMap<string, PostStartHook>;
  readonly preShutdownHooks: ReadonlyMap<string, PreShutdownHook>;
  readonly healthChecks: readonly HealthChecker[];
  readonly readyzChecks: readonly HealthChecker[];
  listedPaths(): string[];
}

/** The end of every chain: answers a Status 404 for anything no server handles. */
export function newNotFoundDelegate(): DelegationTarget {
  return {
    unprotectedHandler: (req, res) => writeError(res, newPathNotFound(), req),
    postStartHooks: new Map(),
    preShutdownHooks: new Map(),
    healthChecks: [],
    readyzChecks: [],
    listedPaths: () => [],
  };
}

export interface APIGroupsOptions {
  /** Discovery priority of each group (higher first); see APICatalog. */
  groupPriority: (group: string) => number;
  /** Schemas of the kinds served, for pruning and field validation. */
  schemas?: StructuralLookup;
}

export class GenericAPIServer implements DelegationTarget {
  /** This server's own routes; anything else goes to the delegate. */
  readonly mux: PathRecorderMux;
  /** The filter chain around the mux: what the listener runs when this server is the head. */
  readonly handler: HandlerFunc;
  readonly postStartHooks = new Map<string, PostStartHook>();
  readonly preShutdownHooks = new Map<string, PreShutdownHook>();
  private readonly checks: HealthChecker[] = [];
  private readonly readyOnly: HealthChecker[] = [];
  private readonly completedHooks = new Set<string>();

  constructor(
    readonly name: string,
    readonly config: CompletedConfig,
    readonly delegate: DelegationTarget,
  ) {
    this.mux = new PathRecorderMux(name, delegate.unprotectedHandler);
    this.handler = config.buildHandlerChain(this.mux.serveHTTP);
    // Hooks and checks of delegates run as part of the head server, as upstream's New() merges them.
    for (const [hookName, hook] of delegate.postStartHooks) this.postStartHooks.set(hookName, hook);
    for (const [hookName, hook] of delegate.preShutdownHooks) this.preShutdownHooks.set(hookName, hook);
    // The config's checks, then the delegates' under names not taken yet (as upstream's New()).
    mergeByName(this.checks, [...config.healthChecks, ...delegate.healthChecks]);
    mergeByName(this.readyOnly, [...(config.readyzChecks ?? []), ...delegate.readyzChecks]);
  }

  get unprotectedHandler(): HandlerFunc {
    return this.mux.serveHTTP;
  }

  get healthChecks(): readonly HealthChecker[] {
    return this.checks;
  }

  get readyzChecks(): readonly HealthChecker[] {
    return this.readyOnly;
  }

  listedPaths(): string[] {
    return [...new Set([...this.mux.listedPaths(), ...this.delegate.listedPaths()])].sort();
  }

  /**
   * Serves `groups` from this server (mirrors InstallAPIGroups and InstallLegacyAPIGroup): they
   * join the chain's catalog owned by this server, which from then on answers their discovery
   * documents and resource requests. The core group ('') also gets `/api`. Group versions added to
   * the catalog later under this server's name (custom resources) are served the same way.
   */
  installAPIGroups(groups: readonly APIGroupInfo[], options: APIGroupsOptions): void {
    this.serveCatalog();
    for (const group of groups) {
      const priority = options.groupPriority(group.group);
      this.config.catalog.setGroup(group, this.name, priority, options.schemas);
      if (group.group === '' && !this.mux.serves('/api')) {
        this.mux.handle('/api', legacyRootHandler(this.config.catalog, this.config.externalAddress));
      }
    }
  }

  /** Routes /api/ and /apis/ through the catalog: this server's group versions here, the rest to the delegate. */
  serveCatalog(): void {
    if (this.mux.serves('/apis/')) return;
    const handler = newAPIHandler(this.config.catalog, this.name, this.delegate.unprotectedHandler);
    this.mux.handlePrefix('/api/', handler);
    this.mux.handlePrefix('/apis/', handler);
  }

  /** Serves `/apis`, the list of every group of the chain (upstream's aggregator serves it). */
  installGroupsRoot(): void {
    this.mux.handle('/apis', groupsRootHandler(this.config.catalog));
  }

  addHealthChecks(...checks: HealthChecker[]): void {
    this.checks.push(...checks);
  }

  /** Registers work to run once serving; /readyz reports poststarthook/<name> failed until it completes. */
  addPostStartHook(name: string, hook: PostStartHook): void {
    if (this.postStartHooks.has(name))
      throw new Error(`unable to add ${JSON.stringify(name)} because it was already registered`);
    this.postStartHooks.set(name, hook);
  }

  addPreShutdownHook(name: string, hook: PreShutdownHook): void {
    if (this.preShutdownHooks.has(name))
      throw new Error(`unable to add ${JSON.stringify(name)} because it was already registered`);
    this.preShutdownHooks.set(name, hook);
  }

  /** Installs what only the head server serves (health, version, the path index); mirrors PrepareRun. */
  prepareRun(): PreparedGenericAPIServer {
    const lifecycle = this.config.lifecycleSignals;
    const base = [pingHealthz, logHealthz(), ...this.checks];
    const hookChecks = [...this.postStartHooks.keys()].map((hookName) => ({
      name: `poststarthook/${hookName}`,
      check: () => {
        if (!this.completedHooks.has(hookName)) throw new Error('not finished');
      },
    }));
    const live = [...base, ...hookChecks];
    // Only readiness reflects shutdown: a stopping server is alive but should get no new traffic.
    const ready = [
      ...base,
      ...this.readyOnly,
      ...hookChecks,
      signalHealthz('shutdown', lifecycle.shutdownInitiated.signal, 'process is shutting down'),
    ];
    installPathHandler(this.mux, 'healthz', () => live);
    installPathHandler(this.mux, 'livez', () => live);
    installPathHandler(this.mux, 'readyz', () => ready);
    const version = this.config.version;
    this.mux.handle('/version', (_req, res) => writeJSON(res, 200, version, true));
    this.mux.handle('/', (_req, res) => writeJSON(res, 200, { paths: this.listedPaths() }, true));
    return new PreparedGenericAPIServer(this, this.completedHooks);
  }
}

function mergeByName(into: HealthChecker[], checks: readonly HealthChecker[]): void {
  for (const check of checks) if (!into.some((c) => c.name === check.name)) into.push(check);
}

/** A server that has been prepared: only this type can run, as upstream's preparedGenericAPIServer. */
export class PreparedGenericAPIServer {
  constructor(
    private readonly server: GenericAPIServer,
    private readonly completedHooks: Set<string>,
  ) {}

  /** Serves until `signal` aborts, then shuts down gracefully (see the diagram above) and returns. */
  async run(signal: AbortSignal): Promise<void> {
    const { config } = this.server;
    const lifecycle = config.lifecycleSignals;
    const delayedStop = new AbortController();
    const onSignal = (): void => {
      klog.info('[graceful-termination] shutdown event', { name: lifecycle.shutdownInitiated.name });
      lifecycle.shutdownInitiated.fire();
      setTimeout(() => {
        klog.info('[graceful-termination] shutdown event', {
          name: lifecycle.afterShutdownDelayDuration.name,
          delay: formatDuration(config.shutdownDelayDurationMs),
        });
        lifecycle.afterShutdownDelayDuration.fire();
        delayedStop.abort();
      }, config.shutdownDelayDurationMs);
    };
    if (signal.aborted) onSignal();
    else signal.addEventListener('abort', onSignal, { once: true });

    const serving = this.nonBlockingRun(delayedStop.signal);
    await serving.listenerStopped;
    lifecycle.notAcceptingNewRequest.fire();
    klog.info('[graceful-termination] shutdown event', { name: lifecycle.notAcceptingNewRequest.name });

    const drained = await config.waitGroup.wait(config.shutdownTimeoutMs);
    if (!drained)
      klog.warning('[graceful-termination] in-flight requests did not finish within the shutdown timeout', {
        inFlight: config.waitGroup.inFlight,
      });
    lifecycle.inFlightRequestsDrained.fire();
    klog.info('[graceful-termination] shutdown event', { name: lifecycle.inFlightRequestsDrained.name });
    config.watchTermination.abort(new Error('the server is shutting down'));

    await serving.stopped;
    lifecycle.httpServerStoppedListening.fire();
    klog.info('[graceful-termination] shutdown event', { name: lifecycle.httpServerStoppedListening.name });
    for (const [hookName, hook] of this.server.preShutdownHooks) {
      try {
        await hook();
      } catch (err) {
        klog.error(err, 'PreShutdownHook failed', { name: hookName });
      }
    }
    klog.info('[graceful-termination] apiserver is exiting');
  }

  /** Starts serving and the post-start hooks, and returns without waiting for either (mirrors NonBlockingRun). */
  nonBlockingRun(stopSignal: AbortSignal): { listenerStopped: Promise<void>; stopped: Promise<void> } {
    const { config } = this.server;
    const serving = config.secureServing.serve(this.server.handler, config.shutdownTimeoutMs, stopSignal);
    this.runPostStartHooks(config.lifecycleSignals.shutdownInitiated.signal);
    return serving;
  }

  private runPostStartHooks(signal: AbortSignal): void {
    for (const [name, hook] of this.server.postStartHooks) {
      hook(signal).then(
        () => this.completedHooks.add(name),
        (err: unknown) => {
          if (signal.aborted) return;
          // Fatal, as upstream's klog.Fatalf: a server whose start-up work failed never becomes ready.
          klog.error(err, 'PostStartHook failed', { name });
          process.exit(1);
        },
      );
    }
  }
}
