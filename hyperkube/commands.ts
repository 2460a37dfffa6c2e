/**
 * The components hyperkube can be: each entry points at the same app module the standalone
 * binary in cmd/ runs. No logic lives here, only the list.
 */
import { apiServerDescription, newAPIServerCommand } from '../cmd/kube-apiserver/app/server.js';
import {
  controllerManagerDescription,
  newControllerManagerCommand,
} from '../cmd/kube-controller-manager/app/controller-manager.js';
import { newSchedulerCommand, schedulerDescription } from '../cmd/kube-scheduler/app/server.js';
import { runCommand, type RunIO } from '../pkg/cli/run.js';

export interface Component {
  /** The upstream binary name; also the name of the symlink that runs this component. */
  name: string;
  /** Shorter names accepted as the subcommand (and as a link name). */
  aliases: readonly string[];
  /** First sentence of the command's description, for `hyperkube --help`. */
  summary: string;
  /** Runs the component's command with `args` exactly as its standalone binary would; resolves with the exit code. */
  run: (args: readonly string[], io?: RunIO) => Promise<number>;
}

export const components: readonly Component[] = [
  {
    name: 'kube-apiserver',
    aliases: ['apiserver'],
    summary: firstSentence(apiServerDescription),
    run: (args, io) => runCommand(newAPIServerCommand(), args, 'kube-apiserver', io),
  },
  {
    name: 'kube-controller-manager',
    aliases: ['controller-manager'],
    summary: firstSentence(controllerManagerDescription),
    run: (args, io) => runCommand(newControllerManagerCommand(), args, 'kube-controller-manager', io),
  },
  {
    name: 'kube-scheduler',
    aliases: ['scheduler'],
    summary: firstSentence(schedulerDescription),
    run: (args, io) => runCommand(newSchedulerCommand(), args, 'kube-scheduler', io),
  },
];

function firstSentence(text: string): string {
  const end = text.indexOf('. ');
  return end < 0 ? text : text.slice(0, end + 1);
}
