/**
 * Custom resources: a real CRD's schema (gateway-api's Gateway, from /work/shared/crds) through
 * the same converter as the built-ins, and the deduced converter for CRDs without one.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { GroupVersionKind } from '../../apis/meta/v1/types.js';
import { loadBuiltinDefinitions, type SchemaObject, withDefinitions } from '../../openapi/definitions.js';
import { makePath } from '../../structured-merge-diff/fieldpath/path.js';
import { FieldSet } from '../../structured-merge-diff/fieldpath/set.js';
import { type ApiObject, type FieldManager, newDefaultCRDFieldManager } from './fieldmanager.js';
import { newDeducedTypeConverter, newTypeConverter, type TypeConverter } from './typeconverter.js';

const gatewayAPI = '/work/shared/crds/gateway-api-v1.6.1';
const gatewayKind: GroupVersionKind = { group: 'gateway.networking.k8s.io', version: 'v1', kind: 'Gateway' };

interface CRD {
  spec: { versions: { name: string; schema: { openAPIV3Schema: SchemaObject } }[] };
}

/** The definition upstream's CRD OpenAPI builder makes of a version's schema: metadata is ObjectMeta. */
function crdDefinition(crd: CRD, gvk: GroupVersionKind): SchemaObject {
  const version = crd.spec.versions.find((v) => v.name === gvk.version);
  const schema = version?.schema.openAPIV3Schema ?? {};
  return {
    ...schema,
    properties: {
      ...schema.properties,
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    },
    'x-kubernetes-group-version-kind': [gvk],
  };
}

function yamlDocs(path: string): ApiObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJSON() as ApiObject);
}

let typeConverter: TypeConverter;
beforeAll(async () => {
  const crd = yamlDocs(`${gatewayAPI}/crds/gateway.networking.k8s.io_gateways.yaml`)[0] as unknown as CRD;
  const defs = withDefinitions(await loadBuiltinDefinitions(), {
    'io.k8s.networking.gateway.v1.Gateway': crdDefinition(crd, gatewayKind),
  });
  typeConverter = newTypeConverter(defs, false);
});

function gatewayManager(time: string): FieldManager {
  return newDefaultCRDFieldManager({
    typeConverter,
    kind: gatewayKind,
    resetFields: new Map([['gateway.networking.k8s.io/v1', FieldSet.of(makePath('status'))]]),
    now: () => new Date(time),
  });
}

describe('server-side apply of a custom resource with a schema', () => {
  const example = (): ApiObject => {
    const gateway = yamlDocs(`${gatewayAPI}/examples/basic-http.yaml`).find((o) => o.kind === 'Gateway');
    if (!gateway) throw new Error('no Gateway in the example');
    return gateway;
  };

  it('keys listeners by name, as the CRD’s x-kubernetes-list-map-keys say', () => {
    const out = gatewayManager('2024-01-01T00:00:00Z').apply(
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway' },
      example(),
      'kubectl',
      false,
    );
    expect(out.metadata?.managedFields?.[0]?.fieldsV1).toEqual({
      'f:spec': {
        'f:gatewayClassName': {},
        'f:listeners': { 'k:{"name":"http"}': { '.': {}, 'f:name': {}, 'f:port': {}, 'f:protocol': {} } },
      },
    });
  });

  it('lets two appliers own one listener each, and conflicts on a shared one', () => {
    const created = gatewayManager('2024-01-01T00:00:00Z').apply(
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway' },
      example(),
      'kubectl',
      false,
    );
    const live = { ...created, metadata: { ...created.metadata, uid: 'u1' } };
    const https = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'my-gateway' },
      spec: { listeners: [{ name: 'https', protocol: 'HTTPS', port: 443 }] },
    };
    const both = gatewayManager('2024-01-02T00:00:00Z').apply(live, https, 'tls-operator', false);
    expect((both.spec as { listeners: { name: string }[] }).listeners.map((l) => l.name)).toEqual(['http', 'https']);
    const takeover = { ...https, spec: { listeners: [{ name: 'http', protocol: 'HTTP', port: 8080 }] } };
    expect(() => gatewayManager('2024-01-03T00:00:00Z').apply(both, takeover, 'tls-operator', false)).toThrow(
      'Apply failed with 1 conflict: conflict with "kubectl": .spec.listeners[name="http"].port',
    );
  });

  it('rejects what the CRD schema does not declare', () => {
    const bad = { ...example(), spec: { ...(example().spec as object), bogus: true } };
    expect(() =>
      gatewayManager('2024-01-01T00:00:00Z').apply(
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway' },
        bad,
        'kubectl',
        false,
      ),
    ).toThrow(
      'failed to create typed patch object (/my-gateway; gateway.networking.k8s.io/v1, Kind=Gateway): .spec.bogus: field not declared in schema',
    );
  });
});

describe('custom resources without a schema (deduced types)', () => {
  const kind: GroupVersionKind = { group: 'example.com', version: 'v1', kind: 'Widget' };
  const fm = (time: string): FieldManager =>
    newDefaultCRDFieldManager({ typeConverter: newDeducedTypeConverter(), kind, now: () => new Date(time) });
  const widget = (spec: Record<string, unknown>): ApiObject => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w' },
    spec,
  });

  it('merges maps field by field and owns lists whole', () => {
    const first = fm('2024-01-01T00:00:00Z').apply(
      { apiVersion: 'example.com/v1', kind: 'Widget' },
      widget({ size: 1, tags: ['a', 'b'], nested: { x: 1 } }),
      'one',
      false,
    );
    expect(first.metadata?.managedFields?.[0]?.fieldsV1).toEqual({
      'f:spec': { '.': {}, 'f:nested': { '.': {}, 'f:x': {} }, 'f:size': {}, 'f:tags': {} },
    });
    const live = { ...first, metadata: { ...first.metadata, uid: 'u' } };
    const second = fm('2024-01-02T00:00:00Z').apply(live, widget({ nested: { y: 2 }, tags: ['a', 'b'] }), 'two', false);
    expect(second.spec).toEqual({ size: 1, tags: ['a', 'b'], nested: { x: 1, y: 2 } });
    expect(() => fm('2024-01-03T00:00:00Z').apply(second, widget({ tags: ['c'] }), 'two', false)).toThrow(
      /conflict with "one": \.spec\.tags/,
    );
  });
});
