// Cases ported in spirit from upstream's strategicpatch patch_test.go, written against the real
// built-in schemas instead of a test struct.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinDefinitions } from '../../openapi/definitions.js';
import { patchMetaForKind, type PatchMeta } from './meta.js';
import { applyStrategicMergePatch } from './patch.js';

let deploymentMeta: PatchMeta;
let nodeMeta: PatchMeta;
let pdbMeta: PatchMeta;
let serviceMeta: PatchMeta;

beforeAll(async () => {
  const definitions = await loadBuiltinDefinitions();
  deploymentMeta = patchMetaForKind(definitions, { group: 'apps', version: 'v1', kind: 'Deployment' })!;
  nodeMeta = patchMetaForKind(definitions, { group: '', version: 'v1', kind: 'Node' })!;
  pdbMeta = patchMetaForKind(definitions, { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' })!;
  serviceMeta = patchMetaForKind(definitions, { group: '', version: 'v1', kind: 'Service' })!;
});

type Obj = Record<string, unknown>;

/** A Deployment whose pod spec is `podSpec`. */
function deployment(podSpec: Obj, metadata: Obj = { name: 'web' }): Obj {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: 1, template: { spec: podSpec } } };
}

/** Applies a patch of the pod spec of a Deployment and returns the resulting pod spec. */
function patchPodSpec(podSpec: Obj, patch: Obj): Obj {
  const result = applyStrategicMergePatch(
    deployment(podSpec),
    { spec: { template: { spec: patch } } },
    deploymentMeta,
  ) as Obj;
  return ((result.spec as Obj).template as Obj).spec as Obj;
}

function patchMetadata(metadata: Obj, patch: Obj): Obj {
  return (applyStrategicMergePatch(deployment({}, metadata), { metadata: patch }, deploymentMeta) as Obj)
    .metadata as Obj;
}

describe('maps', () => {
  it('merges labels and annotations key by key; null deletes a key', () => {
    const metadata = { name: 'web', labels: { a: '1', b: '2' }, annotations: { keep: 'x' } };
    expect(patchMetadata(metadata, { labels: { b: null, c: '3' }, annotations: { add: 'y' } })).toEqual({
      name: 'web',
      labels: { a: '1', c: '3' },
      annotations: { keep: 'x', add: 'y' },
    });
  });

  it('ignores null for a key the original does not have, and drops nulls inside new values', () => {
    expect(patchMetadata({ name: 'web' }, { labels: { a: '1', gone: null }, annotations: null })).toEqual({
      name: 'web',
      labels: { a: '1' },
    });
  });

  it('$patch: replace makes the map exactly the patch map', () => {
    expect(
      patchMetadata({ name: 'web', labels: { a: '1', b: '2' } }, { labels: { $patch: 'replace', c: '3' } }),
    ).toEqual({
      name: 'web',
      labels: { c: '3' },
    });
  });

  it('$patch: delete empties the map', () => {
    expect(patchMetadata({ name: 'web', labels: { a: '1' } }, { labels: { $patch: 'delete' } })).toEqual({
      name: 'web',
      labels: {},
    });
  });

  it('replaces a field with the replace strategy whole (PodDisruptionBudget selector)', () => {
    const pdb = {
      spec: { selector: { matchLabels: { app: 'a' }, matchExpressions: [{ key: 'k', operator: 'Exists' }] } },
    };
    const result = applyStrategicMergePatch(pdb, { spec: { selector: { matchLabels: { app: 'b' } } } }, pdbMeta);
    expect(result).toEqual({ spec: { selector: { matchLabels: { app: 'b' } } } });
  });

  it('takes the patch value when the JSON type changes', () => {
    expect(patchMetadata({ name: 'web', labels: { a: '1' } }, { labels: 'x' })).toEqual({ name: 'web', labels: 'x' });
  });

  it('a null patch changes nothing', () => {
    const original = deployment({ containers: [{ name: 'a' }] });
    expect(applyStrategicMergePatch(original, null, deploymentMeta)).toEqual(original);
  });
});

