import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { StatusError } from '../../api/errors/errors.js';
import type { GroupVersionKind, ManagedFieldsEntry } from '../../apis/meta/v1/types.js';
import { makePath } from '../../structured-merge-diff/fieldpath/path.js';
import { FieldSet } from '../../structured-merge-diff/fieldpath/set.js';
import { type ApiObject, type FieldManager, newDefaultFieldManager, type ObjectCreater } from './fieldmanager.js';
import { loadBuiltinTypeConverter, type TypeConverter } from './typeconverter.js';
import { loadBuiltinObjectCreater } from './zero-objects.js';

const fixture = JSON.parse(
  readFileSync(new URL('./testdata/deployment-nginx-managedfields.json', import.meta.url), 'utf8'),
) as ManagedFieldsEntry[];
const [createEntry, editEntry] = fixture as [ManagedFieldsEntry, ManagedFieldsEntry, ManagedFieldsEntry];

const deploymentKind: GroupVersionKind = { group: 'apps', version: 'v1', kind: 'Deployment' };

/** What `kubectl create deployment nginx --image=nginx` stores once the server has defaulted it. */
function createdDeployment(): ApiObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx', namespace: 'default', creationTimestamp: null, labels: { app: 'nginx' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'nginx' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx',
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              imagePullPolicy: 'Always',
            },
          ],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: {},
          schedulerName: 'default-scheduler',
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
}

/** The stored object: what the registry adds on create. */
function stored(obj: ApiObject): ApiObject {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      uid: 'uid-1',
      resourceVersion: '1',
      generation: 1,
      creationTimestamp: '2023-08-23T10:58:46Z',
    },
  };
}

let typeConverter: TypeConverter;
let creater: ObjectCreater;
beforeAll(async () => {
  typeConverter = await loadBuiltinTypeConverter();
  creater = await loadBuiltinObjectCreater();
});

function clock(time: string): () => Date {
  return () => new Date(time);
}

function deploymentManager(time: string, subresource = ''): FieldManager {
  // The deployment strategies' reset fields: status on the main resource; spec and labels on status.
  const resetFields =
    subresource === 'status'
      ? new Map([['apps/v1', FieldSet.of(makePath('spec'), makePath('metadata', 'labels'))]])
      : new Map([['apps/v1', FieldSet.of(makePath('status'))]]);
  return newDefaultFieldManager({
    typeConverter,
    objectCreater: creater,
    kind: deploymentKind,
    subresource,
    resetFields,
    now: clock(time),
  });
}

function entries(obj: ApiObject): ManagedFieldsEntry[] {
  return obj.metadata?.managedFields ?? [];
}

describe('managedFields of a Deployment, as a cluster writes them', () => {
  it('records `kubectl create deployment` exactly as upstream: same entry, same fieldsV1 bytes', () => {
    const created = deploymentManager('2023-08-23T10:58:46Z').update(
      creater.newObject(deploymentKind),
      createdDeployment(),
      'kubectl-create',
    );
    expect(entries(created)).toHaveLength(1);
    const entry = entries(created)[0] as ManagedFieldsEntry;
    // Field order of metav1.ManagedFieldsEntry as the server writes it.
    expect(Object.keys(entry)).toEqual(['manager', 'operation', 'apiVersion', 'time', 'fieldsType', 'fieldsV1']);
    expect(JSON.stringify(entry.fieldsV1)).toBe(JSON.stringify(createEntry.fieldsV1));
    expect(entry).toEqual(createEntry);
  });

  it('records `kubectl edit` adding labels, and the controller’s status write, as upstream', () => {
    const live = stored(
      deploymentManager('2023-08-23T10:58:46Z').update(
        creater.newObject(deploymentKind),
        createdDeployment(),
        'kubectl-create',
      ),
    );
    const edited = structuredClone(live) as ApiObject & {
      spec: { template: { metadata: { labels: Record<string, string> } } };
    };
    Object.assign(edited.metadata?.labels ?? {}, { service: 'test', squad: 'DevOps' });
    Object.assign(edited.spec.template.metadata.labels, { service: 'test', squad: 'DevOps' });
    const afterEdit = deploymentManager('2023-08-23T11:00:53Z').update(live, edited, 'kubectl-edit');
    expect(JSON.stringify(entries(afterEdit)[1]?.fieldsV1)).toBe(JSON.stringify(editEntry.fieldsV1));

    const withStatus = structuredClone(afterEdit);
    withStatus.metadata = { ...withStatus.metadata, annotations: { 'deployment.kubernetes.io/revision': '2' } };
    const condition = (type: string) => ({
      lastTransitionTime: '2023-08-23T10:58:46Z',
      lastUpdateTime: '2023-08-23T11:00:55Z',
      message: 'm',
      reason: 'r',
      status: 'True',
      type,
    });
    withStatus.status = {
      availableReplicas: 1,
      conditions: [condition('Progressing'), condition('Available')],
      observedGeneration: 2,
      readyReplicas: 1,
      replicas: 1,
      updatedReplicas: 1,
    };
    const afterStatus = deploymentManager('2023-11-13T00:25:11Z', 'status').update(
      afterEdit,
      withStatus,
      'kube-controller-manager',
    );
    expect(entries(afterStatus)).toEqual(fixture);
    expect(JSON.stringify(entries(afterStatus).map((e) => e.fieldsV1))).toBe(
      JSON.stringify(fixture.map((e) => e.fieldsV1)),
    );
  });
});

