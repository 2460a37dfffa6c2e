/**
 * RequestScope and the helpers every handler shares (mirrors apiserver's handlers/rest.go): what
 * resource a route serves, how to build the registry's context from the HTTP request, and how to
 * read query options. Every handler has one error exit: it throws, and the panic-recovery filter
 * writes the Status.
 */
import type { IncomingMessage } from 'node:http';
import { newBadRequest, newInvalid, newMethodNotAllowed } from '../../api/errors/errors.js';
import type { GroupResource, GroupVersionKind } from '../../apis/meta/v1/types.js';
import { parseSelector as parseFieldSelector } from '../../fields/parse.js';
import type { Selector as FieldSelector } from '../../fields/selector.js';
import { parse as parseLabelSelector } from '../../labels/parse.js';
import { type Selector as LabelSelector, SelectorError, everything as everyLabel } from '../../labels/selector.js';
import { everything as everyField } from '../../fields/selector.js';
import type { RESTListOptions, RESTStorage, RESTWatchOptions } from '../../registry/rest/rest.js';
import type { StructuralLookup } from '../../runtime/structural/structural.js';
import { goStringSlice } from '../../apis/meta/v1/validation/gostring.js';
import { forbidden, notSupported, type FieldError } from '../../util/validation/field/errors.js';
import { notSupportedStringer } from '../../util/validation/field/stringer.js';
import { requestContextFrom, type RequestContext } from '../request/context.js';
import { parseBool } from '../request/requestinfo.js';

/** Everything a handler needs to know about the route it serves (one resource or subresource). */
export interface RequestScope {
  /** The kind read and written here (autoscaling/v1 Scale for /scale). */
  kind: GroupVersionKind;
  /** The kind of the parent resource, for messages about the object (Invalid is about the Deployment). */
  resourceKind: GroupVersionKind;
  resource: GroupResource;
  subresource: string;
  namespaced: boolean;
  storage: RESTStorage;
  /** Schemas for pruning unknown fields and field validation; absent: nothing is pruned. */
  schemas?: StructuralLookup;
}

/**
 * The storage method for a verb. A resource that does not serve the verb has no route for it
 * upstream, which answers 405 with the generic MethodNotAllowed Status.
 */
export function requireVerb<K extends keyof RESTStorage>(scope: RequestScope, method: K): NonNullable<RESTStorage[K]> {
  const fn = scope.storage[method];
  if (!fn) throw newMethodNotAllowed();
  return (fn as (...args: never[]) => unknown).bind(scope.storage) as NonNullable<RESTStorage[K]>;
}

export function contextOf(req: IncomingMessage): RequestContext {
  return requestContextFrom(req);
}

/** A named request for a resource whose name is empty: upstream's "resource name may not be empty". */
export function requireName(name: string): string {
  if (name === '') throw newBadRequest('resource name may not be empty');
  return name;
}

/** The kinds of options a write validates, named in its 422 (`CreateOptions.meta.k8s.io "" is invalid`). */
export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions' | 'DeleteOptions';

/** dryRun values: only "All" is defined; anything else is 422 on the request's options, as upstream validates them. */
export function validateDryRun(values: readonly string[], optionsKind: OptionsKind): boolean {
  if (values.some((v) => v !== 'All')) {
    throw newInvalid({ group: 'meta.k8s.io', kind: optionsKind }, '', [
      notSupportedStringer('dryRun', goStringSlice(values), ['All']),
    ]);
  }
  return values.length > 0;
}

/** `?dryRun=All` on POST, PUT and PATCH. */
export function isDryRun(query: URLSearchParams, optionsKind: OptionsKind): boolean {
  return validateDryRun(query.getAll('dryRun'), optionsKind);
}

/** List options from the query, validated as upstream's ValidateListOptions does for a list. */
export function listOptionsFrom(query: URLSearchParams): RESTListOptions {
  const opts = selectorAndVersionOptions(query);
  const limit = query.get('limit');
  if (limit !== null && limit !== '') {
    if (!/^-?\d+$/.test(limit)) throw newBadRequest(`invalid limit ${JSON.stringify(limit)}: must be an integer`);
    const n = Number(limit);
    if (n > 0) opts.limit = n;
  }
  const cont = query.get('continue');
  if (cont) opts.continue = cont;
  const match = query.get('resourceVersionMatch') ?? '';
  const errs: FieldError[] = [];
  if (match !== '') {
    if (opts.resourceVersion === undefined)
      errs.push(
        forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'),
      );
    if (opts.continue !== undefined)
      errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    if (match !== 'Exact' && match !== 'NotOlderThan')
      errs.push(notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
    if (match === 'Exact' && opts.resourceVersion === '0')
      errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    if (match === 'Exact' || match === 'NotOlderThan') opts.resourceVersionMatch = match;
  }
  if (query.has('sendInitialEvents'))
    errs.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  throwListOptionsInvalid(errs);
  return opts;
}

/** Watch options from the query (signal supplied by the caller), validated as upstream's validateWatchOptions. */
export function watchOptionsFrom(query: URLSearchParams, signal: AbortSignal): RESTWatchOptions {
  const { labelSelector, fieldSelector, resourceVersion } = selectorAndVersionOptions(query);
  const opts: RESTWatchOptions = { signal, allowWatchBookmarks: parseBool(query.get('allowWatchBookmarks')) };
  if (labelSelector) opts.labelSelector = labelSelector;
  if (fieldSelector) opts.fieldSelector = fieldSelector;
  if (resourceVersion !== undefined) opts.resourceVersion = resourceVersion;
  const match = query.get('resourceVersionMatch') ?? '';
  const errs: FieldError[] = [];
  if (query.has('sendInitialEvents')) {
    opts.sendInitialEvents = parseBool(query.get('sendInitialEvents'));
    if (match !== 'NotOlderThan')
      errs.push(
        forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'),
      );
  }
  if (match !== '') {
    if (!query.has('sendInitialEvents'))
      errs.push(
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
        ),
      );
    if (match !== 'NotOlderThan') errs.push(notSupported('resourceVersionMatch', match, ['NotOlderThan']));
    else opts.resourceVersionMatch = match;
    if (query.get('continue'))
      errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  }
  throwListOptionsInvalid(errs);
  return opts;
}

/** What list and watch read alike: the selectors (400 when malformed) and the resourceVersion. */
function selectorAndVersionOptions(query: URLSearchParams): RESTListOptions {
  const opts: RESTListOptions = {
    labelSelector: selectorParam(query.get('labelSelector'), parseLabelSelector, everyLabel),
    fieldSelector: selectorParam(query.get('fieldSelector'), parseFieldSelector, everyField),
  };
  const rv = query.get('resourceVersion');
  if (rv !== null && rv !== '') opts.resourceVersion = rv;
  return opts;
}

/**
 * A `labelSelector` or `fieldSelector` query parameter: absent or '' selects everything; a
 * malformed one is 400 BadRequest with the parser's message, as upstream's parameter decoding.
 */
function selectorParam<S extends LabelSelector | FieldSelector>(
  value: string | null,
  parse: (text: string) => S,
  everything: () => S,
): S {
  if (value === null || value === '') return everything();
  try {
    return parse(value);
  } catch (err) {
    if (err instanceof SelectorError) throw newBadRequest(err.message);
    throw err;
  }
}

function throwListOptionsInvalid(errs: FieldError[]): void {
  if (errs.length > 0) throw newInvalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', errs);
}
