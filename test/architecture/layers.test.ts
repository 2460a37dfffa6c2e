/**
 * The layers of docs/architecture.md, enforced: every import of every non-test source file points
 * to its own layer or one below, and no two directories import each other (directly or round a
 * cycle). A new directory must be given a layer here before it can hold code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Bottom first. A file belongs to the layer of the longest prefix matching its path. */
const layers: ReadonlyArray<{ name: string; prefixes: readonly string[] }> = [
  { name: 'base', prefixes: ['pkg/util/', 'pkg/klog/', 'pkg/version/', 'pkg/cli/', 'pkg/server/mux/'] },
  { name: 'machinery', prefixes: ['pkg/apis/meta/', 'pkg/runtime/schema/', 'pkg/labels/', 'pkg/fields/'] },
  { name: 'API errors', prefixes: ['pkg/api/'] },
  { name: 'API types', prefixes: ['pkg/apis/'] },
  {
    name: 'wire and schema',
    prefixes: [
      'pkg/runtime/',
      'pkg/openapi/',
      'pkg/util/strategicpatch/',
      'pkg/util/jsonpatch/',
      'pkg/util/managedfields/',
      'pkg/structured-merge-diff/',
      'pkg/apiextensions/schema/',
      // kube-openapi's value validation and the CRD validation upstream builds on the schema engine.
      'pkg/apiextensions/validation/',
      'pkg/apis/apiextensions/validation/',
    ],
  },
  { name: 'storage', prefixes: ['pkg/storage/'] },
  {
    name: 'policy',
    prefixes: ['pkg/authentication/', 'pkg/authorization/', 'pkg/admission/', 'pkg/serviceaccount/'],
  },
  // The request's context and RequestInfo: read by the registry, as upstream's genericapirequest is.
  { name: 'request', prefixes: ['pkg/endpoints/request/'] },
  { name: 'registry', prefixes: ['pkg/registry/', 'pkg/printers/'] },
  { name: 'endpoints', prefixes: ['pkg/endpoints/'] },
  { name: 'server', prefixes: ['pkg/server/'] },
  { name: 'client', prefixes: ['pkg/client/'] },
  {
    name: 'components',
    prefixes: [
      'pkg/controlplane/',
      'pkg/controller/',
      'pkg/apiextensions/',
      'pkg/aggregator/',
      'pkg/scheduler/',
      'pkg/kubelet/',
    ],
  },
  { name: 'binaries', prefixes: ['cmd/', 'hyperkube/'] },
];

interface Arrow {
  from: string;
  to: string;
}

/** The layer index of a repository-relative file path, or -1 when no layer claims it. */
function layerOf(file: string): number {
  let best = -1;
  let bestLength = -1;
  layers.forEach((layer, i) => {
    for (const prefix of layer.prefixes) {
      if (file.startsWith(prefix) && prefix.length > bestLength) {
        best = i;
        bestLength = prefix.length;
      }
    }
  });
  return best;
}

/** Arrows that point up a layer. */
function upwardArrows(arrows: readonly Arrow[]): string[] {
  return arrows
    .filter((a) => layerOf(a.to) > layerOf(a.from))
    .map((a) => `${a.from} (${layers[layerOf(a.from)]?.name}) → ${a.to} (${layers[layerOf(a.to)]?.name})`);
}

/** Directory cycles (strongly connected components of more than one directory). */
function directoryCycles(arrows: readonly Arrow[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of arrows) {
    const a = path.posix.dirname(from);
    const b = path.posix.dirname(to);
    if (a === b) continue;
    let out = graph.get(a);
    if (!out) graph.set(a, (out = new Set()));
    out.add(b);
  }
  // Tarjan's algorithm, iteratively: the graph is small, but recursion depth should not depend on it.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; next: Iterator<string> }> = [];
    const enter = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: (graph.get(node) ?? new Set<string>()).values() });
    };
    enter(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      const step = frame.next.next();
      if (!step.done) {
        const w = step.value;
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(w) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
          onStack.delete(w);
          component.push(w);
          if (w === frame.node) break;
        }
        if (component.length > 1) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'testdata' && entry.name !== 'testing') out.push(...sourceFiles(rel));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(rel);
  }
  return out;
}

/** Every relative import of every non-test source file, as repository-relative paths. */
function importArrows(): { files: string[]; arrows: Arrow[] } {
  const files = ['cmd', 'hyperkube', 'pkg'].flatMap(sourceFiles);
  const arrows: Arrow[] = [];
  for (const from of files) {
    const text = readFileSync(path.join(root, from), 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.{1,2}\/[^']+)'/g)) {
      const spec = m[1] ?? '';
      const to = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec)).replace(/\.js$/, '.ts');
      arrows.push({ from, to });
    }
  }
  return { files, arrows };
}

describe('the layers', () => {
  const { files, arrows } = importArrows();

  it('place every source file', () => {
    expect(files.filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it('are only imported downwards', () => {
    expect(upwardArrows(arrows)).toEqual([]);
  });

  it('have no directory import cycles', () => {
    expect(directoryCycles(arrows)).toEqual([]);
  });

  it('would catch an upward arrow and a cycle (the checker itself)', () => {
    const up = { from: 'pkg/labels/selector.ts', to: 'pkg/api/errors/errors.ts' };
    expect(upwardArrows([up])).toHaveLength(1);
    const cycle = [
      { from: 'pkg/endpoints/a.ts', to: 'pkg/endpoints/sub/b.ts' },
      { from: 'pkg/endpoints/sub/b.ts', to: 'pkg/endpoints/a.ts' },
    ];
    expect(directoryCycles(cycle)).toEqual([['pkg/endpoints', 'pkg/endpoints/sub']]);
  });
});
