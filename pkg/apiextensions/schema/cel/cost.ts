/**
 * Cost of a CEL rule, in cel-go's units, estimated from the expression tree and the sizes of the
 * values it touches (after cel-go's checker/cost.go and the Kubernetes library costs): one unit
 * per variable, field selection, operator and call; string functions 0.1 per byte; regular
 * expressions by string and pattern length; comprehensions (all, exists, exists_one, map,
 * filter) multiply their body by the number of elements they iterate.
 *
 * The same estimator serves both checks upstream makes: at CRD creation with the schema's
 * bounds (maxItems, maxLength, maxProperties, or what fits in a request), and per object with
 * the sizes that object really has — an upper bound of what evaluating it costs, checked against
 * the per-call and per-object budgets before the rule runs.
 */
import type { ASTNode } from '@marcbachmann/cel-js';
import type { DeclType } from './model.js';

/** celconfig.PerCallLimit: the most one rule may cost on one object. */
export const perCallLimit = 1_000_000;
/** celconfig.RuntimeCELCostBudget: the most all rules may cost on one object. */
export const runtimeCostBudget = 10_000_000;
/** StaticEstimatedCostLimit: the most one rule may be estimated to cost at CRD creation. */
export const staticEstimatedCostLimit = 10_000_000;
/** StaticEstimatedCRDCostLimit: the most all rules of a schema may be estimated to cost. */
export const staticEstimatedCRDCostLimit = 100_000_000;

/** How large a value of a type can be (static: schema bounds; runtime: what the object holds). */
export type SizeOf = (decl: DeclType) => number;

interface Estimate {
  cost: number;
  /** The type of the value, when known from the schema. */
  decl?: DeclType;
  /** A literal's own size (string bytes, list length). */
  literalSize?: number;
}

type Scope = ReadonlyMap<string, DeclType>;

const comprehensions = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);
const stringTraversal = new Set([
  'contains',
  'startsWith',
  'endsWith',
  'indexOf',
  'lastIndexOf',
  'lowerAscii',
  'upperAscii',
  'trim',
  'replace',
  'split',
  'substring',
  'charAt',
  'join',
  'reverse',
  'format',
  'quote',
]);
const regexFunctions = new Set(['re2Matches', 'matches', 'find', 'findAll']);

function sizeOf(e: Estimate, size: SizeOf): number {
  if (e.literalSize !== undefined) return e.literalSize;
  return e.decl ? size(e.decl) : 1;
}

function traversal(bytes: number): number {
  return Math.ceil(bytes * 0.1);
}

/** Estimates the cost of `ast` with `vars` (self, oldSelf) typed by the schema. */
export function estimateCost(ast: ASTNode, vars: Scope, size: SizeOf): number {
  return visit(ast, vars, size).cost;
}

function elemOf(decl: DeclType | undefined): DeclType | undefined {
  return decl && (decl.kind === 'list' || decl.kind === 'map') ? decl.elem : undefined;
}

function visit(node: ASTNode, scope: Scope, size: SizeOf): Estimate {
  switch (node.op) {
    case 'value': {
      const v = node.args;
      return { cost: 0, literalSize: typeof v === 'string' ? Buffer.byteLength(v) : 1 };
    }
    case 'id':
      return { cost: 1, decl: scope.get(node.args) };
    case '.':
    case '.?': {
      const [target, field] = node.args;
      const obj = visit(target, scope, size);
      const decl = obj.decl;
      const fieldType =
        decl?.kind === 'object' ? decl.fields.get(field)?.type : decl?.kind === 'map' ? decl.elem : undefined;
      return { cost: obj.cost + 1, decl: fieldType };
    }
    case '[]':
    case '[?]': {
      const [target, index] = node.args;
      const a = visit(target, scope, size);
      const b = visit(index, scope, size);
      return { cost: a.cost + b.cost + 1, decl: elemOf(a.decl) };
    }
    case 'list': {
      let cost = 0;
      for (const item of node.args) cost += visit(item, scope, size).cost;
      return { cost: cost + node.args.length, literalSize: node.args.length };
    }
    case 'map': {
      let cost = 0;
      for (const [k, v] of node.args) cost += visit(k, scope, size).cost + visit(v, scope, size).cost;
      return { cost: cost + node.args.length, literalSize: node.args.length };
    }
    case '?:': {
      const [cond, a, b] = node.args;
      const x = visit(a, scope, size);
      const y = visit(b, scope, size);
      return { cost: visit(cond, scope, size).cost + Math.max(x.cost, y.cost), decl: x.decl ?? y.decl };
    }
    case '&&':
    case '||': {
      const [a, b] = node.args;
      return { cost: visit(a, scope, size).cost + visit(b, scope, size).cost };
    }
    case '!_':
    case '-_':
      return { cost: visit(node.args, scope, size).cost + 1 };
    case 'call':
      return call(node.args[0], undefined, node.args[1], scope, size);
    case 'rcall':
      return call(node.args[0], node.args[1], node.args[2], scope, size);
    default:
      return binary(node.op, node.args, scope, size);
  }
}

