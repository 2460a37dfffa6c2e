/**
 * ServerRunOptions (mirrors k8s.io/apiserver/pkg/server/options/server_run_options.go): what every
 * generic API server is told at start — its advertised address, request timeouts, in-flight
 * limits and the shutdown timings.
 */
import { isIP } from 'node:net';
import type { Argv } from 'yargs';
import { parseDuration } from '../../util/duration.js';
import type { Config } from '../config.js';
import { type OptionGroup, parseIntFlag } from './option-group.js';

export interface ServerRunOptions {
  advertiseAddress?: string | undefined;
  shutdownDelayDuration: string;
  shutdownTimeout: string;
  requestTimeout: string;
  maxRequestsInFlight: number;
  maxMutatingRequestsInFlight: number;
}

export interface ServerRunFlags {
  'advertise-address'?: string | undefined;
  'shutdown-delay-duration': string;
  'shutdown-timeout': string;
  'request-timeout': string;
  'max-requests-inflight': number;
  'max-mutating-requests-inflight': number;
}

const group = 'Generic flags:';

const durationFlags = [
  ['shutdown-delay-duration', 'shutdownDelayDuration'],
  ['shutdown-timeout', 'shutdownTimeout'],
  ['request-timeout', 'requestTimeout'],
] as const;

export const serverRunOptions: OptionGroup<ServerRunFlags, ServerRunOptions> = {
  addFlags<T>(argv: Argv<T>): Argv<T & ServerRunFlags> {
    return argv
      .option('advertise-address', {
        type: 'string',
        describe:
          'The IP address on which to advertise the apiserver to members of the cluster. If blank, the --bind-address will be used, or the host’s first non-loopback IPv4 address if that is unspecified.',
        group: group,
      })
      .option('shutdown-delay-duration', {
        type: 'string',
        default: '0s',
        describe:
          'Time to delay the termination. During that time the server keeps serving requests normally and /readyz returns failure.',
        group: group,
      })
      .option('shutdown-timeout', {
        type: 'string',
        default: '60s',
        describe:
          'How long in-flight requests get to finish during a graceful stop before their connections are closed.',
        group: group,
      })
      .option('request-timeout', {
        type: 'string',
        default: '1m0s',
        describe:
          'An optional field indicating the duration a handler must keep a request open before timing it out. This is the default request timeout for requests but may be overridden by flags such as --min-request-timeout for specific types of requests.',
        group: group,
      })
      .option('max-requests-inflight', {
        requiresArg: true,
        default: 400,
        coerce: (value: unknown) => parseIntFlag('max-requests-inflight', value),
        describe:
          'The maximum number of non-mutating requests in flight at a given time. When the server exceeds this, it rejects requests with 429. Zero for no limit. (API Priority and Fairness is not implemented: this limit always applies.)',
        group: group,
      })
      .option('max-mutating-requests-inflight', {
        requiresArg: true,
        default: 200,
        coerce: (value: unknown) => parseIntFlag('max-mutating-requests-inflight', value),
        describe:
          'The maximum number of mutating requests in flight at a given time. When the server exceeds this, it rejects requests with 429. Zero for no limit.',
        group: group,
      }) as Argv<T & ServerRunFlags>;
  },

  fromFlags(flags) {
    return {
      advertiseAddress: flags['advertise-address'],
      shutdownDelayDuration: flags['shutdown-delay-duration'],
      shutdownTimeout: flags['shutdown-timeout'],
      requestTimeout: flags['request-timeout'],
      maxRequestsInFlight: flags['max-requests-inflight'],
      maxMutatingRequestsInFlight: flags['max-mutating-requests-inflight'],
    };
  },

  validate(opts) {
    const errs: string[] = [];
    if (opts.advertiseAddress !== undefined && isIP(opts.advertiseAddress) === 0) {
      errs.push(`--advertise-address ${JSON.stringify(opts.advertiseAddress)} is not a valid IP address`);
    }
    for (const [flag, field] of durationFlags) {
      try {
        if (parseDuration(opts[field]) < 0) errs.push(`--${flag} can not be negative`);
      } catch (err) {
        errs.push(`--${flag}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (opts.maxRequestsInFlight < 0) errs.push('--max-requests-inflight can not be negative value');
    if (opts.maxMutatingRequestsInFlight < 0) errs.push('--max-mutating-requests-inflight can not be negative value');
    return errs;
  },
};

/** What these options set on the generic config (upstream ServerRunOptions.ApplyTo). */
export type ServerRunConfig = Pick<
  Config,
  | 'requestTimeoutMs'
  | 'shutdownDelayDurationMs'
  | 'shutdownTimeoutMs'
  | 'maxRequestsInFlight'
  | 'maxMutatingRequestsInFlight'
>;

/** Valid options as config values (durations in milliseconds). */
export function applyServerRunTo(opts: ServerRunOptions): ServerRunConfig {
  return {
    requestTimeoutMs: parseDuration(opts.requestTimeout),
    shutdownDelayDurationMs: parseDuration(opts.shutdownDelayDuration),
    shutdownTimeoutMs: parseDuration(opts.shutdownTimeout),
    maxRequestsInFlight: opts.maxRequestsInFlight,
    maxMutatingRequestsInFlight: opts.maxMutatingRequestsInFlight,
  };
}
