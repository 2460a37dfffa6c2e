/** Deployment storage with status and scale (mirrors pkg/registry/apps/deployment/storage/storage.go). */
import type { Deployment } from '../../../apis/apps/v1/types.js';
import { deploymentTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { newScaleREST, replicasScale } from '../../subresource/scale.js';
import { newStatusREST } from '../../subresource/status.js';
import { deploymentStatusStrategy, deploymentStrategy } from './strategy.js';

export function newDeploymentStorage(opts: RESTOptions) {
  const store = newRegistryStore<Deployment>(opts, {
    resource: { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment' },
    strategy: deploymentStrategy,
    tableConvertor: deploymentTableConvertor,
  });
  return { store, status: newStatusREST(store, deploymentStatusStrategy), scale: newScaleREST(store, replicasScale()) };
}
