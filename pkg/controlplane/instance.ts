/**
 * The control plane's API surface and start-up work (mirrors pkg/controlplane/instance.go): every
 * built-in group over one Storage, admission wired into every store, and the controllers the
 * apiserver runs in-process: bootstrap objects (system namespaces, the `kubernetes` service,
 * system priority classes). Emptying deleted namespaces is kube-controller-manager's job, as
 * upstream: a standalone kube-apiserver leaves them Terminating until one runs.
 */
import type { Authorizer } from '../authorization/authorizer/interfaces.js';
import { newAllocator, type Allocator } from '../registry/core/service/ipallocator/allocator.js';
import { newAuthenticationGroup } from '../registry/authentication/rest/storage-authentication.js';
import { newAuthorizationGroup } from '../registry/authorization/rest/storage-authorization.js';
import type { RESTOptions } from '../registry/generic/options.js';
import type { APIGroupInfo } from '../registry/rest/catalog.js';
import type { PostStartHook } from '../server/genericapiserver.js';
import type { Storage } from '../storage/interfaces.js';
import type { ControlPlaneAdmission } from './admission.js';
import { runBootstrapController } from './bootstrap/bootstrap.js';
import { newBuiltinAPIGroups, type BuiltinAPIGroups } from './resources.js';

export interface ControlPlaneConfig {
  storage: Storage;
  /** Root of every key (--etcd-prefix): '/registry'. */
  keyRoot: string;
  serviceClusterIPRange: string;
  securePort: number;
  advertiseAddress: string;
  authorizer: Authorizer;
  /** The chain's admission (the generic config's handler), bound here to the stores its plugins read. */
  admission: ControlPlaneAdmission;
}

export interface ControlPlane {
  /** Groups the kube-apiserver server serves (core first). */
  kubeGroups: APIGroupInfo[];
  /** apiextensions.k8s.io, served by the apiextensions server of the chain. */
  apiExtensionsGroups: APIGroupInfo[];
  postStartHooks: ReadonlyMap<string, PostStartHook>;
}

export function newControlPlane(cfg: ControlPlaneConfig): ControlPlane {
  const restOptions: RESTOptions = { storage: cfg.storage, admission: cfg.admission.handler, keyRoot: cfg.keyRoot };
  const serviceIPs = newAllocator(cfg.storage, cfg.serviceClusterIPRange, { keyRoot: cfg.keyRoot });
  const builtin = newBuiltinAPIGroups(restOptions, { serviceIPs });
  const kubeGroups = [
    ...builtin.groups.filter((g) => g.group !== 'apiextensions.k8s.io'),
    newAuthenticationGroup(),
    newAuthorizationGroup(cfg.authorizer),
  ];
  const apiExtensionsGroups = builtin.groups.filter((g) => g.group === 'apiextensions.k8s.io');
  cfg.admission.bindNamespaces(builtin.namespaces.store);

  const postStartHooks = new Map<string, PostStartHook>([
    ['bootstrap-controller', bootstrapHook(builtin, cfg, serviceIPs)],
  ]);
  return { kubeGroups, apiExtensionsGroups, postStartHooks };
}

/** Creates the bootstrap objects and keeps them right; ready after the first successful pass. */
function bootstrapHook(builtin: BuiltinAPIGroups, cfg: ControlPlaneConfig, serviceIPs: Allocator): PostStartHook {
  return async (signal) => {
    const { ready } = runBootstrapController(
      {
        namespaces: builtin.namespaces.store,
        services: builtin.services,
        endpoints: builtin.endpoints,
        endpointSlices: builtin.endpointSlices,
        priorityClasses: builtin.priorityClasses,
        clusterIP: serviceIPs.firstIP,
        securePort: cfg.securePort,
        advertiseAddress: cfg.advertiseAddress,
      },
      signal,
    );
    await ready;
  };
}
