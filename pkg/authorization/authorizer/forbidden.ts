/**
 * The 403 a refused request gets (mirrors k8s.io/apiserver pkg/endpoints/handlers/responsewriters
 * errors.go ForbiddenStatusError/forbiddenMessage and apimachinery's errors.NewForbidden), worded
 * exactly as upstream's so kubectl prints the same line:
 *   pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "y"
 */
import { StatusError } from '../../api/errors/errors.js';
import type { Status, StatusDetails } from '../../apis/meta/v1/types.js';
import type { Attributes } from './interfaces.js';

/** `User "x" cannot <verb> …` for one request's attributes. */
export function forbiddenMessage(attrs: Attributes): string {
  const user = goQuote(attrs.user.name);
  if (!attrs.isResourceRequest) return `User ${user} cannot ${attrs.verb} path ${goQuote(attrs.path ?? '')}`;
  const subresource = attrs.subresource ?? '';
  const resource = subresource === '' ? (attrs.resource ?? '') : `${attrs.resource ?? ''}/${subresource}`;
  const group = goQuote(attrs.apiGroup ?? '');
  const namespace = attrs.namespace ?? '';
  if (namespace !== '') {
    return `User ${user} cannot ${attrs.verb} resource ${goQuote(resource)} in API group ${group} in the namespace ${goQuote(namespace)}`;
  }
  return `User ${user} cannot ${attrs.verb} resource ${goQuote(resource)} in API group ${group} at the cluster scope`;
}

/**
 * The Forbidden StatusError for a refused request; `reason` (the authorizer's) follows the message
 * after a colon when there is one. Upstream escapes &, < and > so the text can never read as HTML.
 */
export function forbiddenStatusError(attrs: Attributes, reason: string): StatusError {
  const message = sanitize(forbiddenMessage(attrs));
  const why = reason === '' ? message : `${message}: ${reason}`;
  return newForbiddenStatus(attrs.apiGroup ?? '', attrs.resource ?? '', attrs.name ?? '', why);
}

/**
 * apimachinery's NewForbidden, including its form for an empty group-resource (non-resource
 * requests: `forbidden: <why>`) and Go's omission of empty details fields.
 */
export function newForbiddenStatus(group: string, resource: string, name: string, why: string): StatusError {
  let message: string;
  if (group === '' && resource === '') message = `forbidden: ${why}`;
  else {
    const what = group === '' ? resource : `${resource}.${group}`;
    message = name === '' ? `${what} is forbidden: ${why}` : `${what} ${goQuote(name)} is forbidden: ${why}`;
  }
  const details: StatusDetails = {};
  if (name !== '') details.name = name;
  if (group !== '') details.group = group;
  if (resource !== '') details.kind = resource;
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Forbidden',
    details,
    code: 403,
  };
  return new StatusError(status);
}

function sanitize(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Go's %q for the printable strings these messages carry (JSON escaping agrees with it there). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}
