/**
 * undici for benches. bench/run.mjs bundles a bench into a temp dir with packages left external,
 * where a bare `import 'undici'` does not resolve; so resolve it from the bundle's own location
 * when that works (runners that write next to node_modules) and else from the working
 * directory, which bench/run.mjs sets to the repository root.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Undici from 'undici';

function load(): typeof Undici {
  try {
    return createRequire(import.meta.url)('undici') as typeof Undici;
  } catch {
    return createRequire(path.join(process.cwd(), 'package.json'))('undici') as typeof Undici;
  }
}

export const undici = load();
export type { Dispatcher } from 'undici';
