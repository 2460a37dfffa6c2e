/**
 * undici, loaded from the repository's node_modules. bench/run.mjs bundles a bench into a temp
 * dir with packages left external, and a bare `import 'undici'` does not resolve from there; the
 * runner's working directory is the repository root, so resolve packages from it instead.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Undici from 'undici';

const requireFromRepo = createRequire(path.join(process.cwd(), 'package.json'));

export const undici = requireFromRepo('undici') as typeof Undici;
export type { Dispatcher } from 'undici';
