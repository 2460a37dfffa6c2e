#!/usr/bin/env node
// Runs a TypeScript benchmark: `node bench/run.mjs <name> [args…]` bundles bench/<name>.ts with
// esbuild into a temporary file and runs it with this Node, so benchmarks need no TS loader.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.error('usage: node bench/run.mjs <name> [args…]   (bench/<name>.ts)');
  process.exit(2);
}
const dir = mkdtempSync(path.join(tmpdir(), 'hyperkube-bench-'));
const outfile = path.join(dir, `${name}.mjs`);
try {
  await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'bench', `${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    packages: 'external',
    logLevel: 'warning',
  });
  const result = spawnSync(process.execPath, ['--expose-gc', outfile, ...args], { stdio: 'inherit', cwd: root });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
