// Real patches: kubectl v1.32's PATCH bodies recorded against a stub server (testdata), plus the
// three-way apply patch documented in /work/shared/docs/kubectl-wire.md §2.8.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinDefinitions } from '../../openapi/definitions.js';
import { patchMetaForKind, type PatchMeta } from './meta.js';
import { applyStrategicMergePatch } from './patch.js';
import recorded from './testdata/kubectl-1.32-patches.json' with { type: 'json' };

// Test-only: navigating into patched JSON by path.
// biome-ignore lint/suspicious/noExplicitAny: tests navigate patched JSON by path
type Obj = Record<string, any>;

let deploymentMeta: PatchMeta;
let nodeMeta: PatchMeta;

beforeAll(async () => {
  const definitions = await loadBuiltinDefinitions();
  deploymentMeta = patchMetaForKind(definitions, { group: 'apps', version: 'v1', kind: 'Deployment' })!;
  nodeMeta = patchMetaForKind(definitions, { group: '', version: 'v1', kind: 'Node' })!;
});

const live = recorded.live.deployment;
const liveContainers = live.spec.template.spec.containers;

function patchDeployment(name: keyof typeof recorded.patches): Obj {
  const patch = recorded.patches[name];
  expect(patch.contentType).toBe('application/strategic-merge-patch+json');
  return applyStrategicMergePatch(live, patch.body, deploymentMeta) as Obj;
}

describe('patches recorded from kubectl', () => {
  it('kubectl patch: merges the named container only', () => {
    const result = patchDeployment('patch-container-image');
    expect(result.spec.template.spec.containers).toEqual([
      { ...liveContainers[0], image: 'nginx:1.27' },
      liveContainers[1],
      liveContainers[2],
    ]);
    expect({ ...result, spec: { ...result.spec, template: live.spec.template } }).toEqual(live);
  });

  it('kubectl set image: the $setElementOrder two-way patch changes the image in place', () => {
    const result = patchDeployment('set-image');
    expect(result.spec.template.spec.containers.map((c: Obj) => [c.name, c.image])).toEqual([
      ['main', 'nginx:1.27'],
      ['side', 'busybox'],
      ['injected', 'proxy:1'],
    ]);
  });

  it('kubectl rollout restart: adds the restartedAt annotation to the pod template', () => {
    const result = patchDeployment('rollout-restart');
    expect(result.spec.template.metadata).toEqual({
      labels: { app: 'web' },
      annotations: {
        'kubectl.kubernetes.io/restartedAt':
          recorded.patches['rollout-restart'].body.spec.template.metadata.annotations[
            'kubectl.kubernetes.io/restartedAt'
          ],
      },
    });
  });

  it('kubectl apply (client-side, three-way): reaches the new manifest and keeps what the server added', () => {
    const result = patchDeployment('apply-three-way');
    const manifest = recorded.modifiedManifest;
    expect(result.metadata.labels).toEqual({ a: '1', team: 'ops' });
    expect(result.metadata.finalizers).toEqual(['example.com/a', 'example.com/c']);
    expect(result.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      recorded.patches['apply-three-way'].body.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'],
    );
    expect(result.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    expect(result.spec.replicas).toBe(3);
    expect(result.spec.strategy).toEqual({ type: 'Recreate' });
    const [main, injected, ...rest] = result.spec.template.spec.containers;
    expect(rest).toEqual([]);
    expect(main).toEqual({
      ...liveContainers[0],
      image: 'nginx:1.26',
      env: [{ name: 'A', value: '1' }],
      ports: [{ containerPort: 8080 }, { containerPort: 80, protocol: 'TCP' }],
    });
    expect(injected).toEqual(liveContainers[2]);
    expect(result.spec.template.spec.volumes).toEqual([
      manifest.spec.template.spec.volumes[0],
      live.spec.template.spec.volumes[1],
    ]);
    expect(result.status).toEqual(live.status);
  });

  it('kubectl patch with directives: finalizers merge as a set, $patch: delete drops the container', () => {
    const result = patchDeployment('patch-finalizers-delete-container');
    expect(result.metadata.finalizers).toEqual(['example.com/z', 'example.com/a', 'example.com/b']);
    expect(result.spec.template.spec.containers.map((c: Obj) => c.name)).toEqual(['main', 'injected']);
  });

  it('kubectl cordon and taint patch the node; taints are replaced whole', () => {
    const node = recorded.live.node;
    const cordoned = applyStrategicMergePatch(node, recorded.patches.cordon.body, nodeMeta) as Obj;
    expect(cordoned.spec).toEqual({ ...node.spec, unschedulable: true });
    const tainted = applyStrategicMergePatch(node, recorded.patches.taint.body, nodeMeta) as Obj;
    expect(tainted.spec.taints).toEqual(recorded.patches.taint.body.spec.taints);
  });
});

describe('the three-way apply patch of kubectl-wire.md §2.8', () => {
  it('removes a label, a container and an env entry, keeping the rest in order', () => {
    const current = {
      metadata: {
        name: 'web',
        labels: { a: '1', b: '2' },
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'old' },
      },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'main',
                image: 'app',
                env: [
                  { name: 'A', value: '1' },
                  { name: 'B', value: '2' },
                ],
              },
              { name: 'side', image: 'sidecar' },
            ],
          },
        },
      },
    };
    const patch =
      JSON.parse(`{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"new"},"labels":{"b":null}},
      "spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"main"}],
        "containers":[{"$setElementOrder/env":[{"name":"A"}],"env":[{"$patch":"delete","name":"B"}],"name":"main"},
                      {"$patch":"delete","name":"side"}]}}}}`) as unknown;
    expect(applyStrategicMergePatch(current, patch, deploymentMeta)).toEqual({
      metadata: {
        name: 'web',
        labels: { a: '1' },
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': 'new' },
      },
      spec: { template: { spec: { containers: [{ name: 'main', image: 'app', env: [{ name: 'A', value: '1' }] }] } } },
    });
  });
});