function binary(op: string, [left, right]: [ASTNode, ASTNode], scope: Scope, size: SizeOf): Estimate {
  const a = visit(left, scope, size);
  const b = visit(right, scope, size);
  let extra = 1;
  const kind = a.decl?.kind ?? b.decl?.kind;
  if (op === '==' || op === '!=') {
    if (kind === 'string' || kind === 'bytes' || a.literalSize !== undefined)
      extra += traversal(Math.min(sizeOf(a, size), sizeOf(b, size)));
    else if (kind === 'list' || kind === 'map' || kind === 'object')
      extra += Math.min(sizeOf(a, size), sizeOf(b, size));
  } else if (op === '+') {
    if (kind === 'string') extra += traversal(sizeOf(a, size) + sizeOf(b, size));
    else if (kind === 'list') extra += sizeOf(a, size) + sizeOf(b, size);
  } else if (op === 'in') {
    extra += sizeOf(b, size);
  }
  return { cost: a.cost + b.cost + extra };
}

function call(
  name: string,
  receiver: ASTNode | undefined,
  args: readonly ASTNode[],
  scope: Scope,
  size: SizeOf,
): Estimate {
  if (name === 'has' && !receiver && args[0]) {
    const inner = args[0];
    const target = inner.op === '.' || inner.op === '.?' ? inner.args[0] : inner;
    return { cost: visit(target, scope, size).cost + 1 };
  }
  const recv = receiver ? visit(receiver, scope, size) : undefined;
  if (receiver && comprehensions.has(name) && args[0]?.op === 'id' && args.length >= 2) {
    // Comprehension: the body runs once per element, with the iteration variable bound to it.
    const elem =
      recv?.decl?.kind === 'map' ? ({ kind: 'string', minSize: 2, maxElements: 253 } as const) : elemOf(recv?.decl);
    const inner = new Map(scope);
    if (elem) inner.set(args[0].args, elem);
    else inner.delete(args[0].args);
    let body = 0;
    for (const a of args.slice(1)) body += visit(a, inner, size).cost;
    const n = recv ? sizeOf(recv, size) : 1;
    return {
      cost: (recv?.cost ?? 0) + n * (body + 2) + 1,
      decl: name === 'map' || name === 'filter' ? recv?.decl : undefined,
    };
  }
  const argEstimates = args.map((a) => visit(a, scope, size));
  let cost = 1 + (recv?.cost ?? 0) + argEstimates.reduce((sum, e) => sum + e.cost, 0);
  const strSize = recv ? sizeOf(recv, size) : argEstimates[0] ? sizeOf(argEstimates[0], size) : 0;
  if (regexFunctions.has(name)) {
    const pattern = argEstimates[receiver ? 0 : 1];
    const patternSize = pattern ? sizeOf(pattern, size) : 1;
    cost += Math.max(1, traversal(strSize)) * Math.max(1, Math.ceil(patternSize * 0.25));
  } else if (stringTraversal.has(name)) {
    cost += traversal(strSize) + argEstimates.reduce((sum, e) => sum + traversal(sizeOf(e, size)), 0);
  } else if (['sum', 'min', 'max', 'isSorted', 'indexOf', 'lastIndexOf'].includes(name) && recv) {
    cost += sizeOf(recv, size);
  }
  return { cost, decl: name === 'orValue' || name === 'value' ? recv?.decl : undefined };
}
