/**
 * Pruning of unknown fields (apiextensions-apiserver pkg/apiserver/schema/pruning): a field the
 * structural schema does not declare is removed, unless a node says
 * x-kubernetes-preserve-unknown-fields. apiVersion, kind and metadata of the resource root and of
 * embedded resources are left to ObjectMeta handling. The removed paths (`spec.foo`,
 * `spec.list[0].bar`) feed fieldValidation Strict/Warn as `unknown field "spec.foo"`.
 */
import { isObject, type Structural } from '../structural.js';

const metaFields = new Set(['apiVersion', 'kind', 'metadata']);

/** Prunes `obj` in place and returns the removed paths, sorted as upstream sorts them. */
export function prune(obj: unknown, s: Structural | undefined, isResourceRoot: boolean): string[] {
  const schema = isResourceRoot ? asEmbeddedResource(s) : s;
  const unknown: string[] = [];
  visit(obj, schema, '', unknown);
  return unknown.sort();
}

/** The resource root is treated as an embedded resource (its meta fields are not pruned). */
export function asEmbeddedResource(s: Structural | undefined): Structural {
  const base: Structural = s ?? {
    type: '',
    format: '',
    nullable: false,
    preserveUnknownFields: false,
    embeddedResource: false,
    intOrString: false,
    validations: [],
    source: {},
  };
  return base.embeddedResource ? base : { ...base, embeddedResource: true };
}

function join(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function visit(x: unknown, s: Structural | undefined, path: string, unknown: string[]): void {
  if (s?.preserveUnknownFields) return skipPrune(x, s, path, unknown);
  if (Array.isArray(x)) {
    x.forEach((v, i) => {
      visit(v, s?.items, `${path}[${i}]`, unknown);
    });
    return;
  }
  if (!isObject(x)) return;
  for (const k of Object.keys(x)) {
    if (s === undefined) {
      unknown.push(join(path, k));
      delete x[k];
      continue;
    }
    if (s.embeddedResource && metaFields.has(k)) continue;
    const prop = s.properties?.get(k);
    if (prop) visit(x[k], prop, join(path, k), unknown);
    else if (s.additionalProperties !== undefined && s.additionalProperties !== false)
      visit(
        x[k],
        typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined,
        join(path, k),
        unknown,
      );
    else {
      if (!metaFields.has(k) || path !== '') unknown.push(join(path, k));
      delete x[k];
    }
  }
}

/** Below x-kubernetes-preserve-unknown-fields: only declared fields are descended into. */
function skipPrune(x: unknown, s: Structural, path: string, unknown: string[]): void {
  if (Array.isArray(x)) {
    x.forEach((v, i) => {
      if (s.items) skipPrune(v, s.items, `${path}[${i}]`, unknown);
    });
    return;
  }
  if (!isObject(x)) return;
  for (const k of Object.keys(x)) {
    if (s.embeddedResource && metaFields.has(k)) continue;
    const prop = s.properties?.get(k);
    if (prop) visit(x[k], prop, join(path, k), unknown);
    else if (s.additionalProperties !== undefined && s.additionalProperties !== false)
      visit(
        x[k],
        typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined,
        join(path, k),
        unknown,
      );
  }
}
