import { runCommand } from '../../pkg/cli/run.js';
import { newAPIServerCommand } from './app/server.js';

process.exitCode = await runCommand(newAPIServerCommand(), process.argv.slice(2), 'kube-apiserver');
