/**
 * The generic API server's configuration (mirrors apiserver's server/config.go): everything a
 * GenericAPIServer needs, completed once and shared by every server of the chain.
 */
import type { AdmissionHandler } from '../admission/interfaces.js';
import type { RequestAuthenticator } from '../authentication/authenticator/interfaces.js';
import type { Authorizer } from '../authorization/authorizer/interfaces.js';
import { APICatalog } from '../endpoints/catalog/catalog.js';
import { versionInfo, type VersionInfo } from '../version/version.js';
import { withAuthentication } from './filters/authentication.js';
import { withAuthorization } from './filters/authorization.js';
import { withMaxInFlightLimit } from './filters/maxinflight.js';
import { withPanicRecovery } from './filters/panic-recovery.js';
import { withRequestInfo } from './filters/request-info.js';
import { withTimeout } from './filters/timeout.js';
import { RequestWaitGroup, withWaitGroup } from './filters/waitgroup.js';
import type { Filter, HandlerFunc } from './mux/mux.js';
import type { HealthChecker } from './healthz/healthz.js';
import { newLifecycleSignals, type LifecycleSignals } from './lifecycle-signals.js';
import type { SecureServingInfo } from './secure-serving.js';

export interface Config {
  secureServing: SecureServingInfo;
  authenticator: RequestAuthenticator;
  anonymousAuth: boolean;
  /** Decides every request after authentication, in every server of the chain (and the access reviews). */
  authorizer: Authorizer;
  /** Admission for every write the servers' stores make (mutating, then validating plugins). */
  admission: AdmissionHandler;
  /** --request-timeout for non-long-running requests. */
  requestTimeoutMs: number;
  /** --max-requests-inflight: reads (get, list) served at once, 0 for no limit. */
  maxRequestsInFlight: number;
  /** --max-mutating-requests-inflight: writes served at once, 0 for no limit. */
  maxMutatingRequestsInFlight: number;
  /** --shutdown-delay-duration: how long /readyz fails before the listener closes. */
  shutdownDelayDurationMs: number;
  /** --shutdown-timeout: how long in-flight requests get to finish. */
  shutdownTimeoutMs: number;
  /** Checks every /healthz, /livez and /readyz includes (e.g. `etcd`). */
  healthChecks: HealthChecker[];
  /** Checks only /readyz includes (upstream's AddReadyzChecks, e.g. `etcd-readiness`). */
  readyzChecks?: HealthChecker[];
  /** host:port clients are told to use (`/api`'s serverAddressByClientCIDRs); the listener's address by default. */
  externalAddress?: string;
}

/** A Config with its derived parts, shared by all servers of one process. */
export interface CompletedConfig extends Config {
  lifecycleSignals: LifecycleSignals;
  /** Non-long-running requests in flight. */
  waitGroup: RequestWaitGroup;
  /** Aborted by shutdown once other requests have drained: ends every watch. */
  watchTermination: AbortController;
  buildHandlerChain: (apiHandler: HandlerFunc) => HandlerFunc;
  version: VersionInfo;
  /** Every group version the chain serves: each server registers its own, all look requests up in it. */
  catalog: APICatalog;
  externalAddress: string;
}

export function completeConfig(config: Config): CompletedConfig {
  const lifecycleSignals = newLifecycleSignals();
  const waitGroup = new RequestWaitGroup();
  const watchTermination = new AbortController();
  return {
    ...config,
    lifecycleSignals,
    waitGroup,
    watchTermination,
    version: versionInfo(),
    catalog: new APICatalog(),
    externalAddress: config.externalAddress ?? config.secureServing.address,
    buildHandlerChain: (apiHandler) => defaultBuildHandlerChain(apiHandler, config, waitGroup, watchTermination.signal),
  };
}

/**
 * The filters every request passes, as data, outermost first (mirrors DefaultBuildHandlerChain):
 * panic recovery → request info → wait group → timeout → authentication → max in flight →
 * authorization → the API. The in-flight limit sits inside authentication because who is asking
 * decides whether a full limit refuses the request (system:masters is never refused), and
 * authorization comes last, as upstream's, so a refused request costs no handler work.
 */
function defaultBuildHandlerChain(
  apiHandler: HandlerFunc,
  config: Config,
  waitGroup: RequestWaitGroup,
  watchTermination: AbortSignal,
): HandlerFunc {
  const filters: Filter[] = [
    withPanicRecovery(),
    withRequestInfo(),
    withWaitGroup(waitGroup, watchTermination),
    withTimeout(config.requestTimeoutMs),
    withAuthentication({ authenticator: config.authenticator, anonymous: config.anonymousAuth }),
    withMaxInFlightLimit(config.maxRequestsInFlight, config.maxMutatingRequestsInFlight),
    withAuthorization(config.authorizer),
  ];
  return filters.reduceRight((handler, filter) => filter(handler), apiHandler);
}
