/**
 * Node policy (mirrors pkg/registry/core/node/strategy.go). Kubelets register nodes with their
 * status, so create keeps it; updates through the main resource keep the stored status.
 */
import { setDefaultsNode } from '../../../apis/core/v1/defaults.js';
import type { Node } from '../../../apis/core/v1/types.js';
import { validateNode, validateNodeUpdate } from '../../../apis/core/validation/validation-cluster.js';
import { preserveStatus } from '../../rest/status.js';
import type { ResourceStrategy } from '../../strategy-types.js';
import { statusStrategy } from '../../subresource/status.js';

export const nodeStrategy = {
  namespaceScoped: false,
  allowCreateOnUpdate: false,
  allowUnconditionalUpdate: true,
  prepareForCreate: (_ctx, node) => setDefaultsNode(node),
  validate: (_ctx, node) => validateNode(node),
  prepareForUpdate(_ctx, node, old) {
    preserveStatus(node, old);
    setDefaultsNode(node);
  },
  validateUpdate: (_ctx, node, old) => [...validateNode(node), ...validateNodeUpdate(node, old)],
} satisfies ResourceStrategy<Node>;

export const nodeStatusStrategy = statusStrategy(nodeStrategy, {
  validateStatusUpdate: validateNodeUpdate,
  prepare: (node) => setDefaultsNode(node),
});

/** Field selectors on nodes (upstream NodeToSelectableFields). */
export const nodeSelectableFields = { 'spec.unschedulable': (n: Node) => String(n.spec?.unschedulable === true) };
