/**
 * The control plane's admission chain (mirrors kube-apiserver's default admission plugins, those
 * this server has): NamespaceLifecycle. Plugins read the objects they judge by — namespaces — from
 * stores that are built with admission already in them, so the lookup is bound once both exist
 * (upstream binds plugins to informers through its plugin initializers the same way).
 */
import { newChainHandler } from '../admission/chain.js';
import type { AdmissionHandler } from '../admission/interfaces.js';
import { newNamespaceLifecycle } from '../admission/plugin/namespace/lifecycle.js';
import { isNotFound } from '../api/errors/errors.js';
import type { Namespace } from '../apis/core/v1/types.js';
import { newSystemContext } from '../endpoints/request/context.js';
import type { Getter } from '../registry/rest/rest.js';

export interface ControlPlaneAdmission {
  /** What the generic server's config carries and every store calls. */
  handler: AdmissionHandler;
  /** Gives NamespaceLifecycle the namespaces store, once it exists. */
  bindNamespaces(namespaces: Getter<Namespace>): void;
}

export function newControlPlaneAdmission(): ControlPlaneAdmission {
  let namespaces: Getter<Namespace> | undefined;
  const handler = newChainHandler([
    newNamespaceLifecycle({
      getNamespace: async (name, signal) => {
        try {
          return await namespaces?.get(newSystemContext('', signal), name);
        } catch (err) {
          if (isNotFound(err)) return undefined;
          throw err;
        }
      },
    }),
  ]);
  return {
    handler,
    bindNamespaces: (store) => {
      namespaces = store;
    },
  };
}
