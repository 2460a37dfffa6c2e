/**
 * kube-apiserver: the app module (upstream cmd/kube-apiserver/app/server.go).
 */
import type { CommandModule } from 'yargs';
import { addLogFlags, applyLogOptions, type LogOptions } from '../../../pkg/klog/flags.js';
import * as klog from '../../../pkg/klog/klog.js';
import { setupSignalHandler } from '../../../pkg/server/signal.js';
import { untilAborted } from '../../../pkg/util/wait.js';

export const apiServerDescription =
  'The Kubernetes API server validates and configures data for the api objects which include pods, services, ' +
  'replicationcontrollers, and others. The API Server services REST operations and provides the frontend to ' +
  "the cluster's shared state through which all other components interact.";

export type ServerRunOptions = LogOptions;

export function newAPIServerCommand(): CommandModule<object, ServerRunOptions> {
  return {
    command: 'kube-apiserver',
    describe: apiServerDescription,
    builder: (argv) => addLogFlags(argv),
    handler: async (opts) => {
      applyLogOptions(opts);
      await run(opts, setupSignalHandler());
    },
  };
}

export async function run(_opts: ServerRunOptions, signal: AbortSignal): Promise<void> {
  klog.info('Starting kube-apiserver');
  await untilAborted(signal);
}
