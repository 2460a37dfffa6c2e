import { describe, expect, it } from 'vitest';
import { setDefaultsStorageClass, validateStorageClass, validateStorageClassUpdate } from './validation.js';

const msgs = (errs: readonly object[]) => errs.map(String);

describe('storage classes', () => {
  it('defaults and validates', () => {
    const sc = { metadata: { name: 'standard' }, provisioner: 'rancher.io/local-path' };
    setDefaultsStorageClass(sc);
    expect(sc).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
    expect(msgs(validateStorageClass(sc))).toEqual([]);
    expect(msgs(validateStorageClass({ metadata: { name: 's' }, volumeBindingMode: 'Later' }))).toEqual([
      'provisioner: Required value',
      'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
    ]);
  });

  it('forbids changing parameters and the provisioner', () => {
    const old = {
      metadata: { name: 's', resourceVersion: '1' },
      provisioner: 'a.io/x',
      parameters: { type: 'ssd' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    };
    expect(msgs(validateStorageClassUpdate({ ...old, provisioner: 'b.io/y', parameters: {} }, old))).toEqual([
      'parameters: Forbidden: updates to parameters are forbidden.',
      'provisioner: Forbidden: updates to provisioner are forbidden.',
    ]);
  });
});
