/**
 * What a Service write allocates (mirrors pkg/registry/core/service/storage/alloc.go), as the
 * generic Store's beginCreate / beginUpdate / afterDelete hooks:
 *
 *   ipFamilyPolicy / ipFamilies   defaulted from the cluster's (single) service IP family
 *   clusterIP(s)                  the ipallocator's serviceIPHooks
 *   ports[*].nodePort             NodePort and LoadBalancer services, from the node port range;
 *                                 ports sharing a port number (TCP+UDP 53) share the node port
 *   healthCheckNodePort           LoadBalancer with externalTrafficPolicy Local
 *
 * Every allocation of a failed write is given back; ports a successful update stops using are
 * released, as is everything of a deleted Service.
 */
import { newInternalError, newInvalid } from '../../../api/errors/errors.js';
import { setDefaultsService } from '../../../apis/core/v1/defaults.js';
import type { Service } from '../../../apis/core/v1/types.js';
import { validateServiceClusterIPsRelatedFields } from '../../../apis/core/validation/validation-service.js';
import { invalid, type FieldError } from '../../../util/validation/field/errors.js';
import { ipFamilyOf } from '../../../util/validation/ip.js';
import type { FinishFunc, RegistryStoreOptions } from '../../generic/registry/store-options.js';
import { namespaceValue } from '../../../endpoints/request/context.js';
import { serviceIPHooks } from './ipallocator/service-ips.js';
import type { Allocator, ServiceRef } from './ipallocator/allocator.js';
import { PortAllocatorError, type PortAllocator } from './portallocator/allocator.js';
import {
  needsClusterIP,
  needsHCNodePort,
  normalizeClusterIPs,
  prepareServiceUpdate,
  shouldAllocateNodePorts,
} from './strategy.js';

export interface ServiceAllocators {
  ip: Allocator;
  nodePort?: PortAllocator;
}

const otherFamily = (f: string) => (f === 'IPv4' ? 'IPv6' : 'IPv4');

function invalidService(svc: Service, errs: FieldError[]): Error {
  return newInvalid({ group: '', kind: 'Service' }, svc.metadata.name ?? '', errs);
}

/** Defaults ipFamilyPolicy and ipFamilies for a single-stack cluster of `family` (upstream initIPFamilyFields). */
export function initIPFamilyFields(svc: Service, old: Service | undefined, family: 'IPv4' | 'IPv6'): void {
  const spec = (svc.spec ??= {});
  if (spec.type === 'ExternalName') return;
  if (!spec.ipFamilyPolicy && old?.spec?.ipFamilyPolicy) spec.ipFamilyPolicy = old.spec.ipFamilyPolicy;
  // Headless without selector: the endpoints may be of any family, whatever the cluster serves.
  if (spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0) {
    spec.ipFamilyPolicy ??= 'RequireDualStack';
    if ((spec.ipFamilies ?? []).length === 0) spec.ipFamilies = [family];
    const fams = spec.ipFamilies ?? [];
    if (spec.ipFamilyPolicy !== 'SingleStack' && fams.length === 1)
      spec.ipFamilies = [fams[0] ?? family, otherFamily(fams[0] ?? family)];
    return;
  }
  const errs: FieldError[] = [];
  if (spec.clusterIP !== 'None') {
    (spec.clusterIPs ?? []).forEach((ip, i) => {
      const fam = ipFamilyOf(ip);
      if (!fam || i < (spec.ipFamilies ?? []).length) return;
      if (fam !== family)
        errs.push(invalid(`spec.clusterIPs[${i}]`, spec.clusterIPs, `${fam} is not configured on this cluster`));
      else (spec.ipFamilies ??= []).push(fam);
    });
  }
  if (errs.length > 0) throw invalidService(svc, errs);
  if (!spec.ipFamilyPolicy)
    spec.ipFamilyPolicy =
      (spec.clusterIPs ?? []).length > 1 || (spec.ipFamilies ?? []).length > 1 ? 'RequireDualStack' : 'SingleStack';
  if (spec.ipFamilyPolicy === 'RequireDualStack')
    errs.push(
      invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy, 'this cluster is not configured for dual-stack services'),
    );
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (f !== family) errs.push(invalid(`spec.ipFamilies[${i}]`, f, 'not configured on this cluster'));
  });
  if (errs.length > 0) throw invalidService(svc, errs);
  if ((spec.ipFamilies ?? []).length === 0) spec.ipFamilies = [family];
}

/** The node ports a Service holds (ports and health check), without duplicates. */
export function serviceNodePorts(svc: Service): number[] {
  const out = new Set<number>();
  for (const p of svc.spec?.ports ?? []) if (p.nodePort) out.add(p.nodePort);
  if (svc.spec?.healthCheckNodePort) out.add(svc.spec.healthCheckNodePort);
  return [...out];
}

/** Collects the ports taken by one write, to give them back if the write fails. */
class PortTxn {
  readonly taken: number[] = [];
  constructor(
    private readonly alloc: PortAllocator,
    private readonly owner: ServiceRef,
    private readonly dryRun: boolean,
  ) {}

  async take(port: number, svc: Service, path: string): Promise<void> {
    try {
      await this.alloc.allocate(port, this.owner, { dryRun: this.dryRun });
    } catch (err) {
      if (err instanceof PortAllocatorError) throw invalidService(svc, [invalid(path, port, err.message)]);
      throw err;
    }
    this.taken.push(port);
  }

