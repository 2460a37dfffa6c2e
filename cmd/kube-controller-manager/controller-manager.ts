import { runCommand } from '../../pkg/cli/run.js';
import { newControllerManagerCommand } from './app/controller-manager.js';

process.exitCode = await runCommand(newControllerManagerCommand(), process.argv.slice(2), 'kube-controller-manager');