describe('lists merged by merge key', () => {
  const podSpec = {
    containers: [
      {
        name: 'main',
        image: 'nginx:1',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        ports: [{ containerPort: 80, protocol: 'TCP' }],
      },
      { name: 'side', image: 'busybox' },
    ],
  };

  it('merges containers by name, leaving the others untouched', () => {
    expect(patchPodSpec(podSpec, { containers: [{ name: 'side', image: 'busybox:2' }] }).containers).toEqual([
      podSpec.containers[0],
      { name: 'side', image: 'busybox:2' },
    ]);
  });

  it('appends an element whose merge key is new, keeping it verbatim', () => {
    const added = { name: 'new', image: 'x', env: [{ name: 'N', value: null }] };
    const containers = patchPodSpec(podSpec, { containers: [added] }).containers as Obj[];
    expect(containers.map((c) => c.name)).toEqual(['new', 'main', 'side']);
    expect(containers[0]).toEqual(added);
  });

  it('merges env by name and ports by containerPort inside a merged container', () => {
    const result = patchPodSpec(podSpec, {
      containers: [
        {
          name: 'main',
          env: [
            { name: 'B', value: '3' },
            { name: 'C', value: '4' },
          ],
          ports: [{ containerPort: 80, name: 'http' }],
        },
      ],
    });
    const main = (result.containers as Obj[])[0]!;
    expect(main.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '3' },
      { name: 'C', value: '4' },
    ]);
    expect(main.ports).toEqual([{ containerPort: 80, protocol: 'TCP', name: 'http' }]);
  });

  it('$patch: delete removes the element with that merge key (every duplicate of it)', () => {
    const dup = { containers: [{ name: 'a' }, { name: 'b' }, { name: 'a', image: 'dup' }] };
    expect(patchPodSpec(dup, { containers: [{ name: 'a', $patch: 'delete' }] }).containers).toEqual([{ name: 'b' }]);
  });

  it('$patch: replace in a list makes the list exactly the other patch elements', () => {
    expect(
      patchPodSpec(podSpec, { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] }).containers,
    ).toEqual([{ name: 'only', image: 'x' }]);
  });

  it('preserves the patch order for patched elements and interleaves server-only ones', () => {
    const three = { containers: [{ name: '1' }, { name: '2', image: 'b' }, { name: '3' }] };
    expect(
      patchPodSpec(three, {
        containers: [
          { name: '3', image: 'c' },
          { name: '1', image: 'a' },
        ],
      }).containers,
    ).toEqual([
      { name: '2', image: 'b' },
      { name: '3', image: 'c' },
      { name: '1', image: 'a' },
    ]);
  });

  it('merges volumes by name and applies $retainKeys to switch the volume source', () => {
    const volumes = [
      { name: 'data', emptyDir: {} },
      { name: 'cache', emptyDir: { medium: 'Memory' } },
    ];
    const result = patchPodSpec(
      { volumes },
      { volumes: [{ $retainKeys: ['configMap', 'name'], name: 'data', configMap: { name: 'cfg' }, emptyDir: null }] },
    );
    expect(result.volumes).toEqual([{ name: 'data', configMap: { name: 'cfg' } }, volumes[1]]);
  });

  it('merges Service ports by port', () => {
    const svc = {
      spec: {
        ports: [
          { port: 80, targetPort: 8080 },
          { port: 443, targetPort: 8443 },
        ],
      },
    };
    const result = applyStrategicMergePatch(svc, { spec: { ports: [{ port: 443, targetPort: 9443 }] } }, serviceMeta);
    expect(result).toEqual({
      spec: {
        ports: [
          { port: 80, targetPort: 8080 },
          { port: 443, targetPort: 9443 },
        ],
      },
    });
  });
});

describe('lists without the merge strategy', () => {
  it('replaces tolerations whole (the list is atomic)', () => {
    const spec = {
      tolerations: [
        { key: 'a', operator: 'Exists' },
        { key: 'b', operator: 'Exists' },
      ],
    };
    expect(patchPodSpec(spec, { tolerations: [{ key: 'c', operator: 'Exists' }] }).tolerations).toEqual([
      { key: 'c', operator: 'Exists' },
    ]);
  });

  it('replaces node taints whole (kubectl taint sends the complete list)', () => {
    const node = { spec: { taints: [{ key: 'old', effect: 'NoSchedule' }] } };
    const result = applyStrategicMergePatch(
      node,
      { spec: { taints: [{ key: 'new', effect: 'NoExecute' }] } },
      nodeMeta,
    );
    expect(result).toEqual({ spec: { taints: [{ key: 'new', effect: 'NoExecute' }] } });
  });
});

