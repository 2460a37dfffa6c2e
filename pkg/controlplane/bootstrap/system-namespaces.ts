/**
 * The namespaces every cluster has (mirrors pkg/controlplane/controller/systemnamespaces): created
 * when missing, never modified. `default` first: the kubernetes Service lives there.
 */
import { isAlreadyExists } from '../../api/errors/errors.js';
import type { Namespace } from '../../apis/core/v1/types.js';
import type { RequestContext } from '../../endpoints/request/context.js';
import type { Creater } from '../../registry/rest/rest.js';

export const systemNamespaces: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Creates each missing namespace; an existing one (even a terminating one) is left alone. */
export async function ensureSystemNamespaces(
  namespaces: Creater<Namespace>,
  ctx: RequestContext,
  names: readonly string[] = systemNamespaces,
): Promise<void> {
  for (const name of names) {
    try {
      await namespaces.create(ctx, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
}
