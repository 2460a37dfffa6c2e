/**
 * The Kubernetes protobuf schema, loaded on first use: api/protobuf/kubernetes.proto.json (every
 * generated.proto message as a protobufjs JSON descriptor) plus api/protobuf/json-fields.json
 * (the Go struct facts that decide each field's JSON form; see generate-json-fields.mjs).
 *
 * Messages are compiled one at a time, when a body first needs them, into plans the decoder and
 * encoder walk with protobufjs's Reader/Writer. Building protobufjs reflection types for the whole
 * descriptor instead costs ~300 ms (it generates code for ~1,300 messages), most of it for kinds a
 * server never receives; see api/README.md for the figures.
 */
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

/** protobuf scalar types, named as protobufjs's Reader/Writer methods. */
export type ScalarType =
  | 'double'
  | 'float'
  | 'int32'
  | 'int64'
  | 'uint32'
  | 'uint64'
  | 'sint32'
  | 'sint64'
  | 'fixed32'
  | 'fixed64'
  | 'sfixed32'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes';

const scalarTypes = new Set<string>([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

export interface FieldPlan {
  /** proto field name. */
  name: string;
  number: number;
  jsonName: string;
  /** A scalar field's type, or undefined for message fields. */
  scalar: ScalarType | undefined;
  /** A message field's type (resolved on first use). */
  message: (() => MessagePlan) | undefined;
  repeated: boolean;
  /** A map field's key type (its values are described by scalar/message). */
  mapKey: ScalarType | undefined;
  inline: boolean;
  omitEmpty: boolean;
  nullIfAbsent: boolean;
}

export interface MessagePlan {
  /** `k8s.io.api.apps.v1.Deployment` */
  fullName: string;
  /** Fields in declaration order (Go's struct order). */
  fields: readonly FieldPlan[];
  byNumber: ReadonlyMap<number, FieldPlan>;
  /** Go types like `ExtraValue []string`: one repeated `items` field, a bare list in JSON. */
  listWrapper: boolean;
}

export interface ProtobufSchema {
  /** runtime.Unknown: the envelope of every Kubernetes protobuf body. */
  readonly unknown: MessagePlan;
  /**
   * The message of a kind (`apps/v1 Deployment` → k8s.io.api.apps.v1.Deployment), or undefined
   * when the kind has no protobuf form (custom resources, apiextensions): callers answer 415.
   */
  messageFor(gvk: GroupVersionKind): MessagePlan | undefined;
}

interface DescriptorField {
  type: string;
  id: number;
  rule?: string;
  keyType?: string;
}

interface DescriptorNode {
  fields?: Record<string, DescriptorField>;
  nested?: Record<string, DescriptorNode>;
}

/** Kinds apimachinery registers into every group version (upstream AddToGroupVersion). */
const metaKinds = new Set([
  'DeleteOptions',
  'Status',
  'ListOptions',
  'GetOptions',
  'CreateOptions',
  'UpdateOptions',
  'PatchOptions',
  'WatchEvent',
]);
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

let loading: Promise<ProtobufSchema> | undefined;

/** Loads and indexes the schema once per process; later calls return the same promise. */
export function loadProtobufSchema(): Promise<ProtobufSchema> {
  loading ??= Promise.all([
    import('../../../../api/protobuf/kubernetes.proto.json', { with: { type: 'json' } }),
    import('../../../../api/protobuf/json-fields.json', { with: { type: 'json' } }),
  ]).then(([descriptor, fields]) =>
    newProtobufSchema(
      descriptor.default as DescriptorNode,
      (fields.default as { messages: Record<string, MessageFacts> }).messages,
    ),
  );
  return loading;
}

/** Indexes a protobufjs JSON descriptor; message plans are compiled on first use. */
export function newProtobufSchema(
  descriptor: DescriptorNode,
  facts: Readonly<Record<string, MessageFacts>>,
): ProtobufSchema {
  const nodes = new Map<string, DescriptorNode>();
  const index = (node: DescriptorNode, prefix: string): void => {
    for (const [name, child] of Object.entries(node.nested ?? {})) {
      const full = prefix ? `${prefix}.${name}` : name;
      nodes.set(full, child);
      index(child, full);
    }
  };
  index(descriptor, '');

  // API group → generated.proto package directory, for the k8s.io/api packages present. Only
  // these groups have protobuf messages: a custom resource group that happens to share a first
  // label (`apps.example.com`) must not match.
  const packages = new Map<string, string>();
  for (const dir of Object.keys(nodes.get('k8s.io.api')?.nested ?? {})) {
    packages.set(groupOfDirectory[dir] ?? (bareGroups.has(dir) ? dir : `${dir}.k8s.io`), `k8s.io.api.${dir}`);
  }
  packages.set('meta.k8s.io', metaPackage);

  const plans = new Map<string, MessagePlan>();
  const plan = (fullName: string): MessagePlan => {
    let compiled = plans.get(fullName);
    if (!compiled) {
      const node = nodes.get(fullName);
      if (!node?.fields) throw new Error(`protobuf message ${fullName} is not in the schema`);
      compiled = compile(fullName, node.fields, facts[fullName] ?? {}, (type) => plan(resolve(fullName, type)));
      plans.set(fullName, compiled);
    }
    return compiled;
  };
  // protobuf name resolution: absolute names start with a dot; others are looked up from the
  // message's own scope outwards.
  const resolve = (from: string, type: string): string => {
    if (type.startsWith('.')) return type.slice(1);
    for (let scope = from; scope !== ''; scope = scope.slice(0, Math.max(scope.lastIndexOf('.'), 0))) {
      if (nodes.get(`${scope}.${type}`)?.fields) return `${scope}.${type}`;
    }
    return type;
  };
  const isMessage = (name: string) => nodes.get(name)?.fields !== undefined;
  const byKind = new Map<string, MessagePlan | undefined>();

  return {
    unknown: plan('k8s.io.apimachinery.pkg.runtime.Unknown'),
    messageFor(gvk) {
      const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
      if (!byKind.has(key)) {
        const pkg = packages.get(gvk.group);
        const candidates: string[] = [];
        if (pkg === metaPackage) candidates.push(`${metaPackage}.${gvk.kind}`);
        else if (pkg !== undefined) {
          candidates.push(`${pkg}.${gvk.version}.${gvk.kind}`);
          if (metaKinds.has(gvk.kind)) candidates.push(`${metaPackage}.${gvk.kind}`);
        }
        const name = candidates.find(isMessage);
        byKind.set(key, name === undefined ? undefined : plan(name));
      }
      return byKind.get(key);
    },
  };
}

function compile(
  fullName: string,
  fields: Record<string, DescriptorField>,
  facts: MessageFacts,
  messageOf: (type: string) => MessagePlan,
): MessagePlan {
  const plans = Object.entries(fields).map(([name, f]): FieldPlan => {
    const scalar = scalarTypes.has(f.type) ? (f.type as ScalarType) : undefined;
    let message: MessagePlan | undefined;
    return {
      name,
      number: f.id,
      jsonName: facts.rename?.[name] ?? name,
      scalar,
      message: scalar ? undefined : () => (message ??= messageOf(f.type)),
      repeated: f.rule === 'repeated',
      mapKey: f.keyType as ScalarType | undefined,
      inline: facts.inline?.includes(name) ?? false,
      omitEmpty: facts.omitEmpty?.includes(name) ?? false,
      nullIfAbsent: facts.nullIfAbsent?.includes(name) ?? false,
    };
  });
  const [only, ...others] = plans;
  return {
    fullName,
    fields: plans,
    byNumber: new Map(plans.map((p) => [p.number, p])),
    listWrapper:
      others.length === 0 &&
      only?.name === 'items' &&
      only.repeated &&
      only.scalar !== undefined &&
      !fullName.endsWith('List'),
  };
}
