/**
 * Cost of managedFields and server-side apply on the benches' five-container Deployment, the
 * library alone (no HTTP, no storage): recording a create, an update (what every PUT will pay),
 * and applies — re-applying the same configuration, applying a change, applying with a second
 * manager present.
 *
 *   node bench/run.mjs managedfields [--seconds=2] [--only=<text>]
 */
import { fiveContainerDeployment } from './fixtures/deployment.js';
import { makePath } from '../pkg/structured-merge-diff/fieldpath/path.js';
import { FieldSet } from '../pkg/structured-merge-diff/fieldpath/set.js';
import { type ApiObject, newDefaultFieldManager } from '../pkg/util/managedfields/fieldmanager.js';
import { loadBuiltinTypeConverter } from '../pkg/util/managedfields/typeconverter.js';
import { loadBuiltinObjectCreater } from '../pkg/util/managedfields/zero-objects.js';

const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 2);
/** `--only=apply` runs the measurements whose name contains the text (for profiling one). */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const kind = { group: 'apps', version: 'v1', kind: 'Deployment' };
const typeConverter = await loadBuiltinTypeConverter();
const creater = await loadBuiltinObjectCreater();
const fm = newDefaultFieldManager({
  typeConverter,
  objectCreater: creater,
  kind,
  resetFields: new Map([['apps/v1', FieldSet.of(makePath('status'))]]),
});

const config = fiveContainerDeployment() as ApiObject;
const stored = (obj: ApiObject): ApiObject => ({
  ...obj,
  metadata: { ...obj.metadata, uid: 'u', resourceVersion: '1' },
});
const withReplicas = (obj: ApiObject, replicas: number): ApiObject => ({
  ...obj,
  spec: { ...(obj.spec as object), replicas },
});

const created = stored(fm.update(creater.newObject(kind), config, 'kubectl-create'));
const applied = stored(fm.apply(creater.newObject(kind), config, 'kubectl', false));
const shared = stored(fm.update(applied, withReplicas(applied, 4), 'hpa'));

/**
 * Runs `fn` for about `seconds` of CPU time and reports ops per CPU-second: the machine is
 * shared, so wall-clock time mostly measures the neighbours.
 */
function measure(name: string, fn: () => unknown): void {
  if (only !== undefined && !name.includes(only)) return;
  for (let i = 0; i < 200; i++) fn();
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let n = 0;
  const start = cpu();
  while (cpu() - start < seconds * 1000) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
  }
  const elapsed = cpu() - start;
  console.log(
    `${name.padEnd(58)} ${Math.round((n / elapsed) * 1000)
      .toString()
      .padStart(7)} ops/s  ${((elapsed / n) * 1000).toFixed(0).padStart(5)} µs/op`,
  );
}

measure('create: record kubectl-create from the zero object', () =>
  fm.update(creater.newObject(kind), config, 'kubectl-create'),
);
measure('update (PUT) changing replicas', () => fm.update(created, withReplicas(created, 5), 'kubectl-replace'));
measure('update (PUT) changing nothing', () => fm.update(created, created, 'kubectl-replace'));
measure('apply creating the object', () => fm.apply(creater.newObject(kind), config, 'kubectl', false));
measure('apply, same configuration again (no-op)', () => fm.apply(applied, config, 'kubectl', false));
measure('apply changing replicas', () => fm.apply(applied, withReplicas(config, 6), 'kubectl', false));
const { replicas: _replicas, ...specWithoutReplicas } = config.spec as Record<string, unknown>;
const withoutReplicas = { ...config, spec: specWithoutReplicas };
measure('apply without replicas, hpa owning them', () => fm.apply(shared, withoutReplicas, 'kubectl', false));
