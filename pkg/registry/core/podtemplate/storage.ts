/** PodTemplate storage (mirrors pkg/registry/core/podtemplate/storage/storage.go). */
import type { PodTemplate } from '../../../apis/core/v1/types.js';
import { podTemplateTableConvertor } from '../../../printers/internalversion/printers-pod.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { podTemplateStrategy } from './strategy.js';

export function newPodTemplateStorage(opts: RESTOptions): Store<PodTemplate> {
  return newRegistryStore(opts, {
    resource: { group: '', version: 'v1', resource: 'podtemplates', kind: 'PodTemplate' },
    strategy: podTemplateStrategy,
    tableConvertor: podTemplateTableConvertor,
  });
}
