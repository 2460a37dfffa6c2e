import { describe, expect, it } from 'vitest';
import { parseSelector } from '../../../fields/parse.js';
import { ctxIn, newBackend } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newNodeStorage } from './storage.js';

describe('nodes', () => {
  it('keep the registered status on spec updates and select on spec.unschedulable', async () => {
    const { store, status } = newNodeStorage({ storage: newBackend().storage });
    const node = await store.create(ctxIn(), { metadata: { name: 'n1' }, status: { capacity: { cpu: '4' } } });
    expect(node).toMatchObject({ status: { capacity: { cpu: '4' } } });
    const cordoned = (
      await store.update(
        ctxIn(),
        'n1',
        defaultUpdatedObjectInfo({ ...node, spec: { unschedulable: true }, status: {} }),
      )
    ).object;
    expect(cordoned).toMatchObject({ spec: { unschedulable: true }, status: { capacity: { cpu: '4' } } });
    await store.create(ctxIn(), { metadata: { name: 'n2' } });
    const list = await store.list(ctxIn(), { fieldSelector: parseSelector('spec.unschedulable=false') });
    expect(list.items.map((i) => i.metadata.name)).toEqual(['n2']);
    const st = await status.update(
      ctxIn(),
      'n1',
      defaultUpdatedObjectInfo({ ...cordoned, spec: {}, status: { capacity: { cpu: '8' } } }),
    );
    expect(st.object).toMatchObject({ spec: { unschedulable: true }, status: { capacity: { cpu: '8' } } });
  });
});
