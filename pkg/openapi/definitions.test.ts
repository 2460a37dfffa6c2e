import { describe, expect, it } from 'vitest';
import { loadBuiltinDefinitions, newDefinitions, refName, withDefinitions } from './definitions.js';
import { newSchemaIndex } from './schema-index.js';

describe('definitions', () => {
  it('indexes the built-in kinds by group/version/kind', async () => {
    const defs = await loadBuiltinDefinitions();
    expect(defs.nameFor({ group: 'apps', version: 'v1', kind: 'Deployment' })).toBe('io.k8s.api.apps.v1.Deployment');
    expect(defs.nameFor({ group: '', version: 'v1', kind: 'ConfigMap' })).toBe('io.k8s.api.core.v1.ConfigMap');
    expect(defs.nameFor({ group: 'example.com', version: 'v1', kind: 'Widget' })).toBeUndefined();
    expect(await loadBuiltinDefinitions()).toBe(defs);
  });

  it('adds a custom resource schema next to the built-ins, usable for validation', async () => {
    const widget = {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        spec: { type: 'object', properties: { size: { type: 'integer', format: 'int32' } } },
      },
      'x-kubernetes-group-version-kind': [{ group: 'example.com', version: 'v1', kind: 'Widget' }],
    };
    const defs = withDefinitions(await loadBuiltinDefinitions(), { 'com.example.v1.Widget': widget });
    expect(defs.nameFor({ group: 'example.com', version: 'v1', kind: 'Widget' })).toBe('com.example.v1.Widget');
    expect(defs.nameFor({ group: 'apps', version: 'v1', kind: 'Deployment' })).toBe('io.k8s.api.apps.v1.Deployment');
    const schema = newSchemaIndex(defs).structuralFor({ group: 'example.com', version: 'v1', kind: 'Widget' });
    expect(schema).toMatchObject({ kind: 'struct', name: 'Widget' });
  });

  it('lets the first definition claiming a GVK win', () => {
    const gvk = [{ group: 'g', version: 'v1', kind: 'K' }];
    const defs = newDefinitions({
      a: { 'x-kubernetes-group-version-kind': gvk },
      b: { 'x-kubernetes-group-version-kind': gvk },
    });
    expect(defs.nameFor({ group: 'g', version: 'v1', kind: 'K' })).toBe('a');
  });

  it('knows the description fields of CRD schemas, printer columns and PriorityClass', async () => {
    const defs = await loadBuiltinDefinitions();
    const index = newSchemaIndex(defs);
    for (const name of [
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceColumnDefinition',
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ExternalDocumentation',
      'io.k8s.api.scheduling.v1.PriorityClass',
    ]) {
      const node = index.structuralOf(name);
      expect(node.kind === 'struct' && node.properties.get('description')).toMatchObject({ kind: 'string' });
    }
  });

  it('reads definition names out of $refs', () => {
    expect(refName('#/definitions/io.k8s.api.core.v1.Pod')).toBe('io.k8s.api.core.v1.Pod');
  });
});
