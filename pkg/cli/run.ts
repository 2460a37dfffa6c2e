/**
 * Runs one component's yargs command module as a program: parses the arguments, reports every
 * failure as a single `error: <message>` line on stderr, and sets the exit code. The standalone
 * mains in cmd/ and the hyperkube dispatcher both come through here, which is what makes
 * `hyperkube apiserver --help` and `kube-apiserver --help` print the same thing.
 */
import yargs, { type CommandModule } from 'yargs';
import { versionString } from '../version/version.js';

/**
 * Parses `args` for `command` as the program `scriptName` and runs it. Resolves with the exit
 * code: 0 when the component stopped cleanly (or only printed help), 1 on any error.
 */
export async function runCommand<T>(command: CommandModule<object, T>, args: readonly string[], scriptName: string): Promise<number> {
  // yargs reports usage problems (unknown flag, bad choice) as a message with no Error; those
  // get a pointer to --help. Errors thrown by the component itself are printed alone.
  let usageError = false;
  const parser = yargs([...args])
    .scriptName(scriptName)
    .command({ ...command, command: '$0' })
    .usage(`${scriptName} [flags]\n\n${describeOf(command)}`)
    .version(versionString())
    .help()
    .alias('help', 'h')
    .strict()
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg: string | null, err: Error | undefined) => {
      usageError = err === undefined;
      throw err ?? new Error(msg ?? 'invalid arguments');
    });
  try {
    await parser.parseAsync();
    return 0;
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (usageError) process.stderr.write(`Run '${scriptName} --help' for usage.\n`);
    return 1;
  }
}

function describeOf<T>(command: CommandModule<object, T>): string {
  return typeof command.describe === 'string' ? command.describe : '';
}
