import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newControllerRevisionStorage } from './storage.js';

const ns = ctxIn('default');

describe('controllerrevisions', () => {
  it('stores data and forbids changing it', async () => {
    const store = newControllerRevisionStorage({ storage: newBackend().storage });
    const created = await store.create(ns, { metadata: { name: 'web-1' }, data: { spec: {} }, revision: 1 });
    expect(created).toMatchObject({ kind: 'ControllerRevision', apiVersion: 'apps/v1', revision: 1 });
    const err = await statusOf(
      store.update(ns, 'web-1', defaultUpdatedObjectInfo({ ...created, data: { spec: { x: 1 } } })),
    );
    expect(err).toMatchObject({ code: 422 });
    expect(err.message).toContain('field is immutable');
  });
});
