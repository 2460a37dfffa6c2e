import type { CommandModule } from 'yargs';
import { describe, expect, it } from 'vitest';
import { addLogFlags, applyLogOptions, type LogOptions } from '../klog/flags.js';
import { configure } from '../klog/klog.js';
import { versionString } from '../version/version.js';
import { aggregateError } from './errors.js';
import { runCommand, type RunIO } from './run.js';

interface DemoOptions extends LogOptions {
  name?: string | undefined;
  count: number;
  fail?: string | undefined;
  servers: string[];
  mode: string;
}

/** A command shaped like a component's: grouped flags, validation in the handler. */
function demoCommand(seen: DemoOptions[] = []): CommandModule<object, DemoOptions> {
  return {
    command: 'demo',
    describe: 'The demo component does nothing. It exists for tests.',
    builder: (argv) =>
      addLogFlags(
        argv
          .option('name', { type: 'string', requiresArg: true, describe: 'A name.' })
          .option('count', { type: 'number', default: 1, describe: 'How many.' })
          .option('fail', { type: 'string', describe: 'Fail with this message.' })
          .option('servers', { type: 'array', string: true, default: [], describe: 'Servers, like a StringSlice.' })
          .option('mode', { choices: ['a', 'b'], default: 'a', describe: 'A choice.' }),
      ),
    handler: async (opts) => {
      applyLogOptions(opts);
      const err = aggregateError(opts.fail === undefined ? [] : opts.fail.split(';'));
      if (err) throw err;
      seen.push(opts);
      await Promise.resolve();
    },
  };
}

async function run(
  args: string[],
  seen: DemoOptions[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: RunIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  try {
    const code = await runCommand(demoCommand(seen), args, 'kube-demo', io);
    return { code, stdout, stderr };
  } finally {
    configure({ verbosity: 0, format: 'text' });
  }
}

describe('runCommand', () => {
  it('runs the handler with parsed flags and exits 0', async () => {
    const seen: DemoOptions[] = [];
    const result = await run(['--name', 'a', '--count=3'], seen);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(seen[0]).toMatchObject({ name: 'a', count: 3, v: 0, 'logging-format': 'text' });
  });

  it('keeps the last value of a repeated scalar flag, as pflag does', async () => {
    const seen: DemoOptions[] = [];
    await run(['--name=a', '--name=b', '--v=1', '--v=2', '--count=1', '--count=5', '--mode=x', '--mode=b'], seen);
    expect(seen[0]).toMatchObject({ name: 'b', v: 2, count: 5, mode: 'b' });
  });

  it('collects every occurrence of an array flag, as a pflag StringSlice does', async () => {
    const seen: DemoOptions[] = [];
    await run(['--servers=a', '--servers=b'], seen);
    expect(seen[0]?.servers).toEqual(['a', 'b']);
  });

  it.each([['--v=2'], ['-v=2'], ['-v', '2'], ['--v', '2']])('accepts verbosity spelled %s', async (...args) => {
    const seen: DemoOptions[] = [];
    expect((await run(args, seen)).code).toBe(0);
    expect(seen[0]?.v).toBe(2);
  });

  it('prints help with the description, grouped flags and the script name', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^kube-demo \[flags\]\n\nThe demo component does nothing\. It exists for tests\.\n/);
    expect(stdout).toContain('Logs flags:');
    expect(stdout).toContain('--logging-format');
    expect(stdout).toContain('Permitted formats: "json", "text".');
    expect(stdout.endsWith('\n')).toBe(true);
  });

  it('prints the same help for -h', async () => {
    expect((await run(['-h'])).stdout).toBe((await run(['--help'])).stdout);
  });

  it('prints the project version for --version', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${versionString()}\n`, stderr: '' });
  });

  it('rejects an unknown flag with one error line and a pointer to --help', async () => {
    const { code, stdout, stderr } = await run(['--bogus']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe("error: Unknown argument: bogus\nRun 'kube-demo --help' for usage.\n");
  });

  it('names an unknown dashed flag once, as typed', async () => {
    expect((await run(['--bogus-flag=1'])).stderr).toMatch(/^error: Unknown argument: bogus-flag\n/);
    expect((await run(['--bogus-flag', '--other-one'])).stderr).toMatch(
      /^error: Unknown arguments: bogus-flag, other-one\n/,
    );
  });

  it('has no --no-<flag> negation, as pflag has none', async () => {
    expect((await run(['--no-count'])).stderr).toMatch(/^error: Unknown argument: no-count\n/);
  });

  it('rejects a stray positional argument', async () => {
    const { code, stderr } = await run(['extra']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: Unknown argument: extra\n/);
  });

  it('rejects a flag given without its value, with a pointer to --help', async () => {
    expect(await run(['--name'])).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: Not enough arguments following: name\nRun 'kube-demo --help' for usage.\n",
    });
  });

  it.each([
    [['--v=-1'], 'error: invalid argument "-1" for "-v, --v" flag: must be an integer from 0 to 2147483647'],
    [['--v=abc'], 'error: invalid argument "abc" for "-v, --v" flag: must be an integer from 0 to 2147483647'],
    [['--v=1.5'], 'error: invalid argument "1.5" for "-v, --v" flag: must be an integer from 0 to 2147483647'],
    [['--v='], 'error: invalid argument "" for "-v, --v" flag: must be an integer from 0 to 2147483647'],
    [['--logging-format=xml'], 'error: format: Invalid value: "xml": Unsupported log format'],
  ])('rejects bad logging flags %j', async (args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(1);
    expect(stderr.split('\n')[0]).toBe(message);
  });

  it('rejects --v with no value', async () => {
    const { code, stderr } = await run(['--v']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: Not enough arguments following: v\n/);
  });

  it('points to --help after a flag value that does not parse', async () => {
    expect((await run(['--v=abc'])).stderr).toMatch(/\nRun 'kube-demo --help' for usage\.\n$/);
  });

  it('prints a handler error alone, without a stack trace or usage pointer', async () => {
    const { code, stdout, stderr } = await run(['--fail', 'no luck']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('error: no luck\n');
  });

  it('prints every validation problem on one line', async () => {
    expect((await run(['--fail', 'first;second'])).stderr).toBe('error: [first, second]\n');
  });

  it('keeps every yargs usage message on one line', async () => {
    const command: CommandModule<object, { mode: string }> = {
      command: 'choosy',
      describe: '',
      builder: (argv) => argv.option('mode', { choices: ['a', 'b'], default: 'a' }) as never,
      handler: () => undefined,
    };
    let stderr = '';
    const code = await runCommand(command, ['--mode=c'], 'choosy', {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
    });
    expect(code).toBe(1);
    expect(stderr.split('\n')[0]).toBe('error: Invalid values: Argument: mode, Given: "c", Choices: "a", "b"');
  });
});
