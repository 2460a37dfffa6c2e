import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinDefinitions } from '../../openapi/definitions.js';
import { type SchemaIndex, newSchemaIndex } from '../../openapi/schema-index.js';
import { prune } from './prune.js';
import type { Structural } from './structural.js';

let index: SchemaIndex;
const kind = (group: string, version: string, k: string) =>
  index.structuralFor({ group, version, kind: k }) as Structural;
beforeAll(async () => {
  index = newSchemaIndex(await loadBuiltinDefinitions());
});

describe('prune', () => {
  it('removes unknown fields at every depth and reports their paths', () => {
    const pod = {
      metadata: { name: 'p', bogus: 1 },
      spec: { containers: [{ name: 'c' }, { name: 'd', extra: { x: 1 } }], nodeSelector: { a: 'b' } },
      status: { foo: 1 },
    };
    const result = prune(pod, kind('', 'v1', 'Pod'));
    expect(result.unknownFields).toEqual(['metadata.bogus', 'spec.containers[1].extra', 'status.foo']);
    expect(pod).toEqual({
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c' }, { name: 'd' }], nodeSelector: { a: 'b' } },
      status: {},
    });
  });

  it('visits keys in sorted order when asked (YAML bodies)', () => {
    const obj = { spec: { zz: 1, aa: 2 }, metadata: { yy: 1 } };
    expect(prune(obj, kind('apps', 'v1', 'Deployment'), { sortKeys: true }).unknownFields).toEqual([
      'metadata.yy',
      'spec.aa',
      'spec.zz',
    ]);
  });

  it('keeps arbitrary JSON in RawExtension, FieldsV1 and Patch-typed fields', () => {
    const revision = { data: { any: { thing: [1] } }, metadata: { managedFields: [{ fieldsV1: { 'f:spec': {} } }] } };
    expect(prune(revision, kind('apps', 'v1', 'ControllerRevision')).unknownFields).toEqual([]);
    expect(revision.data).toEqual({ any: { thing: [1] } });
  });

  it('accepts null for any field, as Go leaves the zero value', () => {
    expect(prune({ spec: { replicas: null, template: null } }, kind('apps', 'v1', 'Deployment'))).toEqual({
      unknownFields: [],
    });
  });

  it.each([
    [
      { spec: { replicas: 1.5 } },
      'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      { spec: { replicas: 2 ** 31 } },
      'json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [{ spec: 'x' }, 'json: cannot unmarshal string into Go struct field Deployment.spec of type v1.DeploymentSpec'],
    [
      { spec: { paused: 'yes' } },
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool',
    ],
    [
      { metadata: { labels: { a: 1 } } },
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    ],
    [
      { metadata: { finalizers: 'x' } },
      'json: cannot unmarshal string into Go struct field ObjectMeta.metadata.finalizers of type []string',
    ],
    [
      { spec: { template: { spec: { containers: {} } } } },
      'json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container',
    ],
    [
      { spec: { strategy: { rollingUpdate: { maxSurge: true } } } },
      'json: cannot unmarshal bool into Go value of type int32',
    ],
    [
      { spec: { template: { spec: { overhead: { cpu: 'lots' } } } } },
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ],
    [
      { metadata: { creationTimestamp: 'yesterday' } },
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    ],
  ])('reports %j as Go would: %s', (obj, message) => {
    expect(prune(obj, kind('apps', 'v1', 'Deployment')).typeError).toBe(message);
  });

  it('accepts the special types in their valid forms', () => {
    const obj = {
      metadata: { creationTimestamp: '2024-01-02T03:04:05Z' },
      spec: {
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
        template: { spec: { overhead: { cpu: '100m', memory: 1024 } } },
      },
    };
    expect(prune(obj, kind('apps', 'v1', 'Deployment'))).toEqual({ unknownFields: [] });
  });

  it('checks base64 in byte fields as Go decodes them', () => {
    const secret = kind('', 'v1', 'Secret');
    expect(prune({ data: { a: 'aGVsbG8=', b: 'aGVs\nbG8=' } }, secret).typeError).toBeUndefined();
    expect(prune({ data: { a: 'aGVsbG8' } }, secret).typeError).toBe('illegal base64 data at input byte 4');
    expect(prune({ data: { a: 'a$==' } }, secret).typeError).toBe('illegal base64 data at input byte 1');
  });
});
