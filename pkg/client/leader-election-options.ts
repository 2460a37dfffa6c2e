import type { Argv } from 'yargs';

/** Upstream's component-base leader election flag, shared by controller-manager and scheduler. */
export interface LeaderElectionOptions {
  'leader-elect': boolean;
}

export function addLeaderElectionFlags<T>(argv: Argv<T>): Argv<T & LeaderElectionOptions> {
  return argv.option('leader-elect', {
    type: 'boolean',
    default: true,
    describe:
      'Start a leader election client and gain leadership before executing the main loop. Enable this when running replicated components for high availability.',
    group: 'Leader election flags:',
  }) as Argv<T & LeaderElectionOptions>;
}
