import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadBuiltinDefinitions,
  newDefinitions,
  withDefinitions,
  type Definitions,
} from '../../openapi/definitions.js';
import { patchMetaForKind, type PatchMeta } from './meta.js';

let definitions: Definitions;
let deployment: PatchMeta;

beforeAll(async () => {
  definitions = await loadBuiltinDefinitions();
  deployment = patchMetaForKind(definitions, { group: 'apps', version: 'v1', kind: 'Deployment' })!;
});

/** Follows struct fields from the root, as a patch does. */
function walk(meta: PatchMeta, ...path: string[]): PatchMeta {
  return path.reduce((m, key) => m.lookupForStruct(key)!.meta, meta);
}

describe('patchMetaForKind', () => {
  it('returns undefined for a kind no definition describes (the handler answers 415)', () => {
    expect(patchMetaForKind(definitions, { group: 'example.com', version: 'v1', kind: 'Widget' })).toBeUndefined();
  });

  it('returns the same compiled metadata on every call for the same definitions', () => {
    expect(patchMetaForKind(definitions, { group: 'apps', version: 'v1', kind: 'Deployment' })).toBe(deployment);
    const pod = patchMetaForKind(definitions, { group: '', version: 'v1', kind: 'Pod' })!;
    expect(walk(deployment, 'spec', 'template', 'spec')).toBe(pod.lookupForStruct('spec')!.meta);
  });

  it('compiles separately for other definitions, so CRD schemas never leak into the built-ins cache', () => {
    const extended = withDefinitions(definitions, {});
    expect(patchMetaForKind(extended, { group: 'apps', version: 'v1', kind: 'Deployment' })).not.toBe(deployment);
  });
});

describe('field metadata read from the built-in definitions', () => {
  it('merges containers by name, env by name and ports by containerPort', () => {
    const podSpec = walk(deployment, 'spec', 'template', 'spec');
    expect(podSpec.name).toBe('PodSpec');
    const containers = podSpec.lookupForSlice('containers');
    expect(containers).toMatchObject({ patchStrategy: 'merge', mergeKey: 'name', retainKeys: false });
    expect(containers.meta.name).toBe('Container');
    expect(containers.meta.lookupForSlice('env')).toMatchObject({ patchStrategy: 'merge', mergeKey: 'name' });
    expect(containers.meta.lookupForSlice('ports')).toMatchObject({
      patchStrategy: 'merge',
      mergeKey: 'containerPort',
    });
  });

  it('reads "merge,retainKeys" on volumes and "retainKeys" alone on the Deployment strategy', () => {
    expect(walk(deployment, 'spec', 'template', 'spec').lookupForSlice('volumes')).toMatchObject({
      patchStrategy: 'merge',
      retainKeys: true,
      mergeKey: 'name',
    });
    expect(deployment.lookupForStruct('spec')!.meta.lookupForStruct('strategy')).toMatchObject({
      patchStrategy: '',
      retainKeys: true,
    });
  });

  it('treats tolerations as atomic (no strategy: the list is replaced)', () => {
    expect(walk(deployment, 'spec', 'template', 'spec').lookupForSlice('tolerations')).toMatchObject({
      patchStrategy: '',
      mergeKey: '',
    });
  });

  it('merges finalizers as a set of strings', () => {
    const finalizers = deployment.lookupForStruct('metadata')!.meta.lookupForSlice('finalizers');
    expect(finalizers).toMatchObject({ patchStrategy: 'merge', mergeKey: '' });
    expect(finalizers.meta.kind).toBe('string');
  });

  it('gives map values for every key of a map field (labels, resource limits)', () => {
    const labels = deployment.lookupForStruct('metadata')!.meta.lookupForStruct('labels')!.meta;
    expect(labels.kind).toBe('map');
    expect(labels.lookupForStruct('anything')).toMatchObject({ patchStrategy: '', meta: { kind: 'string' } });
  });

  it('reports upstream errors for a list lookup of an unknown field or of a non-list field', () => {
    const podSpec = walk(deployment, 'spec', 'template', 'spec');
    expect(() => podSpec.lookupForSlice('nope')).toThrow(
      'unable to find api field in struct PodSpec for the json field "nope"',
    );
    expect(() => podSpec.lookupForSlice('hostname')).toThrow('expected slice or array type, but got: struct');
    expect(podSpec.lookupForStruct('nope')).toBeUndefined();
  });

  it('terminates on self-referencing types (CRD JSONSchemaProps)', () => {
    const crd = patchMetaForKind(definitions, {
      group: 'apiextensions.k8s.io',
      version: 'v1',
      kind: 'CustomResourceDefinition',
    })!;
    const props = walk(crd, 'spec')
      .lookupForSlice('versions')
      .meta.lookupForStruct('schema')!
      .meta.lookupForStruct('openAPIV3Schema')!.meta;
    expect(props.name).toBe('JSONSchemaProps');
    expect(props.lookupForStruct('properties')!.meta.lookupForStruct('spec')!.meta).toBe(props);
  });

  it('treats embedded arbitrary JSON (RawExtension, preserve-unknown-fields) as strategy-free maps', () => {
    const crd = patchMetaForKind(definitions, {
      group: 'apiextensions.k8s.io',
      version: 'v1',
      kind: 'CustomResourceDefinition',
    })!;
    const props = walk(crd, 'spec')
      .lookupForSlice('versions')
      .meta.lookupForStruct('schema')!
      .meta.lookupForStruct('openAPIV3Schema')!.meta;
    const dflt = props.lookupForStruct('default')!.meta;
    expect(dflt.kind).toBe('interface');
    expect(dflt.lookupForSlice('x')).toMatchObject({ patchStrategy: '', mergeKey: '' });
  });

  it('rejects a patch strategy upstream cannot parse', () => {
    const defs = newDefinitions({
      'example.v1.Thing': {
        'x-kubernetes-group-version-kind': [{ group: 'example', version: 'v1', kind: 'Thing' }],
        properties: {
          items: { type: 'array', items: { type: 'string' }, 'x-kubernetes-patch-strategy': 'merge,replace' },
        },
      },
    });
    const thing = patchMetaForKind(defs, { group: 'example', version: 'v1', kind: 'Thing' })!;
    expect(() => thing.lookupForSlice('items')).toThrow('unexpected patch strategy: [merge replace]');
  });
});
