/**
 * Mirrors apiserver's SetupSignalHandler: the first SIGINT or SIGTERM aborts the returned signal,
 * which starts a graceful stop; a second one means "stop now" and exits with code 1 at once.
 */
const shutdownSignals = ['SIGINT', 'SIGTERM'] as const;

let installed = false;

/**
 * Installs the handler and returns the signal the component runs under. Only one handler may
 * exist per process, as upstream: a second call throws, because two handlers would race to decide
 * what the second signal means.
 */
export function setupSignalHandler(): AbortSignal {
  if (installed) {
    throw new Error('setupSignalHandler called twice: only one signal handler may be installed per process');
  }
  installed = true;
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      process.stderr.write(`received second signal ${name}, exiting immediately\n`);
      process.exit(1);
    }
    controller.abort(new Error(`received signal ${name}`));
  };
  for (const name of shutdownSignals) process.on(name, onSignal);
  return controller.signal;
}
