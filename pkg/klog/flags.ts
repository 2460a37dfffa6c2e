import type { Argv } from 'yargs';
import { configure, type LogFormat } from './klog.js';

/** The logging flags every component accepts, as upstream's component-base/logs. */
export interface LogOptions {
  v: number;
  'logging-format': LogFormat;
}

export function addLogFlags<T>(argv: Argv<T>): Argv<T & LogOptions> {
  return argv
    .option('v', {
      type: 'number',
      default: 0,
      describe: 'number for the log level verbosity',
      group: 'Logs flags:',
    })
    .option('logging-format', {
      choices: ['text', 'json'] as const,
      default: 'text' as LogFormat,
      describe: 'Sets the log format.',
      group: 'Logs flags:',
    }) as Argv<T & LogOptions>;
}

/** Applies parsed logging flags; call first thing in a command handler. */
export function applyLogOptions(opts: LogOptions): void {
  if (!Number.isInteger(opts.v) || opts.v < 0) {
    throw new Error(`invalid value ${String(opts.v)} for --v: must be a non-negative integer`);
  }
  configure({ verbosity: opts.v, format: opts['logging-format'] });
}