  async next(): Promise<number> {
    try {
      const port = await this.alloc.allocateNext(this.owner, { dryRun: this.dryRun });
      this.taken.push(port);
      return port;
    } catch (err) {
      if (err instanceof PortAllocatorError)
        throw newInternalError(new Error(`failed to allocate a nodePort: ${err.message}`));
      throw err;
    }
  }

  async revert(): Promise<void> {
    if (this.dryRun) return;
    for (const p of this.taken) await this.alloc.release(p, this.owner);
  }
}

/** Gives every port of `svc` a node port, reusing those `old` already holds (upstream initNodePorts/updateNodePorts). */
async function allocNodePorts(svc: Service, old: Service | undefined, txn: PortTxn): Promise<void> {
  const held = new Set(old ? serviceNodePorts(old) : []);
  const byPort = new Map<number, number>();
  const ports = svc.spec?.ports ?? [];
  for (const [i, p] of ports.entries()) {
    if (!p.nodePort && !shouldAllocateNodePorts(svc)) continue;
    const shared = byPort.get(p.port ?? 0);
    if (shared !== undefined && (!p.nodePort || p.nodePort === shared)) {
      p.nodePort = shared;
      continue;
    }
    // A node port requested further down for the same port number is used for all of them.
    const requested =
      p.nodePort || (shared === undefined ? (ports.find((q) => q.port === p.port && q.nodePort)?.nodePort ?? 0) : 0);
    if (requested) {
      if (!held.has(requested) && !txn.taken.includes(requested))
        await txn.take(requested, svc, `spec.ports[${i}].nodePort`);
      p.nodePort = requested;
    } else {
      p.nodePort = await txn.next();
    }
    if (shared === undefined) byPort.set(p.port ?? 0, p.nodePort);
  }
  const spec = svc.spec ?? {};
  if (needsHCNodePort(svc)) {
    const hc = spec.healthCheckNodePort ?? 0;
    if (hc === 0) spec.healthCheckNodePort = await txn.next();
    else if (!held.has(hc) && !txn.taken.includes(hc)) await txn.take(hc, svc, 'spec.healthCheckNodePort');
  }
}

/** allocNodePorts; when it fails, gives back what this request took (node ports, then its IPs) and rethrows. */
async function allocNodePortsOrUndo(
  svc: Service,
  old: Service | undefined,
  txn: PortTxn,
  ipFinish: FinishFunc,
): Promise<void> {
  try {
    await allocNodePorts(svc, old, txn);
  } catch (err) {
    await txn.revert();
    await ipFinish(false);
    throw err;
  }
}

function refOf(svc: Service, ctxNamespace: string): ServiceRef {
  return { namespace: svc.metadata.namespace || ctxNamespace, name: svc.metadata.name ?? '' };
}

function both(a: FinishFunc, b: FinishFunc): FinishFunc {
  return async (success) => {
    await b(success);
    await a(success);
  };
}

/** The Store hooks of the service registry. */
export function serviceAllocationHooks(
  allocators: ServiceAllocators,
): Required<Pick<RegistryStoreOptions<Service>, 'beginCreate' | 'beginUpdate' | 'afterDelete'>> {
  const ipHooks = serviceIPHooks(allocators.ip);
  const ports = allocators.nodePort;
  return {
    async beginCreate(ctx, svc, opts) {
      setDefaultsService(svc);
      normalizeClusterIPs(svc);
      const errs = needsClusterIP(svc) ? validateServiceClusterIPsRelatedFields(svc) : [];
      if (errs.length > 0) throw invalidService(svc, errs);
      initIPFamilyFields(svc, undefined, allocators.ip.family);
      const ipFinish = await ipHooks.beginCreate(ctx, svc, opts);
      if (!ports) return ipFinish;
      const txn = new PortTxn(ports, refOf(svc, namespaceValue(ctx)), Boolean(opts.dryRun));
      await allocNodePortsOrUndo(svc, undefined, txn, ipFinish);
      return both(ipFinish, async (success) => {
        if (!success) await txn.revert();
      });
    },
    async beginUpdate(ctx, svc, old, opts) {
      prepareServiceUpdate(svc, old);
      initIPFamilyFields(svc, old, allocators.ip.family);
      const ipFinish = await ipHooks.beginUpdate(ctx, svc, old, opts);
      if (!ports) return ipFinish;
      const owner = refOf(old, namespaceValue(ctx));
      const txn = new PortTxn(ports, owner, Boolean(opts.dryRun));
      await allocNodePortsOrUndo(svc, old, txn, ipFinish);
      const stillUsed = new Set(serviceNodePorts(svc));
      const released = serviceNodePorts(old).filter((p) => !stillUsed.has(p));
      return both(ipFinish, async (success) => {
        if (!success) await txn.revert();
        else if (!opts.dryRun) for (const p of released) await ports.release(p, owner);
      });
    },
    async afterDelete(svc, opts) {
      await ipHooks.afterDelete(svc, opts);
      if (!ports || (opts.dryRun ?? []).includes('All')) return;
      const owner = { namespace: svc.metadata.namespace ?? '', name: svc.metadata.name ?? '' };
      for (const p of serviceNodePorts(svc)) await ports.release(p, owner);
    },
  };
}
