/**
 * The real CRD bundles of shared/crds (see its README), read in place — never copied into the
 * project. shared/ sits beside the repository (CI: beside the fresh clone; sessions: /work/shared).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { CustomResourceDefinition } from '../../pkg/apis/apiextensions/v1/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** shared/crds: beside the repository, or above a worktree, or /work/shared. */
export function sharedCRDsDir(): string {
  const candidates = [
    process.env.HYPERKUBE_SHARED_CRDS,
    path.join(repoRoot, '../shared/crds'),
    path.join(repoRoot, '../../shared/crds'),
    '/work/shared/crds',
  ];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error(`shared/crds not found (looked in ${candidates.filter(Boolean).join(', ')})`);
}

export interface Bundle {
  name: string;
  crds: { file: string; crd: CustomResourceDefinition }[];
  examples: { file: string; object: Record<string, unknown> }[];
}

function documents(file: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as unknown)
    .filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null && !Array.isArray(o));
}

/** Every bundle with its CRDs and example objects. */
export function loadBundles(): Bundle[] {
  const root = sharedCRDsDir();
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = path.join(root, d.name);
      const crds: Bundle['crds'] = [];
      for (const file of readdirSync(path.join(dir, 'crds')).sort())
        for (const doc of documents(path.join(dir, 'crds', file)))
          if (doc.kind === 'CustomResourceDefinition')
            // A YAML document of kind CustomResourceDefinition has the CRD's shape.
            crds.push({ file, crd: doc as CustomResourceDefinition });
      const examples: Bundle['examples'] = [];
      for (const file of readdirSync(path.join(dir, 'examples')).sort())
        for (const object of documents(path.join(dir, 'examples', file))) examples.push({ file, object });
      return { name: d.name, crds, examples };
    });
}
