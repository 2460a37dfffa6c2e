import { describe, expect, it } from 'vitest';
import type { CustomResourceDefinition } from '../../../apis/apiextensions/v1/types.js';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newCustomResourceDefinitionStorage } from './storage.js';

const crd = (): CustomResourceDefinition => ({
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', kind: 'Widget' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
});

describe('customresourcedefinitions', () => {
  it('record the storage version and come out established', async () => {
    const { store } = newCustomResourceDefinitionStorage({ storage: newBackend().storage });
    const created = (await store.create(ctxIn(), crd())) as CustomResourceDefinition;
    expect(created.metadata.generation).toBe(1);
    expect(created.spec?.names).toMatchObject({ singular: 'widget', listKind: 'WidgetList' });
    expect(created.status).toMatchObject({
      storedVersions: ['v1'],
      acceptedNames: { plural: 'widgets', kind: 'Widget', singular: 'widget', listKind: 'WidgetList' },
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts' },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted' },
      ],
    });
  });

  it('keep group and scope immutable', async () => {
    const { store } = newCustomResourceDefinitionStorage({ storage: newBackend().storage });
    const created = (await store.create(ctxIn(), crd())) as CustomResourceDefinition;
    const changed = structuredClone(created);
    changed.spec!.scope = 'Cluster';
    const err = await statusOf(store.update(ctxIn(), 'widgets.example.com', defaultUpdatedObjectInfo(changed)));
    expect(err.message).toContain('spec.scope: Invalid value: "Cluster": field is immutable');
  });
});
