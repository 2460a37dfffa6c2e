/**
 * The query parameters upstream documents on Kubernetes API operations, with their types.
 * Descriptions are ours. kubectl looks for `fieldValidation` (in: query) on a kind's patch
 * operation to decide that the server validates fields itself.
 */

export interface Parameter {
  description: string;
  in: 'query' | 'path';
  name: string;
  required?: boolean;
  schema: { type: 'string' | 'integer' | 'boolean' };
}

const queryParameters: Record<string, [Parameter['schema']['type'], string]> = {
  allowWatchBookmarks: ['boolean', 'Ask for BOOKMARK events in a watch; the server sends them when it sees fit.'],
  continue: ['string', 'The continue token of the previous page of a chunked list.'],
  dryRun: ['string', 'All: validate and admit the request without persisting anything.'],
  fieldManager: [
    'string',
    'Name of the actor making the change, recorded in managedFields (at most 128 printable characters).',
  ],
  fieldSelector: ['string', 'Only return objects whose fields match this selector.'],
  fieldValidation: [
    'string',
    'What to do with unknown or duplicate fields in the body: Ignore (drop them silently), Warn (drop them with a Warning header each; the default) or Strict (fail with 400 BadRequest listing them all).',
  ],
  force: [
    'boolean',
    'Server-side apply: take ownership of fields other managers own instead of failing with a conflict.',
  ],
  gracePeriodSeconds: ['integer', 'Seconds to wait before deleting; 0 deletes immediately.'],
  ignoreStoreReadErrorWithClusterBreakingPotential: [
    'boolean',
    'Delete an object that can no longer be read from storage (unsafe).',
  ],
  labelSelector: ['string', 'Only return objects whose labels match this selector.'],
  limit: ['integer', 'Maximum number of items to return; more are announced by metadata.continue.'],
  orphanDependents: ['boolean', 'Deprecated: use propagationPolicy. true orphans the dependents.'],
  pretty: ['string', "If 'true', indent the output."],
  propagationPolicy: ['string', 'How dependents are garbage collected: Orphan, Background or Foreground.'],
  resourceVersion: [
    'string',
    'Serve the request from this resource version (semantics depend on resourceVersionMatch).',
  ],
  resourceVersionMatch: ['string', 'How resourceVersion applies to a list: Exact or NotOlderThan.'],
  sendInitialEvents: ['boolean', 'With watch=true: start the stream with the current objects, then a bookmark.'],
  timeoutSeconds: ['integer', 'End the list or watch call after this many seconds.'],
  watch: ['boolean', 'Stream changes to the listed objects instead of listing them.'],
};

/** The documented query parameter `name`. */
export function queryParameter(name: string): Parameter {
  const known = queryParameters[name];
  if (!known) throw new Error(`undocumented query parameter ${name}`);
  const [type, description] = known;
  return { description, in: 'query', name, schema: { type } };
}
