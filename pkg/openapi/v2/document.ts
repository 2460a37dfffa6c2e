/**
 * The OpenAPI v2 (Swagger 2.0) document at /openapi/v2: every served group version in one
 * document, as upstream's aggregator serves it. Kubectl 1.27 and 1.28 read it for `apply`, `diff`,
 * `edit` and `explain`, and every kubectl reads it to validate a `kind: List` file and to map a
 * kind it does not know.
 *
 * The paths are the v3 documents' paths (./../v3/operations.ts) written the v2 way — a request
 * body becomes an `in: body` parameter, media types become `consumes`/`produces`, parameter
 * schemas are inlined — so the two versions cannot disagree; definitions are the shared
 * definitions as they are stored, already in v2 form.
 */
import type { SchemaObject } from '../definitions.js';
import type { OpenAPIGroupVersion } from '../resources.js';
import { buildGroupVersionDocument, componentsRefPrefix, type SchemaConverter } from '../v3/document.js';
import type { Operation, PathItem } from '../v3/operations.js';
import { definitionsRefPrefix } from '../definitions.js';

export interface OpenAPIV2Document {
  swagger: '2.0';
  info: { title: string; version: string };
  paths: Record<string, Record<string, unknown>>;
  definitions: Record<string, SchemaObject>;
  securityDefinitions: Record<string, unknown>;
  security: Record<string, string[]>[];
}

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

/** Builds the whole v2 document for `groupVersions` (in discovery order). */
export function buildOpenAPIV2Document(
  groupVersions: readonly OpenAPIGroupVersion[],
  converter: SchemaConverter,
  options: { version: string },
): OpenAPIV2Document {
  const paths: Record<string, Record<string, unknown>> = {};
  const referenced = new Set<string>();
  for (const gv of groupVersions) {
    const v3 = buildGroupVersionDocument(gv, converter, {
      version: options.version,
      responseMediaTypes: ['application/json', 'application/yaml'],
    });
    for (const name of Object.keys(v3.components.schemas)) referenced.add(name);
    for (const [path, item] of Object.entries(v3.paths)) paths[path] = pathItemV2(item);
  }
  const definitions: Record<string, SchemaObject> = {};
  for (const name of [...referenced].sort()) {
    const schema = converter.definitions.schemas[name];
    if (schema) definitions[name] = schema;
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: options.version },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    definitions,
    securityDefinitions: {
      BearerToken: { description: 'Bearer Token authentication', type: 'apiKey', name: 'authorization', in: 'header' },
    },
    security: [{ BearerToken: [] }],
  };
}

function pathItemV2(item: PathItem): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const method of methods) {
    const operation = item[method];
    if (isRecord(operation)) out[method] = operationV2(operation);
  }
  if (Array.isArray(item.parameters)) out.parameters = item.parameters.filter(isRecord).map(parameterV2);
  return out;
}

function operationV2(op: Operation): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof op.description === 'string') out.description = op.description;
  const body = isRecord(op.requestBody) ? op.requestBody : undefined;
  const bodyContent = body && isRecord(body.content) ? body.content : undefined;
  if (bodyContent) out.consumes = Object.keys(bodyContent);
  const responses = isRecord(op.responses) ? op.responses : {};
  const produces = new Set<string>();
  for (const response of Object.values(responses)) {
    if (isRecord(response) && isRecord(response.content))
      for (const m of Object.keys(response.content)) produces.add(m);
  }
  if (produces.size > 0) out.produces = [...produces];
  out.schemes = ['https'];
  if (Array.isArray(op.tags)) out.tags = op.tags;
  if (typeof op.operationId === 'string') out.operationId = op.operationId;
  const parameters = Array.isArray(op.parameters) ? op.parameters.filter(isRecord).map(parameterV2) : [];
  if (bodyContent) {
    const schema = Object.values(bodyContent).find(isRecord)?.schema;
    const bodyParameter: Record<string, unknown> = { name: 'body', in: 'body', required: body?.required === true };
    bodyParameter.schema = isRecord(schema) ? refsToV2(schema) : {};
    parameters.unshift(bodyParameter);
  }
  if (parameters.length > 0) out.parameters = parameters;
  out.responses = Object.fromEntries(
    Object.entries(responses).map(([code, response]) => [code, isRecord(response) ? responseV2(response) : {}]),
  );
  for (const [key, value] of Object.entries(op)) if (key.startsWith('x-')) out[key] = value;
  return out;
}

function responseV2(response: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { description: response.description };
  const content = isRecord(response.content) ? Object.values(response.content).find(isRecord) : undefined;
  if (content && isRecord(content.schema)) out.schema = refsToV2(content.schema);
  return out;
}

/** A v3 parameter (`schema: {type}`) as v2 writes it (the type inline). */
function parameterV2(parameter: Record<string, unknown>): Record<string, unknown> {
  const { schema, ...rest } = parameter;
  const out: Record<string, unknown> = isRecord(schema) ? { ...schema } : {};
  if (rest.in === 'query' && out.type !== undefined) out.uniqueItems = true;
  return { ...out, ...rest };
}

function refsToV2(schema: Record<string, unknown>): Record<string, unknown> {
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith(componentsRefPrefix)) {
    return { ...schema, $ref: `${definitionsRefPrefix}${ref.slice(componentsRefPrefix.length)}` };
  }
  return schema;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
