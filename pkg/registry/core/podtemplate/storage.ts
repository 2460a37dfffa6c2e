/** PodTemplate storage (mirrors pkg/registry/core/podtemplate/storage/storage.go). */
import type { RESTOptions } from '../../generic/options.js';
import { newStore, type Store } from '../../generic/registry/store.js';
import { podTemplateTableConvertor } from '../../../printers/internalversion/printers-pod.js';
import { podTemplateStrategy } from './strategy.js';

export function newPodTemplateStorage(opts: RESTOptions): Store {
  return newStore({
    restOptions: opts,
    qualifiedResource: { group: '', resource: 'podtemplates' },
    kind: { group: '', version: 'v1', kind: 'PodTemplate' },
    createStrategy: podTemplateStrategy,
    updateStrategy: podTemplateStrategy,
    deleteStrategy: podTemplateStrategy,
    tableConvertor: podTemplateTableConvertor,
  });
}
