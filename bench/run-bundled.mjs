#!/usr/bin/env node
// Runs a bench/*.ts file the way production runs code: bundled by esbuild into one ESM file (so
// JSON data is inlined exactly as in dist/), then executed by node in a fresh process.
//   node bench/run-bundled.mjs bench/protobuf.ts
//   node bench/run-bundled.mjs --json-parse bench/protobuf.ts   (api/ JSON inlined as JSON.parse("…"))
// --json-parse shows what the jsonParsePlugin below would save if build.mjs adopted it: V8 parses a
// large JSON string several times faster than the equivalent object literal.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Inlines the schema data under api/ as `JSON.parse("<text>")` instead of an object literal. */
const jsonParsePlugin = {
  name: 'api-json-parse',
  setup(b) {
    b.onLoad({ filter: /[\\/]api[\\/].*\.json$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const text = JSON.stringify(JSON.parse(await readFile(args.path, 'utf8')));
      return { contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

const args = process.argv.slice(2);
const jsonParse = args[0] === '--json-parse';
if (jsonParse) args.shift();
const entry = args[0];
if (!entry) {
  console.error('usage: node bench/run-bundled.mjs bench/<name>.ts [args…]');
  process.exit(2);
}
const dir = mkdtempSync(path.join(tmpdir(), 'bench-'));
try {
  const outfile = path.join(dir, 'bench.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
    plugins: jsonParse ? [jsonParsePlugin] : [],
  });
  const run = spawnSync(process.execPath, [outfile, ...args.slice(1)], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

