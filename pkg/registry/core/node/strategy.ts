/**
 * Node policy (mirrors pkg/registry/core/node/strategy.go). Kubelets register nodes with their
 * status, so create keeps it; updates through the main resource keep the stored status.
 */
import { setDefaultsNode } from '../../../apis/core/v1/defaults.js';
import type { Node } from '../../../apis/core/v1/types.js';
import { validateNode, validateNodeUpdate } from '../../../apis/core/validation/validation-cluster.js';
import { specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

export const nodeStrategy = specStatusStrategy<Node>({
  namespaced: false,
  defaults: setDefaultsNode,
  validate: validateNode,
  validateUpdate: (node, old) => [...validateNode(node), ...validateNodeUpdate(node, old)],
  generationChanged: false,
  initialStatus: 'asSent',
});

export const nodeStatusStrategy = statusStrategy(nodeStrategy, {
  validateStatusUpdate: validateNodeUpdate,
  prepare: (node) => setDefaultsNode(node),
});

/** Field selectors on nodes (upstream NodeToSelectableFields). */
export const nodeSelectableFields = { 'spec.unschedulable': (n: Node) => String(n.spec?.unschedulable === true) };