describe('primitive lists with the merge strategy', () => {
  it('unions finalizers, new ones first when the patch lists only new ones', () => {
    expect(patchMetadata({ finalizers: ['a', 'b'] }, { finalizers: ['b', 'c'] }).finalizers).toEqual(['a', 'b', 'c']);
    expect(patchMetadata({ finalizers: ['a', 'b'] }, { finalizers: ['z'] }).finalizers).toEqual(['z', 'a', 'b']);
  });

  it('keeps the patch order among listed values, server-only values where they were', () => {
    expect(patchMetadata({ finalizers: ['1', '2', '3'] }, { finalizers: ['3', '1'] }).finalizers).toEqual([
      '2',
      '3',
      '1',
    ]);
  });

  it('$deleteFromPrimitiveList removes values (every duplicate) and ignores a missing list', () => {
    expect(
      patchMetadata({ finalizers: ['a', 'b', 'b', 'c'] }, { '$deleteFromPrimitiveList/finalizers': ['b', 'x'] })
        .finalizers,
    ).toEqual(['a', 'c']);
    expect(patchMetadata({ name: 'web' }, { '$deleteFromPrimitiveList/finalizers': ['b'] })).toEqual({ name: 'web' });
  });

  it('merges node podCIDRs as a set', () => {
    const node = { spec: { podCIDRs: ['10.0.0.0/24'] } };
    const result = applyStrategicMergePatch(node, { spec: { podCIDRs: ['10.0.0.0/24', 'fd00::/64'] } }, nodeMeta);
    expect(result).toEqual({ spec: { podCIDRs: ['10.0.0.0/24', 'fd00::/64'] } });
  });
});

describe('$setElementOrder', () => {
  it('reorders a list without changing its elements', () => {
    const spec = { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] };
    expect(
      patchPodSpec(spec, { '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }, { name: 'b' }] }).containers,
    ).toEqual([{ name: 'c' }, { name: 'a' }, { name: 'b' }]);
  });

  it('orders patch elements by the list; a server-only element follows the patch elements the live list had before it', () => {
    const spec = { containers: [{ name: '1' }, { name: '2', image: 'two' }, { name: 'server' }] };
    const result = patchPodSpec(spec, {
      '$setElementOrder/containers': [{ name: '4' }, { name: '1' }, { name: '2' }, { name: '3' }],
      containers: [
        { name: '4', image: 'four' },
        { name: '3', image: 'three' },
      ],
    });
    // '3' is not in the live list, so nothing places 'server' before it (upstream's mergeSortedSlice).
    expect((result.containers as Obj[]).map((c) => c.name)).toEqual(['4', '1', '2', '3', 'server']);
  });

  it('ignores names in the order list that are in neither list', () => {
    const spec = { containers: [{ name: '1' }, { name: '3' }] };
    expect(
      patchPodSpec(spec, { '$setElementOrder/containers': [{ name: '3' }, { name: '2' }, { name: '1' }] }).containers,
    ).toEqual([{ name: '3' }, { name: '1' }]);
  });

  it('orders primitive lists too, before $deleteFromPrimitiveList applies', () => {
    const patch = {
      '$setElementOrder/finalizers': ['a', 'c'],
      finalizers: ['c'],
      '$deleteFromPrimitiveList/finalizers': ['b'],
    };
    expect(patchMetadata({ finalizers: ['a', 'b'] }, patch).finalizers).toEqual(['a', 'c']);
  });

  it('leaves an empty list empty (upstream fails with "no elements in any of the given slices")', () => {
    expect(patchMetadata({ finalizers: [] }, { '$setElementOrder/finalizers': ['a'] }).finalizers).toEqual([]);
  });

  it('adds a list the original lacks, dropping elements that carry directives', () => {
    const result = patchPodSpec(
      {},
      { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'a' }, { name: 'x', $patch: 'delete' }] },
    );
    expect(result.containers).toEqual([{ name: 'a' }]);
  });
});

