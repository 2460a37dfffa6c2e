/** StorageClass policy (mirrors pkg/registry/storage/storageclass/strategy.go): parameters, provisioner and reclaimPolicy are fixed once created. */
import type { StorageClass } from '../../../apis/storage/v1/types.js';
import {
  setDefaultsStorageClass,
  validateStorageClass,
  validateStorageClassUpdate,
} from '../../../apis/storage/validation/validation.js';
import { plainStrategy } from '../../strategies.js';

export const storageClassStrategy = plainStrategy<StorageClass>({
  namespaced: false,
  defaults: setDefaultsStorageClass,
  validate: validateStorageClass,
  validateUpdate: (sc, old) => [...validateStorageClass(sc), ...validateStorageClassUpdate(sc, old)],
});
