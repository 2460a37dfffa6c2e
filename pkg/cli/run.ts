/**
 * Runs one component's yargs command module as a program: parses the arguments, reports every
 * failure as a single `error: <message>` line on stderr, and sets the exit code. The standalone
 * mains in cmd/ and the hyperkube dispatcher both come through here, which is what makes
 * `hyperkube apiserver --help` and `kube-apiserver --help` print the same thing.
 */
import yargs, { type CommandModule } from 'yargs';
import { versionString } from '../version/version.js';

/** Where a command's output goes; the process streams unless a test captures them. */
export interface RunIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIO: RunIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Parses `args` for `command` as the program `scriptName` and runs its handler. Resolves with
 * the exit code: 0 when the component stopped cleanly or only printed help or the version, 1 on
 * any error. Never rejects and never prints a stack trace: a failure is one `error: …` line
 * (usage problems add a pointer to `--help`).
 *
 * Flags parse like pflag where yargs differs by default: a repeated scalar flag keeps its last
 * value (an array-typed flag still collects every occurrence, like a StringSlice), `--flag.sub`
 * is a flag name, not an object path, and a boolean is turned off with `--flag=false` (there is
 * no `--no-flag`).
 */
export async function runCommand<T>(
  command: CommandModule<object, T>,
  args: readonly string[],
  scriptName: string,
  io: RunIO = processIO,
): Promise<number> {
  // Usage problems (unknown flag, missing value, a value its coerce rejects) get a pointer to
  // --help; errors thrown by the component's handler are printed alone.
  let usageError = false;
  const parser = yargs();
  parser
    .scriptName(scriptName)
    .parserConfiguration({ 'dot-notation': false, 'boolean-negation': false })
    .middleware((argv): void => keepLastOfRepeatedScalars(argv, arrayOptionsOf(parser)), true)
    .command({ ...command, command: '$0' })
    .usage(`${scriptName} [flags]\n\n${describeOf(command)}`)
    .version(versionString())
    .help()
    .alias('help', 'h')
    .strict()
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((msg: string | null, err: Error | undefined) => {
      // yargs' own parse failures come as a bare message or wrapped in a YError; a handler's
      // errors come as themselves.
      if (err && err.name !== 'YError') throw err;
      usageError = true;
      throw new Error(withoutCamelCaseTwins(oneLine(msg ?? err?.message ?? 'invalid arguments')));
    });
  try {
    // With a callback yargs hands help and version text over instead of printing it.
    await parser.parseAsync([...args], {}, (_err, _argv, output) => {
      if (output) io.stdout(`${output}\n`);
    });
    return 0;
  } catch (err) {
    io.stderr(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (usageError) io.stderr(`Run '${scriptName} --help' for usage.\n`);
    return 1;
  }
}

/**
 * yargs turns a repeated flag into an array; pflag keeps the last value unless the flag is a
 * slice. Runs before validation, so `choices` and the handler see the value that counts. (A
 * `coerce` function runs earlier, during parsing, and must take the last element itself.)
 */
function keepLastOfRepeatedScalars(argv: Record<string, unknown>, arrayOptions: readonly string[]): void {
  const arrays = new Set(arrayOptions.flatMap((name) => [name, camelCase(name)]));
  for (const [key, value] of Object.entries(argv)) {
    if (key !== '_' && Array.isArray(value) && !arrays.has(key)) argv[key] = value.at(-1);
  }
}

/** The flags declared `type: 'array'`. yargs has getOptions() at run time; its typings omit it. */
function arrayOptionsOf(parser: object): readonly string[] {
  const { getOptions } = parser as { getOptions?: () => { array?: unknown } };
  const arrays = getOptions?.call(parser).array;
  return Array.isArray(arrays) ? arrays.filter((name): name is string => typeof name === 'string') : [];
}

function describeOf<T>(command: CommandModule<object, T>): string {
  return typeof command.describe === 'string' ? command.describe : '';
}

/** Some yargs messages span lines ("Invalid values:\n  Argument: …"); an error is one line. */
function oneLine(msg: string): string {
  return msg.replace(/\s*\n\s*/g, ' ');
}

/**
 * yargs lists an unknown `--bogus-flag` twice, as `bogus-flag, bogusFlag`, because it also
 * stores the camelCase spelling; name each unknown flag once, as typed.
 */
function withoutCamelCaseTwins(msg: string): string {
  const match = /^Unknown arguments?: (.*)$/.exec(msg);
  if (!match) return msg;
  const names = (match[1] ?? '').split(', ');
  const typed = names.filter((name) => !names.some((other) => other !== name && camelCase(other) === name));
  return `Unknown argument${typed.length === 1 ? '' : 's'}: ${typed.join(', ')}`;
}

function camelCase(flag: string): string {
  return flag.replace(/-+([^-])/g, (_, c: string) => c.toUpperCase());
}
