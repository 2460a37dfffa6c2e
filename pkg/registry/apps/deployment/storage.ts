/** Deployment storage with status and scale (mirrors pkg/registry/apps/deployment/storage/storage.go). */
import type { Deployment } from '../../../apis/apps/v1/types.js';
import { deploymentTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import { newStoreWithSubresources, replicasScale } from '../../storage-helpers.js';
import { deploymentStatusStrategy, deploymentStrategy } from './strategy.js';

export function newDeploymentStorage(opts: RESTOptions) {
  return newStoreWithSubresources<Deployment>(
    opts,
    {
      qualifiedResource: { group: 'apps', resource: 'deployments' },
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      strategy: deploymentStrategy,
      tableConvertor: deploymentTableConvertor,
    },
    { status: deploymentStatusStrategy, scale: replicasScale() },
  );
}
