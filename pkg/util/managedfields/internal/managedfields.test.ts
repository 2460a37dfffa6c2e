import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ManagedFieldsEntry } from '../../../apis/meta/v1/types.js';
import { makePath } from '../../../structured-merge-diff/fieldpath/path.js';
import { FieldSet } from '../../../structured-merge-diff/fieldpath/set.js';
import { versionedSet } from '../../../structured-merge-diff/fieldpath/managers.js';
import { capUpdateManagers } from './capmanagers.js';
import { isResetManagedFields } from './fieldmanager.js';
import {
  buildManagerIdentifier,
  decodeManagedFields,
  encodeManagedFields,
  type Managed,
  sortEncodedManagedFields,
} from './managedfields.js';

describe('managedFields entries', () => {
  // Upstream's TestRoundTripManagedFields data: decoding then encoding gives the entries back.
  const roundTrips = [
    `- apiVersion: v1
  fieldsType: FieldsV1
  fieldsV1:
    v:3:
      f:alsoPi: {}
    v:3.1415:
      f:pi: {}
    v:false:
      f:notTrue: {}
  manager: foo
  operation: Update
  time: "2001-02-03T04:05:06Z"
- apiVersion: v1beta1
  fieldsType: FieldsV1
  fieldsV1:
    i:5:
      f:i: {}
  manager: foo
  operation: Update
  time: "2011-12-13T14:15:16Z"
`,
    `- apiVersion: v1
  fieldsType: FieldsV1
  fieldsV1:
    f:spec:
      f:containers:
        k:{"name":"c"}:
          f:image: {}
          f:name: {}
  manager: foo
  operation: Apply
`,
    `- apiVersion: v1
  fieldsType: FieldsV1
  fieldsV1:
    f:apiVersion: {}
    f:kind: {}
    f:metadata:
      f:labels:
        f:app: {}
      f:name: {}
    f:spec:
      f:replicas: {}
      f:selector:
        f:matchLabels:
          f:app: {}
      f:template:
        f:medatada:
          f:labels:
            f:app: {}
        f:spec:
          f:containers:
            k:{"name":"nginx"}:
              .: {}
              f:image: {}
              f:name: {}
              f:ports:
                i:0:
                  f:containerPort: {}
  manager: foo
  operation: Update
`,
    `- apiVersion: v1
  fieldsType: FieldsV1
  fieldsV1:
    f:spec:
      f:replicas: {}
  manager: foo
  operation: Update
  subresource: scale
`,
  ];

  it.each(roundTrips.map((y, i) => [i, y]))('round-trips upstream example %i', (_, text) => {
    const entries = parse(text) as ManagedFieldsEntry[];
    const encoded = encodeManagedFields(decodeManagedFields(entries));
    expect(encoded).toEqual(entries);
    // Key order within fieldsV1 too (JSON.stringify keeps it).
    expect(JSON.stringify(encoded?.map((e) => e.fieldsV1))).toBe(JSON.stringify(entries.map((e) => e.fieldsV1)));
  });

  it('encodes no managers as no managedFields', () => {
    expect(encodeManagedFields(decodeManagedFields(undefined))).toBeUndefined();
    expect(encodeManagedFields(decodeManagedFields([]))).toBeUndefined();
  });

  it('normalizes entry times as metav1.Time writes them back', () => {
    const entries: ManagedFieldsEntry[] = [
      {
        manager: 'a',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2001-02-03T06:05:06.789+02:00',
        fieldsType: 'FieldsV1',
        fieldsV1: {},
      },
    ];
    expect(encodeManagedFields(decodeManagedFields(entries))?.[0]?.time).toBe('2001-02-03T04:05:06Z');
  });

  it('identifies a manager by name, operation, subresource and (for updates) version (upstream TestBuildManagerIdentifier)', () => {
    expect(
      buildManagerIdentifier({ apiVersion: 'v1', manager: 'foo', operation: 'Update', time: '2001-02-03T04:05:06Z' }),
    ).toBe('{"manager":"foo","operation":"Update","apiVersion":"v1"}');
    expect(buildManagerIdentifier({ apiVersion: 'v1', manager: 'foo', operation: 'Apply' })).toBe(
      '{"manager":"foo","operation":"Apply"}',
    );
    expect(buildManagerIdentifier({ apiVersion: 'v1', manager: 'foo', operation: 'Apply', subresource: 'scale' })).toBe(
      '{"manager":"foo","operation":"Apply","subresource":"scale"}',
    );
  });

  it('sorts Apply before Update, then oldest first (no time first), then by manager (upstream TestSortEncodedManagedFields)', () => {
    const sorted = sortEncodedManagedFields([
      { manager: 'a', operation: 'Update', time: '2001-01-01T01:00:00Z' },
      { manager: 'a', operation: 'Apply', time: '2001-01-01T01:00:00Z' },
      { manager: 'b', operation: 'Apply' },
      { manager: 'a', operation: 'Apply' },
      { manager: 'c', operation: 'Update', time: '2000-01-01T01:00:00Z' },
      { manager: 'a', operation: 'Update', apiVersion: 'v2', time: '2001-01-01T01:00:00Z' },
    ]);
    expect(sorted.map((e) => `${e.operation} ${e.manager} ${e.apiVersion ?? ''} ${e.time ?? ''}`.trim())).toEqual([
      'Apply a',
      'Apply b',
      'Apply a  2001-01-01T01:00:00Z',
      'Update c  2000-01-01T01:00:00Z',
      'Update a  2001-01-01T01:00:00Z',
      'Update a v2 2001-01-01T01:00:00Z',
    ]);
  });

  it('rejects entries upstream rejects, with its messages', () => {
    const entry = (e: ManagedFieldsEntry) => () => decodeManagedFields([e]);
    expect(entry({ manager: 'a', operation: 'Patch', apiVersion: 'v1', fieldsType: 'FieldsV1' })).toThrow(
      'operation must be `Apply` or `Update`',
    );
    expect(entry({ manager: 'a', operation: 'Update', fieldsType: 'FieldsV1' })).toThrow(
      'apiVersion must not be empty',
    );
    expect(entry({ manager: 'a', operation: 'Update', apiVersion: 'v1' })).toThrow(
      'missing fieldsType in managed fields entry 0',
    );
    expect(entry({ manager: 'a', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV2' })).toThrow(
      'invalid fieldsType "FieldsV2" in managed fields entry 0',
    );
    expect(
      entry({ manager: 'a', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'i:x': {} } }),
    ).toThrow(/error decoding set: invalid index/);
  });

  it('treats an explicitly empty list, or one empty entry, as a reset', () => {
    expect(isResetManagedFields([])).toBe(true);
    expect(isResetManagedFields([{}])).toBe(true);
    expect(isResetManagedFields([{ manager: '' }])).toBe(true);
    expect(isResetManagedFields(undefined)).toBe(false);
    expect(isResetManagedFields(null)).toBe(false);
    expect(isResetManagedFields([{ fieldsV1: {} }])).toBe(false);
    expect(isResetManagedFields([{}, {}])).toBe(false);
  });
});

describe('capping update entries', () => {
  function managed(entries: [string, string, string][]): Managed {
    const m: Managed = { fields: new Map(), times: new Map() };
    for (const [name, version, time] of entries) {
      const id = buildManagerIdentifier({ manager: name, operation: 'Update', apiVersion: version });
      m.fields.set(id, versionedSet(FieldSet.of(makePath(name)), version, false));
      m.times.set(id, time);
    }
    return m;
  }

  it('merges the oldest entries of each version into one ancient-changes entry until the cap holds', () => {
    const m = managed([
      ['a', 'v1', '2001-01-01T00:00:01Z'],
      ['b', 'v2', '2001-01-01T00:00:02Z'],
      ['c', 'v1', '2001-01-01T00:00:03Z'],
      ['d', 'v1', '2001-01-01T00:00:04Z'],
      ['e', 'v2', '2001-01-01T00:00:05Z'],
    ]);
    capUpdateManagers(m, 3);
    const entries = encodeManagedFields(m) ?? [];
    expect(entries.map((e) => [e.manager, e.apiVersion, e.time])).toEqual(
      [
        ['ancient-changes', 'v1', '2001-01-01T00:00:04Z'],
        ['e', 'v2', '2001-01-01T00:00:05Z'],
        ['b', 'v2', '2001-01-01T00:00:02Z'],
      ].sort((x, y) => String(x[2]).localeCompare(String(y[2]))),
    );
    expect(entries.find((e) => e.manager === 'ancient-changes')?.fieldsV1).toEqual({ 'f:a': {}, 'f:c': {}, 'f:d': {} });
  });

  it('leaves applied entries and entries under the cap alone', () => {
    const m = managed([
      ['a', 'v1', '2001-01-01T00:00:01Z'],
      ['b', 'v1', '2001-01-01T00:00:02Z'],
    ]);
    capUpdateManagers(m, 2);
    expect([...m.fields.keys()]).toHaveLength(2);
  });
});
