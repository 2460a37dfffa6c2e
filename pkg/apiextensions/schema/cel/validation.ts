/**
 * Evaluation of x-kubernetes-validations rules on an object (apiextensions-apiserver
 * pkg/apiserver/schema/cel/validation.go): the object is walked along its schema; at each node
 * with rules, `self` is the value there and, on update, `oldSelf` the correlated old value
 * (through object fields, map keys and list-type=map keys — not through atomic lists or sets).
 * Transition rules run only when an old value exists, unless optionalOldSelf is set. Failures
 * are reported with the rule's message, messageExpression, reason and fieldPath, worded as
 * upstream words them; a per-call limit and a per-object budget stop runaway rules.
 */
import { Optional } from '@marcbachmann/cel-js';
import type { ValidationRule } from '../../../apis/apiextensions/v1/types.js';
import { FieldError, forbidden, invalid, required } from '../../../util/validation/field/errors.js';
import { additionalPropertiesSchema, isObject, type Structural } from '../structural.js';
import { type CELSchema, type CompiledRule, oldSelfVar, selfVar } from './compilation.js';
import { estimateCost, perCallLimit, runtimeCostBudget } from './cost.js';
import { CELRuntimeError, celEquals } from './library.js';
import type { DeclType } from './model.js';
import type { ObservedSizes } from './values.js';

/** celconfig.MaxEvaluatedMessageExpressionSizeBytes. */
const maxMessageExpressionBytes = 5 * 1024;

export interface CELValidationResult {
  errors: FieldError[];
  /** Failures of unchanged values on update: upstream reports them as warnings (ratcheting). */
  warnings: string[];
  /** What is left of the per-object cost budget (negative once a limit stopped validation). */
  remainingBudget: number;
}

interface Walk {
  schema: CELSchema;
  errors: FieldError[];
  warnings: string[];
  budget: number;
}

class StopValidation extends Error {}

function ruleErrorString(rule: ValidationRule): string {
  const message = (rule.message ?? '').trim();
  return message !== '' ? message : (rule.rule ?? '').trim();
}

function ruleMessageOrDefault(rule: ValidationRule): string {
  const message = (rule.message ?? '').trim();
  return message !== '' ? message : `failed rule: ${ruleErrorString(rule)}`;
}

function fieldErrorForReason(path: string, type: string, detail: string, reason: string | undefined): FieldError {
  switch (reason) {
    case 'FieldValueForbidden':
      return forbidden(path, detail);
    case 'FieldValueRequired':
      return required(path, detail);
    case 'FieldValueDuplicate':
      return new FieldError('FieldValueDuplicate', path, type, '');
    default:
      return invalid(path, type, detail);
  }
}

function childPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/** Upstream validates from a nil field path: errors on the object root print `<nil>`. */
function at(path: string): string {
  return path === '' ? '<nil>' : path;
}

/** cel-go's text for an evaluation error. */
function runtimeMessage(e: unknown): string {
  if (e instanceof CELRuntimeError) return e.message;
  if (e instanceof Error && 'code' in e && 'summary' in e) {
    // marc's EvaluationError: code and summary (see its index.d.ts).
    const { code, summary } = e as unknown as { code: string; summary: string };
    if (code === 'index_out_of_bounds' || summary.includes('index out of bounds'))
      return `index out of bounds: ${/index (-?\d+)/.exec(summary)?.[1] ?? ''}`;
    if (code === 'no_such_key') return summary.replace(/^No such key/, 'no such key');
    if (code === 'numeric_overflow') return 'integer overflow';
    return summary;
  }
  throw e;
}

/**
 * Validates `obj` (and `oldObj` on update) against every rule below `s`. `path` is the field
 * path of `obj` ('' for the object root).
 */
export function validateCEL(
  schema: CELSchema,
  s: Structural,
  isResourceRoot: boolean,
  obj: unknown,
  oldObj: unknown,
  path = '',
  budget = runtimeCostBudget,
): CELValidationResult {
  const walk: Walk = { schema, errors: [], warnings: [], budget };
  try {
    visit(walk, s, isResourceRoot, obj, oldObj, path, oldObj !== undefined);
  } catch (e) {
    if (!(e instanceof StopValidation)) throw e;
    walk.budget = -1;
  }
  return { errors: walk.errors, warnings: walk.warnings, remainingBudget: walk.budget };
}

function visit(
  walk: Walk,
  s: Structural,
  isResourceRoot: boolean,
  obj: unknown,
  oldObj: unknown,
  path: string,
  correlated: boolean,
): void {
  if (obj === null || obj === undefined) return;
  validateNode(walk, s, isResourceRoot, obj, correlated ? oldObj : undefined, path);
  if (isObject(obj)) {
    const old = correlated && isObject(oldObj) ? oldObj : undefined;
    for (const [name, prop] of s.properties ?? [])
      if (name in obj)
        visit(walk, prop, prop.embeddedResource, obj[name], old?.[name], childPath(path, name), !!old && name in old);
    const values = additionalPropertiesSchema(s);
    if (values) {
      const mapCorrelates = s.mapType !== 'atomic';
      for (const [k, v] of Object.entries(obj))
        if (!s.properties?.has(k))
          visit(
            walk,
            values,
            values.embeddedResource,
            v,
            old?.[k],
            `${path}[${k}]`,
            mapCorrelates && !!old && k in old,
          );
    }
  } else if (Array.isArray(obj) && s.items) {
    const items = s.items;
    const oldByKey = s.listType === 'map' && correlated && Array.isArray(oldObj) ? indexByKeys(oldObj, s) : undefined;
    obj.forEach((item, i) => {
      const old = oldByKey?.get(mapKey(item, s));
      visit(walk, items, items.embeddedResource, item, old, `${path}[${i}]`, old !== undefined);
    });
  }
}

