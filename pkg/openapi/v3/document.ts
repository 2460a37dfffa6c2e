/**
 * One OpenAPI v3 document per group version (`/openapi/v3/apis/apps/v1`): the paths of its
 * resources plus every schema they reach, as upstream serves it. Schemas come from the shared
 * definitions, their v2 `#/definitions/` references rewritten to `#/components/schemas/`.
 */
import type { GroupVersionKind } from '../../apis/meta/v1/types.js';
import { type Definitions, type SchemaObject, definitionsRefPrefix, refName } from '../definitions.js';
import type { OpenAPIGroupVersion } from '../resources.js';
import { type OperationContext, type PathItem, discoveryPath, resourcePaths } from './operations.js';

export interface OpenAPIV3Document {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, SchemaObject>; securitySchemes: Record<string, unknown> };
  security: Record<string, string[]>[];
}

export const componentsRefPrefix = '#/components/schemas/';

/** Converts definitions to v3 component schemas once, however many documents use them. */
export class SchemaConverter {
  private readonly converted = new Map<string, { schema: SchemaObject; refs: string[] }>();
  constructor(readonly definitions: Definitions) {}

  /** The component schema of a definition and the definitions it refers to directly. */
  convert(name: string): { schema: SchemaObject; refs: string[] } | undefined {
    let done = this.converted.get(name);
    if (!done) {
      const source = this.definitions.schemas[name];
      if (!source) return undefined;
      const refs = new Set<string>();
      done = { schema: rewriteRefs(source, refs) as SchemaObject, refs: [...refs] };
      this.converted.set(name, done);
    }
    return done;
  }

  /** `names` and everything they reach through references. */
  closure(names: Iterable<string>): Record<string, SchemaObject> {
    const out: Record<string, SchemaObject> = {};
    const pending = [...names];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (name in out) continue;
      const converted = this.convert(name);
      if (!converted) continue;
      out[name] = converted.schema;
      pending.push(...converted.refs);
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

function rewriteRefs(value: unknown, refs: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, refs));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$ref' && typeof v === 'string' && v.startsWith(definitionsRefPrefix)) {
      refs.add(refName(v));
      out[key] = `${componentsRefPrefix}${refName(v)}`;
    } else {
      out[key] = rewriteRefs(v, refs);
    }
  }
  return out;
}

export interface DocumentOptions {
  /** `info.version`: the Kubernetes release served (`v1.33.0`). */
  version: string;
  responseMediaTypes: readonly string[];
}

/** Builds the document of one group version. */
export function buildGroupVersionDocument(
  gv: OpenAPIGroupVersion,
  converter: SchemaConverter,
  options: DocumentOptions,
): OpenAPIV3Document {
  const ctx: OperationContext = {
    gv,
    schemaOf: (gvk: GroupVersionKind) => converter.definitions.nameFor(gvk),
    responseMediaTypes: options.responseMediaTypes,
    referenced: new Set(),
  };
  const paths: Record<string, PathItem> = discoveryPath(ctx);
  for (const resource of gv.resources) Object.assign(paths, resourcePaths(ctx, resource));
  const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: options.version },
    paths: sortedPaths,
    components: {
      schemas: converter.closure(ctx.referenced),
      securitySchemes: {
        BearerToken: {
          description: 'Bearer token authentication',
          in: 'header',
          name: 'authorization',
          type: 'apiKey',
        },
      },
    },
    security: [{ BearerToken: [] }],
  };
}
