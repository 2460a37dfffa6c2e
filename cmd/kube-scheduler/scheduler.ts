import { runCommand } from '../../pkg/cli/run.js';
import { newSchedulerCommand } from './app/server.js';

process.exitCode = await runCommand(newSchedulerCommand(), process.argv.slice(2), 'kube-scheduler');
