import { describe, expect, it } from 'vitest';
import type { ManagedFieldsEntry } from '../../apis/meta/v1/types.js';
import { makePath } from '../../structured-merge-diff/fieldpath/path.js';
import { type ResourcePathMappings, ScaleHandler } from './scalehandler.js';

const mappings: ResourcePathMappings = new Map([['apps/v1', makePath('spec', 'replicas')]]);
const entry = (
  manager: string,
  fieldsV1: Record<string, unknown>,
  extra: Partial<ManagedFieldsEntry> = {},
): ManagedFieldsEntry => ({
  manager,
  operation: 'Apply',
  apiVersion: 'apps/v1',
  fieldsType: 'FieldsV1',
  fieldsV1,
  ...extra,
});
const replicas = { 'f:spec': { 'f:replicas': {} } };

describe('scale handler (upstream scalehandler_test cases)', () => {
  it('shows the scale endpoint only the managers of the replicas field, as owners of the Scale’s', () => {
    const handler = new ScaleHandler(
      [
        entry('manager-1', { 'f:spec': { 'f:another-field': {} } }),
        entry('manager-2', replicas, { time: '2013-02-03T00:00:00Z' }),
      ],
      'apps/v1',
      mappings,
    );
    expect(handler.toSubresource()).toEqual([
      {
        manager: 'manager-2',
        operation: 'Apply',
        apiVersion: 'autoscaling/v1',
        time: '2013-02-03T00:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: replicas,
      },
    ]);
  });

  it('drops entries of versions it has no mapping for', () => {
    expect(
      new ScaleHandler([entry('manager-1', replicas, { apiVersion: 'apps/v10' })], 'apps/v1', mappings).toSubresource(),
    ).toBeUndefined();
  });

  it('gives the parent’s replicas to the scale writers and takes them from the others', () => {
    const parent = [
      entry('apply', { 'f:spec': { 'f:replicas': {}, 'f:paused': {} } }),
      entry('kept', replicas, { time: '2013-02-03T00:00:00Z' }),
    ];
    const handler = new ScaleHandler(parent, 'apps/v1', mappings);
    const scaleEntries = [
      entry('kept', replicas, { apiVersion: 'autoscaling/v1', time: '2013-02-03T00:00:00Z' }),
      entry('kubectl', replicas, {
        operation: 'Update',
        apiVersion: 'autoscaling/v1',
        subresource: 'scale',
        time: '2014-01-01T00:00:00Z',
      }),
    ];
    expect(handler.toParent(scaleEntries)).toEqual([
      entry('apply', { 'f:spec': { 'f:paused': {} } }),
      entry('kept', replicas, { time: '2013-02-03T00:00:00Z' }),
      // As upstream, an entry new to the parent takes its time from the parent's entries: none.
      entry('kubectl', replicas, { operation: 'Update', subresource: 'scale' }),
    ]);
  });
});
