/**
 * Which resource a storage key belongs to, so each value gets its resource's transformer. The
 * registry keeps a resource under `<keyRoot>/<prefix>/[<namespace>/]<name>`, the prefix being its
 * plural name except for a few it keeps where upstream does (upstream's storage factory
 * SpecialDefaultResourcePrefixes; CRDs as apiextensions-apiserver keys them). Resources that
 * share a prefix (core and events.k8s.io events) resolve to the first one given.
 *
 *   /registry/secrets/default/db        → secrets
 *   /registry/services/specs/default/x  → services
 *   /registry/minions/node-1            → nodes
 */
import type { GroupResource } from '../../apis/meta/v1/types.js';
import type { Transformer } from './transformer.js';

const specialResourcePrefixes = new Map<string, string>([
  ['/replicationcontrollers', 'controllers'],
  ['/endpoints', 'services/endpoints'],
  ['/nodes', 'minions'],
  ['/services', 'services/specs'],
  ['apiextensions.k8s.io/customresourcedefinitions', 'apiextensions.k8s.io/customresourcedefinitions'],
]);

/** The key prefix (under the key root) of a resource's objects. */
export function resourcePrefix(gr: GroupResource): string {
  return specialResourcePrefixes.get(`${gr.group}/${gr.resource}`) ?? gr.resource;
}

/** Resolves keys under `keyRoot` to the resources in `resources`; undefined for any other key. */
export function newResourceResolver(
  keyRoot: string,
  resources: readonly GroupResource[],
): (key: string) => GroupResource | undefined {
  const byPrefix = new Map<string, GroupResource>();
  for (const gr of resources) {
    const prefix = resourcePrefix(gr);
    if (!byPrefix.has(prefix)) byPrefix.set(prefix, gr);
  }
  const root = `${keyRoot}/`;
  return (key) => {
    if (!key.startsWith(root)) return undefined;
    const segments = key.slice(root.length).split('/');
    return byPrefix.get(`${segments[0]}/${segments[1]}`) ?? byPrefix.get(segments[0]!);
  };
}

/**
 * A transformer choosing per key: `forResource` for keys of a known resource, `forOther` for the
 * rest. `resolve` may be set late (the served resources are known only once the API is built)
 * but before the first value passes: a value passing earlier is a programming error, thrown.
 */
export class ResourceKeyTransformer implements Transformer {
  private resolve: ((key: string) => GroupResource | undefined) | undefined;

  constructor(
    private readonly forResource: (gr: GroupResource) => Transformer,
    private readonly forOther: Transformer,
  ) {}

  bind(resolve: (key: string) => GroupResource | undefined): void {
    this.resolve = resolve;
  }

  toStorage(data: Uint8Array, key: string): Uint8Array {
    return this.transformerFor(key).toStorage(data, key);
  }

  fromStorage(data: Uint8Array, key: string): { data: Uint8Array; stale: boolean } {
    return this.transformerFor(key).fromStorage(data, key);
  }

  private transformerFor(key: string): Transformer {
    if (!this.resolve) throw new Error(`no resources are bound yet to tell which transformer ${key} takes`);
    const gr = this.resolve(key);
    return gr ? this.forResource(gr) : this.forOther;
  }
}