describe('$retainKeys', () => {
  it('clears the Deployment strategy fields not retained (RollingUpdate → Recreate)', () => {
    const original = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } }, replicas: 2 } };
    const patch = { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } };
    expect(applyStrategicMergePatch(original, patch, deploymentMeta)).toEqual({
      spec: { strategy: { type: 'Recreate' }, replicas: 2 },
    });
  });

  it('still merges retained keys', () => {
    const original = {
      spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } },
    };
    const patch = { spec: { strategy: { $retainKeys: ['rollingUpdate', 'type'], rollingUpdate: { maxSurge: 2 } } } };
    expect(applyStrategicMergePatch(original, patch, deploymentMeta)).toEqual({
      spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 0 } } },
    });
  });
});

describe('inputs', () => {
  it('never mutates the original or the patch', () => {
    const original = deployment(
      {
        containers: [{ name: 'a', env: [{ name: 'X', value: '1' }] }, { name: 'b' }],
        volumes: [{ name: 'v', emptyDir: {} }],
      },
      { name: 'web', labels: { a: '1' }, finalizers: ['f'] },
    );
    const patch = {
      metadata: { labels: { a: null, b: '2' }, finalizers: ['g'], '$deleteFromPrimitiveList/finalizers': ['f'] },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }],
            containers: [
              { name: 'a', env: [{ name: 'X', $patch: 'delete' }] },
              { name: 'c', $patch: 'delete' },
            ],
            volumes: [{ $retainKeys: ['name', 'secret'], name: 'v', secret: { secretName: 's' } }],
          },
        },
      },
    };
    const before = JSON.stringify([original, patch]);
    const result = applyStrategicMergePatch(deepFreeze(original), deepFreeze(patch), deploymentMeta) as Obj;
    expect(JSON.stringify([original, patch])).toBe(before);
    expect((result.metadata as Obj).finalizers).toEqual(['g']);
  });

  it('copies patch values into the result, so later changes to the result leave the patch alone', () => {
    const patch = { spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'X', value: '1' }] }] } } } };
    const result = applyStrategicMergePatch(deployment({ containers: [] }), patch, deploymentMeta) as Obj;
    const container = (((result.spec as Obj).template as Obj).spec as Obj).containers as Obj[];
    expect(container[0]).toEqual(patch.spec.template.spec.containers[0]);
    expect(container[0]).not.toBe(patch.spec.template.spec.containers[0]);
  });

  it('keeps a __proto__ key as data', () => {
    const result = patchMetadata({ name: 'web' }, JSON.parse('{"labels":{"__proto__":{"polluted":"yes"}}}') as Obj);
    expect(Object.getPrototypeOf(result.labels)).toBe(Object.prototype);
    expect(Object.keys(result.labels as Obj)).toEqual(['__proto__']);
  });
});

describe('performance', () => {
  it('applies a typical deployment patch in well under a millisecond once metadata is cached', () => {
    const live = deployment({
      containers: Array.from({ length: 3 }, (_, i) => ({
        name: `c${i}`,
        image: 'nginx',
        env: Array.from({ length: 10 }, (_, j) => ({ name: `E${j}`, value: String(j) })),
        ports: [{ containerPort: 80 + i, protocol: 'TCP' }],
        resources: { limits: { cpu: '1' } },
      })),
      volumes: [{ name: 'v', emptyDir: {} }],
    });
    const patch = {
      metadata: { labels: { rev: '2' } },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'c0' }, { name: 'c1' }, { name: 'c2' }],
            containers: [
              {
                name: 'c1',
                image: 'nginx:2',
                '$setElementOrder/env': [{ name: 'E0' }],
                env: [{ name: 'E5', $patch: 'delete' }],
              },
            ],
          },
        },
      },
    };
    applyStrategicMergePatch(live, patch, deploymentMeta);
    const rounds = 2000;
    const start = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) applyStrategicMergePatch(live, patch, deploymentMeta);
    const perPatchMs = Number(process.hrtime.bigint() - start) / 1e6 / rounds;
    expect(perPatchMs).toBeLessThan(0.5);
  });
});

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const e of Object.values(v)) deepFreeze(e);
    Object.freeze(v);
  }
  return v;
}
