import { describe, expect, it } from 'vitest';
import type { Pod, Service } from '../../apis/core/v1/types.js';
import type { Deployment } from '../../apis/apps/v1/types.js';
import { newSystemContext } from '../../endpoints/request/context.js';
import { newTableConvertor } from '../tablegenerator.js';
import { printPod, podColumns } from './printers-pod.js';
import { deploymentTableConvertor, jobTableConvertor } from './printers-apps.js';
import { configMapTableConvertor, serviceTableConvertor, formatEndpoints } from './printers-core.js';

const now = new Date('2024-01-01T01:00:00Z');
const created = '2024-01-01T00:55:00Z';
const ctx = newSystemContext();

function pod(status: Pod['status'], spec: Pod['spec'] = { containers: [{ name: 'c', image: 'x' }] }): Pod {
  return { metadata: { name: 'web', creationTimestamp: created }, spec, status };
}

describe('pod printer', () => {
  it('declares upstream columns with wide ones at priority 1', () => {
    expect(podColumns.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Status', 'string', 0],
      ['Restarts', 'string', 0],
      ['Age', 'string', 0],
      ['IP', 'string', 1],
      ['Node', 'string', 1],
      ['Nominated Node', 'string', 1],
      ['Readiness Gates', 'string', 1],
    ]);
  });

  it('prints a pending pod', () => {
    expect(printPod(pod({ phase: 'Pending' }), now).cells).toEqual([
      'web',
      '0/1',
      'Pending',
      '0',
      '5m',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
  });

  it('prints a running pod with restarts and their age', () => {
    const p = pod({
      phase: 'Running',
      podIPs: [{ ip: '10.0.0.5' }],
      containerStatuses: [
        {
          name: 'c',
          ready: true,
          restartCount: 2,
          state: { running: {} },
          lastState: { terminated: { exitCode: 1, finishedAt: '2024-01-01T00:58:00Z' } },
        },
      ],
    });
    p.spec!.nodeName = 'node-1';
    expect(printPod(p, now).cells.slice(0, 7)).toEqual([
      'web',
      '1/1',
      'Running',
      '2 (2m ago)',
      '5m',
      '10.0.0.5',
      'node-1',
    ]);
  });

  it('shows waiting reasons, init progress and Terminating', () => {
    expect(
      printPod(
        pod({
          phase: 'Pending',
          containerStatuses: [{ name: 'c', state: { waiting: { reason: 'ImagePullBackOff' } } }],
        }),
        now,
      ).cells[2],
    ).toBe('ImagePullBackOff');
    const withInit = pod(
      { phase: 'Pending', initContainerStatuses: [{ name: 'i', state: { waiting: { reason: 'PodInitializing' } } }] },
      { initContainers: [{ name: 'i', image: 'x' }], containers: [{ name: 'c', image: 'x' }] },
    );
    expect(printPod(withInit, now).cells[2]).toBe('Init:0/1');
    const crashing = pod(
      { phase: 'Pending', initContainerStatuses: [{ name: 'i', state: { terminated: { exitCode: 2 } } }] },
      { initContainers: [{ name: 'i', image: 'x' }], containers: [{ name: 'c', image: 'x' }] },
    );
    expect(printPod(crashing, now).cells[2]).toBe('Init:ExitCode:2');
    const deleting = pod({ phase: 'Running' });
    deleting.metadata.deletionTimestamp = created;
    expect(printPod(deleting, now).cells[2]).toBe('Terminating');
  });

  it('marks finished pods with a Completed row condition', () => {
    expect(
      printPod(
        pod({
          phase: 'Succeeded',
          containerStatuses: [{ name: 'c', state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
        }),
        now,
      ),
    ).toMatchObject({
      cells: ['web', '0/1', 'Completed', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
      conditions: [{ type: 'Completed', status: 'True', reason: 'Succeeded' }],
    });
  });
});

describe('table conversion', () => {
  it('builds one row per list item with list metadata and PartialObjectMetadata rows', () => {
    const conv = newTableConvertor<Pod>(podColumns, printPod, () => now);
    const table = conv.convertToTable(ctx, {
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '7' },
      items: [pod({ phase: 'Pending' })],
    });
    expect(table).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '7' } });
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]?.object).toMatchObject({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'web' },
    });
  });

  it('prints deployments, services, configmaps and jobs like upstream', () => {
    const d: Deployment = {
      metadata: { name: 'web', creationTimestamp: created },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    expect(deploymentTableConvertor.convertToTable(ctx, d).rows[0]?.cells.slice(0, 4)).toEqual(['web', '2/3', 3, 2]);
    expect(deploymentTableConvertor.convertToTable(ctx, d).rows[0]?.cells.slice(5)).toEqual([
      'nginx',
      'nginx:1.27',
      'app=web',
    ]);
    const svc: Service = {
      metadata: { name: 'web', creationTimestamp: created },
      spec: {
        type: 'NodePort',
        clusterIPs: ['10.96.0.10'],
        ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }],
        selector: { app: 'web' },
      },
    };
    expect(serviceTableConvertor.convertToTable(ctx, svc).rows[0]?.cells.filter((_, i) => i !== 5)).toEqual([
      'web',
      'NodePort',
      '10.96.0.10',
      '<none>',
      '80:30080/TCP',
      'app=web',
    ]);
    expect(
      configMapTableConvertor
        .convertToTable(ctx, { metadata: { name: 'c' }, data: { a: '1' }, binaryData: { b: '' } })
        .rows[0]?.cells.slice(0, 2),
    ).toEqual(['c', 2]);
    const job = {
      metadata: { name: 'pi' },
      spec: { completions: 1 },
      status: {
        succeeded: 1,
        conditions: [{ type: 'Complete', status: 'True' }],
        startTime: '2024-01-01T00:00:00Z',
        completionTime: '2024-01-01T00:00:42Z',
      },
    };
    expect(jobTableConvertor.convertToTable(ctx, job).rows[0]?.cells.slice(0, 4)).toEqual([
      'pi',
      'Complete',
      '1/1',
      '42s',
    ]);
  });

  it('formats endpoints with at most three addresses', () => {
    expect(
      formatEndpoints({
        metadata: {},
        subsets: [
          {
            addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }, { ip: '10.0.0.4' }],
            ports: [{ port: 80 }],
          },
        ],
      }),
    ).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...');
    expect(formatEndpoints({ metadata: {} })).toBe('<none>');
  });
});
