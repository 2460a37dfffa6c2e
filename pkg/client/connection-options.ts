/**
 * How a component finds the apiserver: the `--kubeconfig` / `--master` pair every upstream
 * client component (controller-manager, scheduler) accepts.
 */
import { accessSync, constants } from 'node:fs';
import type { Argv } from 'yargs';

export interface ClientConnectionOptions {
  kubeconfig?: string | undefined;
  master?: string | undefined;
}

export function addClientConnectionFlags<T>(argv: Argv<T>): Argv<T & ClientConnectionOptions> {
  return argv
    .option('kubeconfig', {
      type: 'string',
      describe: 'Path to kubeconfig file with authorization and master location information.',
      group: 'Client connection flags:',
    })
    .option('master', {
      type: 'string',
      describe: 'The address of the Kubernetes API server (overrides any value in kubeconfig).',
      group: 'Client connection flags:',
    }) as Argv<T & ClientConnectionOptions>;
}

/** Every problem with the connection flags, empty when they are usable. */
export function validateClientConnection(opts: ClientConnectionOptions): string[] {
  const errs: string[] = [];
  if (opts.kubeconfig !== undefined) {
    try {
      accessSync(opts.kubeconfig, constants.R_OK);
    } catch {
      errs.push(`--kubeconfig: cannot read ${opts.kubeconfig}`);
    }
  }
  if (opts.master !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(opts.master);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      errs.push(`--master: ${JSON.stringify(opts.master)} is not an http(s) URL`);
    }
  }
  if (opts.kubeconfig === undefined && opts.master === undefined) {
    errs.push('neither --kubeconfig nor --master was specified; one is needed to reach the apiserver');
  }
  return errs;
}
