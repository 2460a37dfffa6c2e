/**
 * The multi-call dispatcher, as upstream's historical cmd/hyperkube and k3s: the component is
 * chosen by the name the binary was called through (a `kube-apiserver` symlink), or else by the
 * first argument (`hyperkube apiserver --secure-port 6443`).
 */
import { lstatSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { versionString } from '../pkg/version/version.js';
import { components, type Component } from './commands.js';

/** The component named `name` (by upstream binary name or alias), if any. */
export function resolveComponent(name: string): Component | undefined {
  return components.find((c) => c.name === name || c.aliases.includes(name));
}

/**
 * The component a binary called as `invokedAs` (argv[1] for a node script) is, if its base name
 * is a component name: `/usr/local/bin/kube-apiserver` → kube-apiserver. Extensions are
 * ignored so `kube-apiserver.js` counts too.
 */
export function componentFromInvocation(invokedAs: string | undefined): Component | undefined {
  if (!invokedAs) return undefined;
  const base = path.basename(invokedAs).replace(/\.[cm]?js$/, '');
  return components.find((c) => c.name === base);
}

export function usage(): string {
  const width = Math.max(...components.map((c) => c.name.length + 2 + c.aliases.join(', ').length));
  const lines = components.map((c) => `  ${`${c.name}, ${c.aliases.join(', ')}`.padEnd(width)}  ${c.summary}`);
  return [
    'hyperkube is the Kubernetes control plane in one file: run any component through it.',
    '',
    'Usage:',
    '  hyperkube <component> [flags]',
    '  hyperkube --make-symlinks [--dir DIR]',
    '  <component> [flags]              (through a symlink named after the component)',
    '',
    'Components:',
    ...lines,
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
 * Creates `<dir>/<component>` → `target` for every component. An existing link is replaced; an
 * existing regular file is left alone and reported, because it is not ours to overwrite.
 */
export function makeSymlinks(target: string, dir: string): string[] {
  const made: string[] = [];
  const refused: string[] = [];
  for (const c of components) {
    const link = path.join(dir, c.name);
    const existing = lstatOrUndefined(link);
    if (existing && !existing.isSymbolicLink()) {
      refused.push(link);
      continue;
    }
    if (existing) {
      if (readlinkSync(link) === target) {
        made.push(link);
        continue;
      }
      unlinkSync(link);
    }
    symlinkSync(target, link);
    made.push(link);
  }
  if (refused.length > 0) {
    throw new Error(`refusing to overwrite ${refused.join(', ')}: not a symlink`);
  }
  return made;
}

function lstatOrUndefined(p: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/** Runs hyperkube for `args` (argv without node and the script) and resolves with the exit code. */
export async function dispatch(invokedAs: string | undefined, args: readonly string[]): Promise<number> {
  const viaLink = componentFromInvocation(invokedAs);
  if (viaLink) return viaLink.run(args);

  const [first, ...rest] = args;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  if (first === '--version') {
    process.stdout.write(`${versionString()}\n`);
    return 0;
  }
  if (first === '--make-symlinks') {
    return makeSymlinksCommand(invokedAs, rest);
  }
  const component = resolveComponent(first);
  if (!component) {
    const valid = components.flatMap((c) => [c.name, ...c.aliases]).join(', ');
    process.stderr.write(`error: unknown component ${JSON.stringify(first)}; valid components: ${valid}\n`);
    return 1;
  }
  return component.run(rest);
}

function makeSymlinksCommand(invokedAs: string | undefined, args: readonly string[]): number {
  if (!invokedAs) {
    process.stderr.write('error: cannot tell where this binary is to link to it\n');
    return 1;
  }
  const target = path.resolve(invokedAs);
  let dir = path.dirname(target);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--dir' && args[i + 1] !== undefined) {
      dir = path.resolve(args[++i] ?? '');
    } else if (arg.startsWith('--dir=')) {
      dir = path.resolve(arg.slice('--dir='.length));
    } else {
      process.stderr.write(`error: unknown argument ${JSON.stringify(arg)} for --make-symlinks (expected --dir DIR)\n`);
      return 1;
    }
  }
  try {
    for (const link of makeSymlinks(target, dir)) process.stdout.write(`${link} -> ${target}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
