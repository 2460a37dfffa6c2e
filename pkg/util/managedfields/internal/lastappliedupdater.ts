/**
 * Keeping the client-side apply annotation current (internal/lastappliedupdater.go): after a
 * server-side apply by `kubectl` to an object that has the annotation, the annotation is set to
 * the configuration just applied, so a later client-side apply diffs against it.
 */
import type { ApplyResult, Manager, UpdateResult } from './manager.js';
import type { Managed } from './managedfields.js';
import { type ApiObject, objectValue } from './object.js';
import { lastAppliedConfigAnnotation, lastAppliedOf, setLastApplied } from './lastapplied.js';
import { toGoJSON } from '../../../structured-merge-diff/value/value.js';

export class LastAppliedUpdater implements Manager {
  constructor(private readonly next: Manager) {}

  update(liveObj: ApiObject, newObj: ApiObject, managed: Managed, manager: string): UpdateResult {
    return this.next.update(liveObj, newObj, managed, manager);
  }

  apply(liveObj: ApiObject, appliedObj: ApiObject, managed: Managed, manager: string, force: boolean): ApplyResult {
    const result = this.next.apply(liveObj, appliedObj, managed, manager, force);
    // Only kubectl's server-side apply syncs the annotation; another field manager opts out.
    if (manager !== 'kubectl' || !result.object || lastAppliedOf(result.object) === undefined) return result;
    return { object: setLastApplied(result.object, buildLastApplied(appliedObj)), managed: result.managed };
  }
}

/** The applied configuration without the annotation, as Go's JSON encoder writes an unstructured object. */
export function buildLastApplied(obj: ApiObject): string {
  let config = obj;
  const annotations = obj.metadata?.annotations;
  if (annotations && Object.hasOwn(annotations, lastAppliedConfigAnnotation)) {
    const { [lastAppliedConfigAnnotation]: _dropped, ...rest } = annotations;
    config = { ...obj, metadata: { ...obj.metadata, annotations: rest } };
  }
  return `${toGoJSON(objectValue(config))}\n`;
}
