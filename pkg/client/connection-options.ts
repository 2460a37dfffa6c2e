/**
 * How a component finds the apiserver: the `--kubeconfig` / `--master` pair every upstream
 * client component (controller-manager, scheduler) accepts. `buildConfigFromFlags` in
 * client-config.ts turns them into a RESTConfig, and is where they are validated.
 */
import type { Argv } from 'yargs';

export interface ClientConnectionOptions {
  kubeconfig?: string | undefined;
  master?: string | undefined;
}

export function addClientConnectionFlags<T>(argv: Argv<T>): Argv<T & ClientConnectionOptions> {
  return argv
    .option('kubeconfig', {
      type: 'string',
      requiresArg: true,
      describe: 'Path to kubeconfig file with authorization and master location information.',
      group: 'Client connection flags:',
    })
    .option('master', {
      type: 'string',
      requiresArg: true,
      describe: 'The address of the Kubernetes API server (overrides any value in kubeconfig).',
      group: 'Client connection flags:',
    }) as Argv<T & ClientConnectionOptions>;
}