describe('updates', () => {
  const created = (): ApiObject =>
    stored(
      deploymentManager('2024-01-01T00:00:00Z').update(
        creater.newObject(deploymentKind),
        createdDeployment(),
        'kubectl-create',
      ),
    );

  it('writes nothing new for a write that changes nothing: entries and times stay', () => {
    const live = created();
    const again = deploymentManager('2024-06-01T00:00:00Z').update(live, structuredClone(live), 'kubectl-replace');
    expect(entries(again)).toEqual(entries(live));
  });

  it('merges a manager’s updates into one entry with the latest time', () => {
    const live = created();
    const fm = deploymentManager('2024-02-01T00:00:00Z');
    const first = fm.update(
      live,
      { ...structuredClone(live), spec: { ...(live.spec as object), replicas: 3 } },
      'scaler',
    );
    const second = deploymentManager('2024-03-01T00:00:00Z').update(
      first,
      { ...structuredClone(first), spec: { ...(first.spec as object), minReadySeconds: 5 } },
      'scaler',
    );
    const scaler = entries(second).filter((e) => e.manager === 'scaler');
    expect(scaler).toHaveLength(1);
    expect(scaler[0]?.time).toBe('2024-03-01T00:00:00Z');
    expect(scaler[0]?.fieldsV1).toEqual({ 'f:spec': { 'f:minReadySeconds': {}, 'f:replicas': {} } });
    expect(entries(second).find((e) => e.manager === 'kubectl-create')?.fieldsV1).not.toHaveProperty([
      'f:spec',
      'f:replicas',
    ]);
  });

  it('drops the entry of a manager whose last field another update takes', () => {
    const live = created();
    const scaled = deploymentManager('2024-02-01T00:00:00Z').update(
      live,
      { ...structuredClone(live), spec: { ...(live.spec as object), replicas: 3 } },
      'scaler',
    );
    const back = deploymentManager('2024-03-01T00:00:00Z').update(
      scaled,
      { ...structuredClone(scaled), spec: { ...(scaled.spec as object), replicas: 1 } },
      'other',
    );
    expect(entries(back).map((e) => e.manager)).toEqual(['kubectl-create', 'other']);
  });

  it('honours managedFields a client sends, resets them on an empty list or one empty entry, and ignores them when invalid', () => {
    const live = created();
    const fm = deploymentManager('2024-02-01T00:00:00Z');
    const sent: ManagedFieldsEntry[] = [
      {
        manager: 'someone',
        operation: 'Update',
        apiVersion: 'apps/v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ];
    const honoured = fm.update(live, withEntries(live, sent), 'kubectl-replace');
    expect(entries(honoured)).toEqual(sent);

    // Reset: nobody owned anything before, so the write starts no tracking (the object stays untracked).
    expect(entries(fm.update(live, withEntries(live, []), 'kubectl-replace'))).toEqual([]);
    expect(entries(fm.update(live, withEntries(live, [{}]), 'kubectl-replace'))).toEqual([]);

    const invalid = fm.update(
      live,
      withEntries(live, [{ manager: 'x', operation: 'Bogus', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' }]),
      'kubectl-replace',
    );
    expect(entries(invalid)).toEqual(entries(live));
  });

  it('ignores managedFields sent to a subresource', () => {
    const live = created();
    const status = deploymentManager('2024-02-01T00:00:00Z', 'status');
    const out = status.update(
      live,
      withEntries({ ...structuredClone(live), status: { replicas: 1 } }, []),
      'controller',
    );
    expect(entries(out).map((e) => [e.manager, e.subresource])).toEqual([
      ['kubectl-create', undefined],
      ['controller', 'status'],
    ]);
  });

  it('keeps at most ten update entries, merging the oldest into ancient-changes', () => {
    let live = created();
    for (let i = 0; i < 12; i++) {
      const next = {
        ...structuredClone(live),
        metadata: { ...live.metadata, labels: { ...live.metadata?.labels, [`l${i}`]: 'x' } },
      };
      live = deploymentManager(`2024-02-${String(i + 1).padStart(2, '0')}T00:00:00Z`).update(
        live,
        next,
        `manager-${i}`,
      );
    }
    const managers = entries(live).map((e) => e.manager);
    expect(managers).toHaveLength(10);
    expect(managers[0]).toBe('ancient-changes');
    expect(managers).not.toContain('kubectl-create');
    expect(entries(live)[0]?.fieldsV1).toHaveProperty(['f:metadata', 'f:labels', 'f:l0']);
  });
});

function withEntries(obj: ApiObject, managedFields: ManagedFieldsEntry[]): ApiObject {
  return { ...structuredClone(obj), metadata: { ...obj.metadata, managedFields } };
}

describe('server-side apply', () => {
  const applied = (replicas: number, extra: Record<string, unknown> = {}): ApiObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] },
      },
      ...extra,
    },
  });

  function applyTo(
    live: ApiObject | undefined,
    obj: ApiObject,
    manager: string,
    force = false,
    time = '2024-01-01T00:00:00Z',
  ): ApiObject {
    const base = live ?? creater.newObject(deploymentKind);
    const out = deploymentManager(time).apply(base, obj, manager, force);
    return live ? out : stored(out);
  }

  it('creates an object from nothing, owning exactly what was applied (a port keyed with its default protocol)', () => {
    const out = applyTo(undefined, applied(2), 'kubectl');
    expect(entries(out)).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2024-01-01T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"web"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                  },
                },
              },
            },
          },
        },
      },
    ]);
    expect((out.spec as { replicas: number }).replicas).toBe(2);
  });

  it('changes nothing, not even the entry time, when the same configuration is applied again', () => {
    const live = applyTo(undefined, applied(2), 'kubectl');
    const again = applyTo(live, applied(2), 'kubectl', false, '2024-05-05T00:00:00Z');
    expect(again).toEqual(live);
  });

  it('answers 409 naming every field another manager owns with a different value, as upstream words it', () => {
    let live = applyTo(undefined, applied(2), 'kubectl');
    live = stored(
      deploymentManager('2024-01-02T00:00:00Z').update(
        live,
        { ...structuredClone(live), spec: { ...(live.spec as object), replicas: 5, minReadySeconds: 3 } },
        'kubectl-edit',
      ),
    );
    let err: unknown;
    try {
      applyTo(live, applied(2, { minReadySeconds: 1 }), 'kubectl');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    const status = (err as StatusError).status;
    expect(status.code).toBe(409);
    expect(status.reason).toBe('Conflict');
    expect(status.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-edit" using apps/v1:\n- .spec.minReadySeconds\n- .spec.replicas',
    );
    expect(status.details?.causes).toEqual([
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-edit" using apps/v1',
        field: '.spec.minReadySeconds',
      },
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-edit" using apps/v1',
        field: '.spec.replicas',
      },
    ]);

    const forced = applyTo(live, applied(2, { minReadySeconds: 1 }), 'kubectl', true);
    expect((forced.spec as { replicas: number }).replicas).toBe(2);
    expect(entries(forced).map((e) => e.manager)).toEqual(['kubectl']);
  });

  it('words a single conflict as upstream', () => {
    let live = applyTo(undefined, applied(2), 'kubectl');
    live = stored(
      deploymentManager('2024-01-02T00:00:00Z').update(
        live,
        { ...structuredClone(live), spec: { ...(live.spec as object), replicas: 5 } },
        'hpa',
      ),
    );
    expect(() => applyTo(live, applied(3), 'kubectl')).toThrow(
      'Apply failed with 1 conflict: conflict with "hpa" using apps/v1: .spec.replicas',
    );
  });

  it('removes fields the applier stops sending unless another manager owns them', () => {
    let live = applyTo(undefined, applied(2, { minReadySeconds: 4, paused: false }), 'kubectl');
    live = applyTo(
      live,
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { paused: false } },
      'other',
    );
    const out = applyTo(live, applied(2), 'kubectl');
    expect(out.spec).not.toHaveProperty('minReadySeconds');
    expect(out.spec).toHaveProperty('paused', false);
  });

  it('leaves no null behind where Go structs would not write one', () => {
    const withLabels = applied(2);
    (withLabels.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels.tier =
      'web';
    let live = applyTo(
      undefined,
      { ...withLabels, metadata: { name: 'web', namespace: 'default', labels: { only: 'x' } } },
      'kubectl',
    );
    live = applyTo(
      live,
      { ...applied(2), spec: { ...(applied(2).spec as object), strategy: null, minReadySeconds: null } },
      'kubectl',
    );
    // The last label went (the merge leaves null there; Go's labels map is omitempty).
    expect(live.metadata).not.toHaveProperty('labels');
    // A null struct is Go's zero struct; a null omitempty scalar is no field.
    expect(live.spec).toHaveProperty('strategy', {});
    expect(live.spec).not.toHaveProperty('minReadySeconds');
  });

  it('rejects an applied object of another version or kind, with managedFields, or off-schema — 400 with upstream’s words', () => {
    const live = applyTo(undefined, applied(2), 'kubectl');
    const bad = (obj: ApiObject): StatusError => {
      try {
        applyTo(live, obj, 'kubectl');
      } catch (e) {
        return e as StatusError;
      }
      throw new Error('expected an error');
    };
    expect(bad({ ...applied(2), apiVersion: 'apps/v1beta1' }).status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'invalid object type: apps/v1beta1, Kind=Deployment',
    });
    expect(bad({ ...applied(2), kind: 'StatefulSet' }).message).toBe('invalid object type: apps/v1, Kind=StatefulSet');
    expect(bad(withEntries(applied(2), [])).message).toBe('metadata.managedFields must be nil');
    expect(bad(applied(2, { bogus: 1 })).status).toMatchObject({
      code: 400,
      message:
        'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.bogus: field not declared in schema',
    });
    expect(bad(applied(2, { replicas: 'two' })).message).toBe(
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string',
    );
    const dup = applied(2);
    (dup.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers.push({
      name: 'web',
      image: 'x',
    });
    expect(bad(dup).message).toBe(
      'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="web"]',
    );
  });

  it('takes over a client-side applied object without conflicts when kubectl applies server-side', () => {
    const lastApplied = JSON.stringify(applied(2));
    const csa = {
      ...applied(2),
      metadata: {
        name: 'web',
        namespace: 'default',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied },
      },
    };
    const live = stored(
      deploymentManager('2024-01-01T00:00:00Z').update(
        creater.newObject(deploymentKind),
        csa,
        'kubectl-client-side-apply',
      ),
    );
    expect(entries(live).map((e) => e.manager)).toEqual(['kubectl-client-side-apply']);

    // Another manager name is not migrated: the fields kubectl-client-side-apply set conflict.
    expect(() => applyTo(live, applied(3), 'my-controller')).toThrow(
      /conflict with "kubectl-client-side-apply" using apps\/v1: \.spec\.replicas/,
    );

    const ssa = applyTo(live, applied(3), 'kubectl');
    expect((ssa.spec as { replicas: number }).replicas).toBe(3);
    expect(entries(ssa).find((e) => e.manager === 'kubectl')?.operation).toBe('Apply');
    // The annotation follows the server-side applied configuration (Go's JSON, sorted keys, newline).
    const annotation = ssa.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '';
    expect(annotation.endsWith('}\n')).toBe(true);
    expect(JSON.parse(annotation)).toEqual(applied(3));
    expect(
      annotation.startsWith(
        '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},"spec":',
      ),
    ).toBe(true);
  });

  it('still conflicts on fields the client-side apply no longer matches', () => {
    const lastApplied = JSON.stringify(applied(2));
    const csa = {
      ...applied(2),
      metadata: {
        name: 'web',
        namespace: 'default',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied },
      },
    };
    let live = stored(
      deploymentManager('2024-01-01T00:00:00Z').update(
        creater.newObject(deploymentKind),
        csa,
        'kubectl-client-side-apply',
      ),
    );
    live = stored(
      deploymentManager('2024-01-02T00:00:00Z').update(
        live,
        { ...structuredClone(live), spec: { ...(live.spec as object), replicas: 7 } },
        'kubectl-client-side-apply',
      ),
    );
    expect(() => applyTo(live, applied(3), 'kubectl')).toThrow(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
  });

  it('starts tracking an untracked object at its first apply: its fields belong to before-first-apply', () => {
    const untracked = stored(applied(2));
    const out = applyTo(
      untracked,
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { minReadySeconds: 2 } },
      'kubectl',
    );
    expect(entries(out).map((e) => e.manager)).toEqual(['kubectl', 'before-first-apply']);
    expect(() => applyTo(untracked, applied(5), 'kubectl')).toThrow(
      /conflict with "before-first-apply" using apps\/v1/,
    );
  });
});
