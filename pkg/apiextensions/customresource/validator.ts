/**
 * The custom-resource checks of apiextensions-apiserver pkg/registry/customresource/validator.go
 * that are not schema validation: type meta (kind and apiVersion of the served version) and the
 * scale subresource's replica paths.
 */
import type { CustomResourceSubresourceScale } from '../../apis/apiextensions/v1/types.js';
import { type FieldError, invalid } from '../../util/validation/field/errors.js';
import { goValue } from '../schema/govalue.js';
import { isObject } from '../schema/structural.js';

/** kind and apiVersion must be the served version's; upstream stops validating on these errors. */
export function validateTypeMeta(
  obj: Record<string, unknown>,
  group: string,
  version: string,
  kind: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (obj.kind !== kind) errs.push(invalid('kind', obj.kind ?? '', `must be ${kind}`));
  if (obj.apiVersion !== `${group}/${version}`)
    errs.push(invalid('apiVersion', obj.apiVersion ?? '', `must be ${group}/${version}`));
  return errs;
}

/** Go's %T of a decoded JSON value. */
function goType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  if (isObject(v)) return 'map[string]interface {}';
  return '<nil>';
}

/** unstructured.NestedInt64/NestedString: the value at a `.a.b` path, or upstream's accessor error. */
function nested(obj: unknown, jsonPath: string, want: 'int64' | 'string'): { value?: unknown; error?: string } {
  const fields = jsonPath.replace(/^\./, '').split('.');
  let node: unknown = obj;
  for (const [i, f] of fields.entries()) {
    if (!isObject(node)) {
      const where = `.${fields.slice(0, i).join('.')}`;
      return {
        error: `${where} accessor error: ${goValue(node)} is of the type ${goType(node)}, expected map[string]interface{}`,
      };
    }
    if (!(f in node)) return {};
    node = node[f];
  }
  if (goType(node) !== want)
    return {
      error: `.${fields.join('.')} accessor error: ${typeof node === 'string' ? node : goValue(node)} is of the type ${goType(node)}, expected ${want}`,
    };
  return { value: node };
}

const maxInt32 = 2147483647;

function replicas(obj: Record<string, unknown>, path: string): FieldError[] {
  const { value, error } = nested(obj, path, 'int64');
  if (error) return [invalid(path, 0, error)];
  if (typeof value !== 'number') return [];
  if (value < 0) return [invalid(path, value, 'should be a non-negative integer')];
  if (value > maxInt32) return [invalid(path, value, `should be less than or equal to ${maxInt32}`)];
  return [];
}

export function validateScaleSpec(
  obj: Record<string, unknown>,
  scale: CustomResourceSubresourceScale | undefined,
): FieldError[] {
  return scale?.specReplicasPath ? replicas(obj, scale.specReplicasPath) : [];
}

export function validateScaleStatus(
  obj: Record<string, unknown>,
  scale: CustomResourceSubresourceScale | undefined,
): FieldError[] {
  if (!scale) return [];
  const errs = scale.statusReplicasPath ? replicas(obj, scale.statusReplicasPath) : [];
  if (scale.labelSelectorPath) {
    const { error } = nested(obj, scale.labelSelectorPath, 'string');
    if (error) errs.push(invalid(scale.labelSelectorPath, '', error));
  }
  return errs;
}
