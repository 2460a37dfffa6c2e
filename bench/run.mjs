#!/usr/bin/env node
// Runs a TypeScript benchmark (Node 20 cannot run .ts): bundles it with esbuild next to
// node_modules, so its dependencies resolve, and runs it with --expose-gc for memory figures.
//
//   node bench/run.mjs <name | bench/name.ts> [--bundled] [args…]
//
// By default dependencies stay external (fast to build). `--bundled` inlines everything the way
// build.mjs makes dist/ — schema JSON included — for benchmarks of start-up and first-use costs.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonParsePlugin } from '../build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const bundled = argv.includes('--bundled');
const [target, ...args] = argv.filter((a) => a !== '--bundled');
if (!target) {
  console.error('usage: node bench/run.mjs <name | bench/name.ts> [--bundled] [args…]');
  process.exit(2);
}
const entry = target.endsWith('.ts') ? path.resolve(target) : path.join(root, 'bench', `${target}.ts`);
const outdir = path.join(root, 'node_modules', '.cache', 'hyperkube-bench');
mkdirSync(outdir, { recursive: true });
const outfile = path.join(outdir, `${path.basename(entry, '.ts')}${bundled ? '.bundled' : ''}.mjs`);
await build({
  absWorkingDir: root,
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  logLevel: 'warning',
  ...(bundled
    ? {
        plugins: [jsonParsePlugin],
        banner: {
          js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
        },
      }
    : { packages: 'external', sourcemap: 'inline' }),
});
const result = spawnSync(process.execPath, ['--expose-gc', outfile, ...args], { stdio: 'inherit', cwd: root });
process.exitCode = result.status ?? 1;
