#!/usr/bin/env node
// Bundles each entry point into one self-contained ESM file under dist/: no node_modules needed
// at run time. `--minify` shrinks them; `--if-stale` skips the build when no source is newer than
// the bundles (what `npm start` and `npm test` use, so a fresh clone builds once);
// `--outdir=<dir>` writes them elsewhere (relative to the current directory), e.g. a minified
// build beside the normal one. bench/run.mjs imports `jsonParsePlugin` from here, so benchmarks
// load data exactly as the bundles do.
import { build } from 'esbuild';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const entries = {
  hyperkube: 'hyperkube/hyperkube.ts',
  'kube-apiserver': 'cmd/kube-apiserver/apiserver.ts',
  'kube-controller-manager': 'cmd/kube-controller-manager/controller-manager.ts',
  'kube-scheduler': 'cmd/kube-scheduler/scheduler.ts',
};

/**
 * Inlines the schema data under api/ as `JSON.parse("<text>")` rather than an object literal:
 * V8 parses a JSON string several times faster than the same data written as JavaScript, which is
 * start-up and first-request time (figures in api/README.md).
 */
export const jsonParsePlugin = {
  name: 'api-json-parse',
  setup(b) {
    b.onLoad({ filter: /[\\/]api[\\/].*\.json$/ }, async (args) => {
      const text = JSON.stringify(JSON.parse(await readFile(args.path, 'utf8')));
      return { contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main(process.argv.slice(2));

async function main(argv) {
  const { flags, outdir } = parseArgs(argv);
  const outputs = Object.keys(entries).map((name) => path.join(outdir, `${name}.js`));
  if (flags.has('--if-stale') && !isStale(outputs)) return;

  const started = performance.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20.19',
    format: 'esm',
    sourcemap: 'linked',
    minify: flags.has('--minify'),
    metafile: true,
    logLevel: 'warning',
    legalComments: 'eof',
    plugins: [jsonParsePlugin],
    banner: {
      // ESM bundles of CommonJS dependencies still call require(); give them one.
      js: "#!/usr/bin/env node\nimport { createRequire as __hkCreateRequire } from 'node:module';\nconst require = __hkCreateRequire(import.meta.url);",
    },
  });

  for (const file of outputs) chmodSync(file, 0o755);
  for (const [file, meta] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith('.js')) continue;
    // Metafile paths are relative to the repository; show them as a user would type them.
    const absolute = path.resolve(root, file);
    const shown = path.relative(process.cwd(), absolute).startsWith('..')
      ? absolute
      : path.relative(process.cwd(), absolute);
    console.log(`${shown.padEnd(34)} ${(meta.bytes / 1024).toFixed(0).padStart(6)} KiB`);
  }
  console.log(`built in ${(performance.now() - started).toFixed(0)} ms`);
}

/**
 * `--if-stale`, `--minify` and `--outdir=<dir>` (or `--outdir <dir>`); anything else is a usage
 * error, so a typo cannot silently produce a different build than the one asked for.
 */
function parseArgs(argv) {
  const usage = 'usage: node build.mjs [--if-stale] [--minify] [--outdir=<dir>]';
  const flags = new Set();
  let outdir = path.join(root, 'dist');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--if-stale' || arg === '--minify') flags.add(arg);
    else if (arg === '--outdir' || arg.startsWith('--outdir=')) {
      const value = arg === '--outdir' ? argv[++i] : arg.slice('--outdir='.length);
      if (!value) fail(`error: --outdir needs a directory\n${usage}`);
      outdir = path.resolve(value);
    } else fail(`error: unknown argument ${JSON.stringify(arg)}\n${usage}`);
  }
  return { flags, outdir };
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

/** True when a bundle is missing or any source file is newer than the oldest bundle. */
function isStale(outputs) {
  if (!outputs.every((f) => existsSync(f))) return true;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const newer = (dir) =>
    readdirSync(path.join(root, dir), { withFileTypes: true }).some((e) => {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) return e.name !== 'node_modules' && newer(rel);
      return (
        /\.(ts|json)$/.test(e.name) && !e.name.endsWith('.test.ts') && statSync(path.join(root, rel)).mtimeMs > built
      );
    });
  return (
    ['cmd', 'pkg', 'hyperkube', 'api'].filter((d) => existsSync(path.join(root, d))).some(newer) ||
    ['package-lock.json', 'build.mjs'].some((f) => statSync(path.join(root, f)).mtimeMs > built)
  );
}
