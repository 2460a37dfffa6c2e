import { describe, expect, it } from 'vitest';
import { setDefaultsCustomResourceDefinition } from '../v1/defaults.js';
import type { CustomResourceDefinition } from '../v1/types.js';
import { validateCustomResourceDefinition } from './validation.js';

const msgs = (errs: readonly object[]) => errs.map(String);

function crd(mutate: (c: CustomResourceDefinition) => void = () => {}): CustomResourceDefinition {
  const c: CustomResourceDefinition = {
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
    },
  };
  mutate(c);
  setDefaultsCustomResourceDefinition(c);
  return c;
}

describe('CRD validation', () => {
  it('accepts a minimal CRD and defaults its names', () => {
    expect(msgs(validateCustomResourceDefinition(crd()))).toEqual([]);
    expect(crd().spec?.names).toMatchObject({ singular: 'widget', listKind: 'WidgetList' });
  });

  it('requires the name to be plural.group', () => {
    expect(msgs(validateCustomResourceDefinition(crd((c) => (c.metadata.name = 'gadgets.example.com'))))).toEqual([
      'metadata.name: Invalid value: "gadgets.example.com": must be spec.names.plural+"."+spec.group',
    ]);
  });

  it('requires exactly one storage version and schemas', () => {
    const errs = msgs(
      validateCustomResourceDefinition(crd((c) => (c.spec!.versions = [{ name: 'v1', served: true, storage: false }]))),
    );
    expect(errs).toContain('spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required');
    expect(errs.some((e) => e.endsWith('must have exactly one version marked as storage version'))).toBe(true);
  });
});
