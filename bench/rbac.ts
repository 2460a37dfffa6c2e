/**
 * RBAC decision benchmark: the bootstrap policy plus 1,000 RoleBindings (10 in each of 100
 * namespaces, each binding one user to `edit` or `view`), then GET-like decisions for bound users
 * (allowed), unbound users (refused after looking at their groups' bindings) and a cold cache
 * (every decision after a policy change), beside AlwaysAllow for scale.
 *
 *   npm run bench:rbac            (node bench/run.mjs rbac)
 *   npm run bench:rbac -- --quick
 */
import type { ClusterRole } from '../pkg/apis/rbac/v1/types.js';
import type { Attributes, Authorizer } from '../pkg/authorization/authorizer/interfaces.js';
import { newAuthorizerForModes } from '../pkg/authorization/modes/modes.js';
import { bootstrapPolicy } from '../pkg/authorization/rbac/bootstrappolicy/index.js';
import { pendingAggregations } from '../pkg/authorization/rbac/clusterroleaggregation/aggregate.js';
import { PolicyIndex } from '../pkg/authorization/rbac/policyindex.js';
import { RBACAuthorizer } from '../pkg/authorization/rbac/rbac.js';

const quick = process.argv.includes('--quick');
const decisions = quick ? 100_000 : 1_000_000;
const namespaces = 100;
const perNamespace = 10;

function loadPolicy(): PolicyIndex {
  const policy = bootstrapPolicy();
  const roles: ClusterRole[] = policy.clusterRoles.map((r) => structuredClone(r));
  for (let pending = pendingAggregations(roles); pending.length > 0; pending = pendingAggregations(roles)) {
    for (const { name, rules } of pending) {
      const role = roles.find((r) => r.metadata?.name === name);
      if (role) role.rules = rules;
    }
  }
  const index = new PolicyIndex();
  index.replace('ClusterRole', roles);
  index.replace('ClusterRoleBinding', policy.clusterRoleBindings);
  const bindings = [];
  for (let n = 0; n < namespaces; n++) {
    for (let b = 0; b < perNamespace; b++) {
      bindings.push({
        metadata: { name: `binding-${b}`, namespace: `ns-${n}` },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: b % 2 === 0 ? 'edit' : 'view' },
        subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: `user-${n}-${b}` }],
      });
    }
  }
  index.replace('RoleBinding', bindings);
  return index;
}

function requests(bound: boolean): Attributes[] {
  const out: Attributes[] = [];
  for (let n = 0; n < namespaces; n++) {
    for (let b = 0; b < perNamespace; b++) {
      out.push({
        user: { name: bound ? `user-${n}-${b}` : `stranger-${n}-${b}`, groups: ['system:authenticated'] },
        verb: 'get',
        apiGroup: 'apps',
        apiVersion: 'v1',
        resource: 'deployments',
        namespace: `ns-${n}`,
        name: 'web',
        isResourceRequest: true,
      });
    }
  }
  return out;
}

function measure(
  label: string,
  authorizer: Authorizer,
  attrs: Attributes[],
  expectAllowed: boolean,
  count: number,
  beforeEach?: () => void,
): number {
  let allowed = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    beforeEach?.();
    if (authorizer.authorize(attrs[i % attrs.length] as Attributes).decision === 'Allow') allowed++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if ((allowed === count) !== expectAllowed)
    throw new Error(`${label}: ${allowed}/${count} allowed, expected ${expectAllowed ? 'all' : 'none'}`);
  const rate = count / seconds;
  console.log(`${label.padEnd(46)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} decisions/s`);
  return rate;
}

const index = loadPolicy();
const rbac = newAuthorizerForModes(['RBAC'], { rbac: new RBACAuthorizer(index) }).authorizer;
const allowAll = newAuthorizerForModes(['AlwaysAllow'], {}).authorizer;
const bound = requests(true);
const strangers = requests(false);
console.log(
  `policy: ${index.listClusterRoles().length} ClusterRoles, ${namespaces * perNamespace} RoleBindings; ${decisions.toLocaleString('en-US')} decisions each`,
);
// warm up the JIT and the caches
measure('warm-up', rbac, bound, true, decisions / 10);
const always = measure('AlwaysAllow', allowAll, bound, true, decisions);
const hit = measure('RBAC, bound users (cached)', rbac, bound, true, decisions);
measure('RBAC, unbound users (cached, refused)', rbac, strangers, false, decisions);
const touched = { metadata: { name: 'touched' }, rules: [] };
measure('RBAC, cache dropped before every decision', rbac, bound, true, decisions / 20, () =>
  index.upsert('ClusterRole', touched),
);
console.log(`RBAC (cached) / AlwaysAllow: ${(hit / always).toFixed(2)}`);
