/**
 * The Kubernetes protobuf schema, loaded on first use: api/protobuf/kubernetes.proto.json (every
 * generated.proto message as a protobufjs descriptor) plus api/protobuf/json-fields.json (the Go
 * struct facts that decide each field's JSON form; see generate-json-fields.mjs for why).
 *
 * Loading costs a few milliseconds (see api/README.md), so it happens when the first protobuf body
 * arrives rather than at server start; `loadProtobufSchema()` memoizes the promise per process.
 */
import protobuf from 'protobufjs/light.js';
import type { GroupVersionKind } from '../../../apis/meta/v1/types.js';

/** Per-message JSON facts, as generated into json-fields.json. */
export interface MessageFacts {
  /** proto field name → JSON field name, where they differ (`uID` → `uid`). */
  rename?: Record<string, string>;
  /** Message-typed fields whose fields JSON inlines into the parent (Go embedded structs). */
  inline?: string[];
  /** Scalar fields Go omits from JSON when zero: non-pointer and `omitempty`. */
  omitEmpty?: string[];
  /** Slices, maps and pointers without `omitempty`: absent on the wire, `null` in Go's JSON. */
  nullIfAbsent?: string[];
}

export interface ProtobufSchema {
  readonly root: protobuf.Root;
  /** runtime.Unknown: the envelope of every Kubernetes protobuf body. */
  readonly unknown: protobuf.Type;
  /**
   * The message of a kind (`apps/v1 Deployment` → k8s.io.api.apps.v1.Deployment), or undefined
   * when the kind has no protobuf form (custom resources, apiextensions): callers answer 415.
   */
  messageFor(gvk: GroupVersionKind): protobuf.Type | undefined;
  /** JSON facts of a message type; {} when every field keeps its proto name and presence. */
  factsOf(type: protobuf.Type): MessageFacts;
}

/** Kinds apimachinery registers into every group version (upstream AddToGroupVersion). */
const metaKinds = new Set(['DeleteOptions', 'Status', 'ListOptions', 'GetOptions', 'CreateOptions', 'UpdateOptions', 'PatchOptions', 'WatchEvent']);
const metaPackage = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/** Groups whose k8s.io/api directory is not simply the group's first DNS label. */
const groupOfDirectory: Record<string, string> = {
  core: '',
  apiserverinternal: 'internal.apiserver.k8s.io',
  rbac: 'rbac.authorization.k8s.io',
  flowcontrol: 'flowcontrol.apiserver.k8s.io',
};
/** Groups named without a domain (the oldest ones). */
const bareGroups = new Set(['apps', 'autoscaling', 'batch', 'extensions', 'policy']);

/**
 * API group → generated.proto package directory (`rbac.authorization.k8s.io` → `rbac`), for the
 * k8s.io/api packages present in the schema. Only these groups have protobuf messages: a custom
 * resource group that happens to share a first label (`apps.example.com`) must not match.
 */
function packagesByGroup(root: protobuf.Root): Map<string, string> {
  const api = root.lookup('k8s.io.api');
  const byGroup = new Map<string, string>([['meta.k8s.io', '']]);
  if (api instanceof protobuf.Namespace) {
    for (const dir of Object.keys(api.nested ?? {})) {
      byGroup.set(groupOfDirectory[dir] ?? (bareGroups.has(dir) ? dir : `${dir}.k8s.io`), dir);
    }
  }
  return byGroup;
}

let loading: Promise<ProtobufSchema> | undefined;

/** Loads and indexes the schema once per process; later calls return the same promise. */
export function loadProtobufSchema(): Promise<ProtobufSchema> {
  loading ??= buildSchema();
  return loading;
}

async function buildSchema(): Promise<ProtobufSchema> {
  const [descriptor, fields] = await Promise.all([
    import('../../../../api/protobuf/kubernetes.proto.json', { with: { type: 'json' } }),
    import('../../../../api/protobuf/json-fields.json', { with: { type: 'json' } }),
  ]);
  const root = protobuf.Root.fromJSON(descriptor.default as protobuf.INamespace);
  const facts = (fields.default as { messages: Record<string, MessageFacts> }).messages;
  const byKind = new Map<string, protobuf.Type | undefined>();
  const packages = packagesByGroup(root);
  const lookup = (name: string): protobuf.Type | undefined => {
    const found = root.lookup(name);
    return found instanceof protobuf.Type ? found : undefined;
  };
  return {
    root,
    unknown: root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown'),
    messageFor(gvk) {
      const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
      if (!byKind.has(key)) {
        const pkg = packages.get(gvk.group);
        let type: protobuf.Type | undefined;
        if (pkg === '') type = lookup(`${metaPackage}.${gvk.kind}`);
        else if (pkg !== undefined) {
          type = lookup(`k8s.io.api.${pkg}.${gvk.version}.${gvk.kind}`);
          if (!type && metaKinds.has(gvk.kind)) type = lookup(`${metaPackage}.${gvk.kind}`);
        }
        byKind.set(key, type);
      }
      return byKind.get(key);
    },
    factsOf(type) {
      return facts[type.fullName.slice(1)] ?? {};
    },
  };
}
