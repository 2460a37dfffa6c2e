#!/usr/bin/env node
// Runs a TypeScript benchmark: bundles it with esbuild (Node 20 cannot run .ts) next to
// node_modules, so its dependencies resolve, then runs it with --expose-gc for memory figures.
//   node bench/lib/run.mjs bench/storage.ts [args…]
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node bench/lib/run.mjs <bench/file.ts> [args…]');
  process.exit(2);
}
const outdir = path.join(root, 'node_modules', '.cache', 'hyperkube-bench');
mkdirSync(outdir, { recursive: true });
const outfile = path.join(outdir, `${path.basename(entry, '.ts')}.mjs`);
await build({
  absWorkingDir: root,
  entryPoints: [entry],
  outfile,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, ['--expose-gc', '--enable-source-maps', outfile, ...args], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
