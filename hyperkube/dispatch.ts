/**
 * The multi-call dispatcher, as upstream's historical cmd/hyperkube: the component is chosen by
 * the name the binary was called through (a `kube-apiserver` symlink), or else by the first
 * argument (`hyperkube apiserver --secure-port 6443`). Whatever follows goes to the component
 * untouched, so it parses, helps and fails exactly as the standalone binary does.
 */
import { lstatSync, readlinkSync, symlinkSync, unlinkSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { RunIO } from '../pkg/cli/run.js';
import { versionString } from '../pkg/version/version.js';
import { components, type Component } from './commands.js';
import { newServerCommand, serverDescription } from './server.js';
import { runCommand } from '../pkg/cli/run.js';

const processIO: RunIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** The component named `name` (by upstream binary name or alias), if any. */
export function resolveComponent(name: string): Component | undefined {
  return components.find((c) => c.name === name || c.aliases.includes(name));
}

/**
 * The component a binary called as `invokedAs` (argv[1] for a node script) is, if its base name
 * names one: `/usr/local/bin/kube-apiserver` → kube-apiserver. A `.js`/`.mjs`/`.cjs` extension
 * is ignored, and aliases count as upstream's hyperkube let them.
 */
export function componentFromInvocation(invokedAs: string | undefined): Component | undefined {
  if (!invokedAs) return undefined;
  return resolveComponent(path.basename(invokedAs).replace(/\.[cm]?js$/, ''));
}

/** `hyperkube --help`: how to call it and one line per component. */
export function usage(): string {
  const names = components.map((c) => [c.name, ...c.aliases].join(', '));
  const width = Math.max(...names.map((n) => n.length));
  const lines = components.map((c, i) => `  ${(names[i] ?? '').padEnd(width)}  ${c.summary}`);
  return [
    'hyperkube is the Kubernetes control plane in one file: run any component through it.',
    '',
    'Usage:',
    '  hyperkube <component> [flags]',
    '  hyperkube server [flags]         (the whole control plane in one process)',
    '  hyperkube --make-symlinks [--dir DIR]',
    '  <component> [flags]              (through a symlink named after the component)',
    '',
    'Components:',
    ...lines,
    '',
    'Commands:',
    `  ${'server'.padEnd(width)}  ${serverDescription.slice(0, serverDescription.indexOf('. ') + 1)}`,
    '',
    'Flags:',
    '  --make-symlinks  Create a symlink per component next to this binary (or in --dir)',
    '  --dir DIR        Where --make-symlinks creates the links',
    '  -h, --help       Show this help',
    '  --version        Show the version',
    '',
    "Run 'hyperkube <component> --help' for a component's flags.",
    '',
  ].join('\n');
}

/**
 * Creates `<dir>/<component name>` → `target` for every component and returns the link paths.
 * A link already pointing at `target` is kept and one pointing elsewhere is replaced. Anything
 * else at a link's path (a regular file, a directory) is not ours to overwrite: then nothing is
 * created and it throws, naming every such path. Other file-system errors (no such `dir`,
 * permission denied) are thrown as they come.
 */
export function makeSymlinks(target: string, dir: string): string[] {
  const links = components.map((c) => ({
    link: path.join(dir, c.name),
    existing: lstatOrUndefined(path.join(dir, c.name)),
  }));
  const refused = links.filter(({ existing }) => existing && !existing.isSymbolicLink()).map(({ link }) => link);
  if (refused.length > 0) {
    throw new Error(`refusing to overwrite ${refused.join(', ')}: not a symlink`);
  }
  for (const { link, existing } of links) {
    if (existing) {
      if (readlinkSync(link) === target) continue;
      unlinkSync(link);
    }
    symlinkSync(target, link);
  }
  return links.map(({ link }) => link);
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/**
 * Runs hyperkube as the binary `invokedAs` (argv[1]) with `args` (argv after the script) and
 * resolves with the exit code: the component's own, or 0/1 for hyperkube's flags and errors.
 */
export async function dispatch(
  invokedAs: string | undefined,
  args: readonly string[],
  io: RunIO = processIO,
): Promise<number> {
  const viaLink = componentFromInvocation(invokedAs);
  if (viaLink) return viaLink.run(args, io);

  const [first, ...rest] = args;
  if (first === undefined || first === '--help' || first === '-h') {
    io.stdout(usage());
    return 0;
  }
  if (first === 'server') return runServerCommand(rest, io);
  if (first === 'help') {
    if (rest[0] === 'server') return runServerCommand(['--help'], io);
    // `hyperkube help scheduler`, as cobra offers, is the component's own --help.
    const component = rest[0] === undefined ? undefined : resolveComponent(rest[0]);
    if (component) return component.run(['--help'], io);
    io.stdout(usage());
    return 0;
  }
  if (first === '--version') {
    io.stdout(`${versionString()}\n`);
    return 0;
  }
  if (first === '--make-symlinks') {
    return makeSymlinksCommand(invokedAs, rest, io);
  }
  if (first.startsWith('-')) {
    return fail(io, `unknown flag: ${first}\nRun 'hyperkube --help' for usage.`);
  }
  const component = resolveComponent(first);
  if (!component) {
    const valid = components.map((c) => [c.name, ...c.aliases].join('|')).join(', ');
    return fail(
      io,
      `unknown component ${JSON.stringify(first)}; valid components: ${valid}\nRun 'hyperkube --help' for usage.`,
    );
  }
  return component.run(rest, io);
}

function runServerCommand(args: readonly string[], io: RunIO): Promise<number> {
  return runCommand(newServerCommand(io), args, 'hyperkube server', io);
}

function makeSymlinksCommand(invokedAs: string | undefined, args: readonly string[], io: RunIO): number {
  if (!invokedAs) return fail(io, 'cannot tell where this binary is, so cannot link to it');
  const target = path.resolve(invokedAs);
  let dir = path.dirname(target);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--dir' || arg.startsWith('--dir=')) {
      const value = arg === '--dir' ? args[++i] : arg.slice('--dir='.length);
      if (!value) return fail(io, 'flag needs an argument: --dir');
      dir = path.resolve(value);
    } else {
      return fail(io, `unknown argument ${JSON.stringify(arg)} for --make-symlinks (expected --dir DIR)`);
    }
  }
  try {
    for (const link of makeSymlinks(target, dir)) io.stdout(`${link} -> ${target}\n`);
    return 0;
  } catch (err) {
    return fail(io, err instanceof Error ? err.message : String(err));
  }
}

function fail(io: RunIO, message: string): number {
  io.stderr(`error: ${message}\n`);
  return 1;
}
