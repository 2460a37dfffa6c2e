/**
 * The logging flags every component accepts, as upstream's component-base/logs/api/v1:
 * `--v=N` (also spelled `-v=N`, `-v N`) and `--logging-format=text|json`.
 */
import type { Argv } from 'yargs';
import { invalid } from '../util/validation/field/errors.js';
import { aggregateError } from '../cli/errors.js';
import { configure, isLogFormat, logFormats } from './klog.js';

const maxVerbosity = 2 ** 31 - 1;

export interface LogOptions {
  v: number;
  'logging-format': string;
}

/**
 * Adds `--v` and `--logging-format` under "Logs flags:". A `--v` value that is not a
 * non-negative integer fails parsing, as pflag's uint flag does; the format is checked by
 * `validateLogOptions` (upstream validates it after parsing, with a field error).
 */
export function addLogFlags<T>(argv: Argv<T>): Argv<T & LogOptions> {
  return argv
    .option('v', {
      // No yargs `type`: a number type would turn `--v=abc` into NaN before we could name `abc`.
      requiresArg: true,
      default: 0,
      coerce: parseVerbosity,
      describe: 'number for the log level verbosity',
      group: 'Logs flags:',
    })
    .option('logging-format', {
      type: 'string',
      requiresArg: true,
      default: 'text',
      describe: `Sets the log format. Permitted formats: ${logFormats.map((f) => JSON.stringify(f)).join(', ')}.`,
      group: 'Logs flags:',
    }) as Argv<T & LogOptions>;
}

/**
 * Parses a `--v` value. Throws `invalid argument "<value>" for "-v, --v" flag: …` (pflag's
 * wording) unless it is a non-negative integer; yargs hands over numbers for numeric strings.
 */
export function parseVerbosity(value: unknown): number {
  // A repeated --v arrives as an array (coerce runs before runCommand keeps the last value).
  const text = String(Array.isArray(value) ? value.at(-1) : value);
  const level = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  // klog's level is an int32, so that is the ceiling, as upstream's validation says.
  if (!(level <= maxVerbosity)) {
    throw new Error(
      `invalid argument ${JSON.stringify(text)} for "-v, --v" flag: must be an integer from 0 to ${maxVerbosity}`,
    );
  }
  return level;
}

/** Every problem with the logging options, worded as upstream's logsapi.Validate; empty when valid. */
export function validateLogOptions(opts: LogOptions): string[] {
  const errs: string[] = [];
  if (!isLogFormat(opts['logging-format'])) {
    errs.push(invalid('format', opts['logging-format'], 'Unsupported log format').toString());
  }
  if (!Number.isInteger(opts.v) || opts.v < 0 || opts.v > maxVerbosity) {
    errs.push(invalid('verbosity', opts.v, `must be an integer from 0 to ${maxVerbosity}`).toString());
  }
  return errs;
}

/**
 * Validates and applies parsed logging flags; call first thing in a command handler, so that
 * everything after it (including the component's own option validation) logs in the final
 * format. Throws one error listing every problem.
 */
export function applyLogOptions(opts: LogOptions): void {
  const err = aggregateError(validateLogOptions(opts));
  if (err) throw err;
  const format = opts['logging-format'];
  if (isLogFormat(format)) configure({ verbosity: opts.v, format });
}