function mapKey(item: unknown, s: Structural): string {
  if (!isObject(item)) return '';
  return JSON.stringify((s.listMapKeys ?? []).map((k) => item[k] ?? null));
}

function indexByKeys(list: unknown[], s: Structural): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const item of list) out.set(mapKey(item, s), item);
  return out;
}

function validateNode(
  walk: Walk,
  s: Structural,
  isResourceRoot: boolean,
  obj: unknown,
  oldObj: unknown,
  path: string,
): void {
  const node = walk.schema.compile(s, isResourceRoot);
  if (!node || node.rules.length === 0) return;
  const type = s.type || (s.intOrString ? 'integer' : 'object');
  if (walk.budget <= 0) {
    walk.errors.push(
      invalid(
        at(path),
        type,
        'validation failed due to running out of cost budget, no further validation rules will be run',
      ),
    );
    throw new StopValidation();
  }
  const sizes: ObservedSizes = new Map();
  const self = walk.schema.converter.toCel(obj, node.decl, sizes);
  const hasOld = oldObj !== undefined && oldObj !== null;
  const oldSelf = hasOld ? walk.schema.converter.toCel(oldObj, node.decl, sizes) : undefined;
  const unchanged = hasOld && celEquals(self, oldSelf);
  const runtimeSize = (d: DeclType) => sizes.get(d) ?? 0;
  const vars = new Map<string, DeclType>([
    [selfVar, node.decl],
    [oldSelfVar, node.decl],
  ]);

  for (const compiled of node.rules) {
    const rule = compiled.rule;
    if (compiled.error) {
      walk.errors.push(invalid(at(path), type, `rule compile error: ${compiled.error.detail}`));
      continue;
    }
    if (!compiled.program || !compiled.ast) continue;
    const optionalOldSelf = rule.optionalOldSelf === true;
    if (compiled.usesOldSelf && !hasOld && !optionalOldSelf) continue;

    const cost = estimateCost(compiled.ast, vars, runtimeSize);
    if (cost > perCallLimit) {
      walk.errors.push(
        invalid(
          at(path),
          type,
          `'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: ${ruleErrorString(rule)}`,
        ),
      );
      throw new StopValidation();
    }
    if (cost > walk.budget) {
      walk.errors.push(
        invalid(
          at(path),
          type,
          'validation failed due to running out of cost budget, no further validation rules will be run',
        ),
      );
      throw new StopValidation();
    }
    walk.budget -= cost;

    const activation = {
      [selfVar]: self,
      [oldSelfVar]: optionalOldSelf ? (hasOld ? Optional.of(oldSelf) : Optional.none()) : oldSelf,
    };
    let result: unknown;
    try {
      result = compiled.program(activation);
    } catch (e) {
      const message = runtimeMessage(e);
      if (message.startsWith('no such overload'))
        walk.errors.push(
          invalid(
            at(path),
            type,
            `'${message}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(rule)}`,
          ),
        );
      else walk.errors.push(invalid(at(path), type, `${message} evaluating rule: ${ruleErrorString(rule)}`));
      continue;
    }
    if (result === true) continue;

    const errPath = at(compiled.normalizedFieldPath ? childPath(path, compiled.normalizedFieldPath) : path);
    let detail = ruleMessageOrDefault(rule);
    if (compiled.messageProgram && compiled.messageAst) {
      const msgCost = estimateCost(compiled.messageAst, vars, runtimeSize);
      if (msgCost > walk.budget) {
        walk.errors.push(
          invalid(
            errPath,
            type,
            'messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run',
          ),
        );
        throw new StopValidation();
      }
      walk.budget -= msgCost;
      detail = evalMessageExpression(compiled, activation) ?? detail;
    }
    const err = fieldErrorForReason(errPath, type, detail, rule.reason);
    // Ratcheting: an unchanged value does not fail an update for a rule that ignores oldSelf.
    if (unchanged && !compiled.usesOldSelf) walk.warnings.push(String(err));
    else walk.errors.push(err);
  }
}

/** The messageExpression's text, or undefined to fall back to the rule's message (as upstream does). */
function evalMessageExpression(compiled: CompiledRule, activation: Record<string, unknown>): string | undefined {
  if (!compiled.messageProgram) return undefined;
  let value: unknown;
  try {
    value = compiled.messageProgram(activation);
  } catch (e) {
    runtimeMessage(e);
    return undefined;
  }
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || /[\n]/.test(trimmed) || Buffer.byteLength(trimmed) > maxMessageExpressionBytes)
    return undefined;
  return trimmed;
}
