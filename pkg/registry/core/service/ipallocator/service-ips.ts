/**
 * What the service registry needs from the allocator (mirrors the clusterIP part of upstream's
 * pkg/registry/core/service/storage/alloc.go), as generic Store hooks:
 *
 *   newRegistryStore(opts, { ...serviceOptions, ...serviceIPHooks(allocator) })
 *
 * On create a Service gets spec.clusterIP/clusterIPs (requested → checked and taken; empty →
 * allocated; 'None' or type ExternalName → none); a failed create gives the address back; a
 * deleted Service releases it; an update that turns a Service into or out of ExternalName
 * allocates or releases accordingly. Errors carry upstream's codes and wording:
 *   422 Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.5"}: failed to allocate IP 10.96.0.5: provided IP is already allocated
 *   500 Internal error occurred: failed to allocate a serviceIP: range is full
 */
import { newInternalError, newInvalid } from '../../../../api/errors/errors.js';
import type { Service, ServiceSpec } from '../../../../apis/core/v1/types.js';
import { goStringSlice } from '../../../../apis/meta/v1/validation/gostring.js';
import { invalidStringer } from '../../../../util/validation/field/stringer.js';
import type { FinishFunc, RegistryStoreOptions } from '../../../generic/registry/store-options.js';
import { namespaceValue, type RequestContext } from '../../../../endpoints/request/context.js';
import { AllocatorError, type Allocator, type ServiceRef } from './allocator.js';

/** The Service's spec, made an object first: the hooks run before validation has looked at the body. */
function specOf(svc: Service): ServiceSpec {
  if (typeof svc.spec !== 'object' || svc.spec === null) svc.spec = {};
  return svc.spec;
}

/** The owning service; beginCreate runs before the Store copies the request namespace into the object. */
function refOf(svc: Service, ctx?: RequestContext): ServiceRef {
  return { namespace: svc.metadata.namespace || (ctx ? namespaceValue(ctx) : ''), name: svc.metadata.name ?? '' };
}

/** The address a Service holds or asks for: '' = wants one allocated, undefined = needs none. */
function wantedIP(svc: Service): string | undefined {
  const spec = specOf(svc);
  if (spec.type === 'ExternalName') return undefined;
  const ip = spec.clusterIP || spec.clusterIPs?.[0] || '';
  return ip === 'None' ? undefined : ip;
}

/**
 * Gives `svc` its cluster IP (mutating spec.clusterIP and spec.clusterIPs) and returns the address
 * taken, or undefined when the Service needs none. Throws 422 Invalid / 500 InternalError.
 */
export async function allocateServiceClusterIP(
  allocator: Allocator,
  svc: Service,
  dryRun = false,
  owner: ServiceRef = refOf(svc),
): Promise<string | undefined> {
  const wanted = wantedIP(svc);
  if (wanted === undefined) return undefined;
  const spec = specOf(svc);
  let ip = wanted;
  try {
    if (ip === '') ip = await allocator.allocateNext(owner, { dryRun });
    else await allocator.allocate(ip, owner, { dryRun });
  } catch (err) {
    if (!(err instanceof AllocatorError)) throw err;
    if (err.code === 'Full') throw newInternalError(new Error(`failed to allocate a serviceIP: ${err.message}`));
    const requested = spec.clusterIPs && spec.clusterIPs.length > 0 ? spec.clusterIPs : [ip];
    throw newInvalid({ group: '', kind: 'Service' }, svc.metadata.name ?? '', [
      invalidStringer('spec.clusterIPs', goStringSlice(requested), `failed to allocate IP ${ip}: ${err.message}`),
    ]);
  }
  spec.clusterIP = ip;
  spec.clusterIPs = [ip, ...(spec.clusterIPs ?? []).slice(1)];
  return ip;
}

const finishNothing: FinishFunc = () => {};

/** beginCreate / beginUpdate / afterDelete hooks that keep a Service store's cluster IPs allocated. */
export function serviceIPHooks(
  allocator: Allocator,
): Required<Pick<RegistryStoreOptions<Service>, 'beginCreate' | 'beginUpdate' | 'afterDelete'>> {
  return {
    async beginCreate(ctx, svc, opts) {
      const owner = refOf(svc, ctx);
      const ip = await allocateServiceClusterIP(allocator, svc, Boolean(opts.dryRun), owner);
      if (ip === undefined || opts.dryRun) return finishNothing;
      return async (success) => {
        if (!success) await allocator.release(ip, owner);
      };
    },
    async beginUpdate(ctx, svc, old, opts) {
      const owner = refOf(old, ctx);
      const before = wantedIP(old);
      const after = wantedIP(svc);
      if (before === undefined && after !== undefined) {
        // ExternalName → ClusterIP: the Service needs an address now.
        const ip = await allocateServiceClusterIP(allocator, svc, Boolean(opts.dryRun), owner);
        if (ip === undefined || opts.dryRun) return finishNothing;
        return async (success) => {
          if (!success) await allocator.release(ip, owner);
        };
      }
      if (before && after === undefined) {
        // ClusterIP → ExternalName: give the address back once the update is stored.
        const spec = specOf(svc);
        if (spec.type === 'ExternalName') {
          delete spec.clusterIP;
          delete spec.clusterIPs;
        }
        if (opts.dryRun) return finishNothing;
        return async (success) => {
          if (success) await allocator.release(before, owner);
        };
      }
      return finishNothing;
    },
    async afterDelete(svc, opts) {
      const ip = wantedIP(svc);
      if (ip && !(opts.dryRun ?? []).includes('All')) await allocator.release(ip, refOf(svc));
    },
  };
}
