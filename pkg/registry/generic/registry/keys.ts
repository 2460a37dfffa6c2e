/**
 * Storage keys (mirrors NamespaceKeyRootFunc / NamespaceKeyFunc / NoNamespaceKeyFunc in upstream
 * store.go): `<root>/<ns>/<name>` for namespaced kinds, `<root>/<name>` otherwise. Names are checked
 * as URL path segments first, so no name can reach into another key.
 */
import { newBadRequest } from '../../../api/errors/errors.js';
import { isValidPathSegmentName } from '../../../api/validation/path/name.js';

/** The prefix holding every object of a collection: all namespaces when `namespace` is empty. Ends in '/'. */
export function keyRootFor(root: string, namespaced: boolean, namespace: string): string {
  return namespaced && namespace !== '' ? `${root}/${namespace}/` : `${root}/`;
}

/** The key of one object; 400 BadRequest for a missing namespace or a missing/invalid name (upstream wording). */
export function keyFor(root: string, namespaced: boolean, namespace: string, name: string): string {
  if (namespaced && namespace === '') throw newBadRequest('Namespace parameter required.');
  if (name === '') throw newBadRequest('Name parameter required.');
  const problems = isValidPathSegmentName(name);
  if (problems.length > 0)
    throw newBadRequest(`Name parameter invalid: ${JSON.stringify(name)}: ${problems.join(';')}`);
  return namespaced ? `${root}/${namespace}/${name}` : `${root}/${name}`;
}
