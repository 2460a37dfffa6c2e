/**
 * Compilation of x-kubernetes-validations rules (apiextensions-apiserver
 * pkg/apiserver/schema/cel/compilation.go): each rule and messageExpression is parsed and type
 * checked against the CEL type of its schema node (`self`, and `oldSelf` for transition rules —
 * optional when optionalOldSelf is set), its cost estimated, its fieldPath resolved. Errors use
 * cel-go's wording and source excerpts (`compilation failed: ERROR: <input>:1:5: undefined field
 * 'foo'`), so a CRD with a rule that does not compile is refused as upstream refuses it.
 *
 * Engine: @marcbachmann/cel-js (parser, checker, evaluator, macros, optionals, custom types and
 * functions). Its `matches` uses JavaScript regular expressions; rules are rewritten to call the
 * RE2 `re2Matches` of library.ts instead, for Go's syntax and linear-time matching.
 */
import { type ASTNode, Environment, type ParseResult } from '@marcbachmann/cel-js';
import type { ValidationRule } from '../../../apis/apiextensions/v1/types.js';
import type { Structural } from '../structural.js';
import { estimateCost, type SizeOf } from './cost.js';
import { validFieldPath } from './fieldpath.js';
import { compileRegex, registerKubernetesLibraries, celEquals, CELRuntimeError } from './library.js';
import { celTypeName, type DeclType, DeclTypes, type ObjectDecl } from './model.js';
import { CelObject, type CelObjectClass, type Converter, newConverter } from './values.js';

export const selfVar = 'self';
export const oldSelfVar = 'oldSelf';

export type CompileErrorType = 'Invalid' | 'Required' | 'Internal';

export interface CompileError {
  type: CompileErrorType;
  detail: string;
}

export interface CompiledRule {
  rule: ValidationRule;
  program?: ParseResult;
  ast?: ASTNode;
  messageProgram?: ParseResult;
  messageAst?: ASTNode;
  usesOldSelf: boolean;
  error?: CompileError;
  messageExpressionError?: CompileError;
  /** Static estimated cost with the schema's bounds. */
  maxCost: number;
  messageMaxCost: number;
  /** The rule's fieldPath in field.Path form (`.spec.x` → `spec.x`), '' when unset. */
  normalizedFieldPath: string;
}

export interface CompiledNode {
  decl: DeclType;
  rules: CompiledRule[];
  /** How many values this rule set may run on per object (product of enclosing list/map sizes). */
  cardinality: number;
}

/** cel-go's spelling of a type in messages. */
function celGoType(name: string): string {
  return name
    .replace(/Object_\d+/g, 'object')
    .replace(/google\.protobuf\.Timestamp/g, 'google.protobuf.Timestamp')
    .replaceAll('<', '(')
    .replaceAll('>', ')');
}

const operatorNames: Record<string, string> = {
  '+': '_+_',
  '-': '_-_',
  '*': '_*_',
  '/': '_/_',
  '%': '_%_',
  '==': '_==_',
  '!=': '_!=_',
  '<': '_<_',
  '<=': '_<=_',
  '>': '_>_',
  '>=': '_>=_',
  in: '@in',
};

/** A marc error summary reworded as cel-go words it. */
function celGoMessage(code: string, summary: string): string {
  if (code === 'no_such_key') return summary.replace(/^No such key: (.*)$/, "undefined field '$1'");
  if (code === 'unknown_variable')
    return summary.replace(/^Unknown variable: (.*)$/, "undeclared reference to '$1' (in container '')");
  let m = /^no such overload: (.+) (\S+) (.+)$/.exec(summary);
  if (code === 'no_such_overload' && m)
    return `found no matching overload for '${operatorNames[m[2] ?? ''] ?? m[2]}' applied to '(${celGoType(m[1] ?? '')}, ${celGoType(m[3] ?? '')})'`;
  m = /^found no matching overload for '(?:(.+)\.)?([A-Za-z_]\w*)\((.*)\)'$/.exec(summary);
  if (m)
    return `found no matching overload for '${m[2]}' applied to '${m[1] ? `${celGoType(m[1])}.` : ''}(${celGoType(m[3] ?? '')})'`;
  if (code.startsWith('unexpected') || code.startsWith('expected') || code.startsWith('invalid_'))
    return `Syntax error: ${summary}`;
  return celGoType(summary);
}

/** cel-go's issue text: `ERROR: <input>:L:C: msg` and the source line with a caret. */
export function formatIssue(source: string, offset: number, message: string): string {
  const before = source.slice(0, Math.max(0, Math.min(offset, source.length)));
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const col = offset - lineStart;
  const text = source.split('\n')[line - 1] ?? '';
  return `ERROR: <input>:${line}:${col + 1}: ${message}\n | ${text}\n | ${'.'.repeat(col)}^`;
}

interface EngineError {
  code: string;
  summary: string;
  range?: { start: number; end: number };
  node?: { op?: string; start?: number; pos?: number };
}

function engineError(e: unknown): EngineError | undefined {
  if (e instanceof Error && 'code' in e && 'summary' in e) {
    // marc's ParseError/TypeError/EvaluationError carry these fields (see its index.d.ts).
    return e as unknown as EngineError;
  }
  return undefined;
}

function issueOffset(err: EngineError): number {
  const start = err.range?.start ?? err.node?.start ?? err.node?.pos ?? 0;
  // cel-go places a field-selection issue at the '.', the engine at the field name.
  return err.code === 'no_such_key' && start > 0 ? start - 1 : start;
}

/** Walks every node of a parsed expression. */
export function walk(node: ASTNode, visit: (n: ASTNode) => void): void {
  visit(node);
  switch (node.op) {
    case 'value':
    case 'id':
      return;
    case '.':
    case '.?':
      return walk(node.args[0], visit);
    case 'call':
      for (const a of node.args[1]) walk(a, visit);
      return;
    case 'rcall':
      walk(node.args[1], visit);
      for (const a of node.args[2]) walk(a, visit);
      return;
    case 'map':
      for (const [k, v] of node.args) {
        walk(k, visit);
        walk(v, visit);
      }
      return;
    case '!_':
    case '-_':
      return walk(node.args, visit);
    default:
      for (const a of node.args) walk(a, visit);
  }
}

/**
 * Points `matches` at the RE2 implementation and checks literal patterns now, as cel-go does
 * (`invalid matches argument`). Returns the compile error, if any.
 */
function useRE2(source: string, ast: ASTNode): string | undefined {
  let error: string | undefined;
  walk(ast, (n) => {
    if ((n.op === 'rcall' || n.op === 'call') && n.args[0] === 'matches') {
      // The engine resolves functions by the name in the node when type checking: renaming the
      // call before the check binds it to re2Matches. args is a plain array (see ASTNodeArgsMap).
      (n.args as unknown as [string, ...unknown[]])[0] = 're2Matches';
      const patternArg = n.op === 'rcall' ? n.args[2][0] : n.args[1][1];
      if (patternArg?.op === 'value' && typeof patternArg.args === 'string' && error === undefined) {
        try {
          compileRegex(patternArg.args);
        } catch (e) {
          if (!(e instanceof CELRuntimeError)) throw e;
          error = formatIssue(source, patternArg.start, 'invalid matches argument');
        }
      }
    }
  });
  return error;
}

function usesVariable(ast: ASTNode, name: string): boolean {
  let found = false;
  walk(ast, (n) => {
    if (n.op === 'id' && n.args === name) found = true;
  });
  return found;
}

interface Checked {
  program?: ParseResult;
  ast?: ASTNode;
  type?: string;
  error?: string;
}

/**
 * The engine's has() only takes a field-selection chain rooted at a variable; CEL allows any
 * operand (`has(self.items[0].name)`). Such calls are rewritten to the equivalent optional
 * selection `(self.items[0]).?name.hasValue()` — field presence either way.
 */
function rewriteHas(source: string, ast: ASTNode): string | undefined {
  let rewritten: string | undefined;
  walk(ast, (n) => {
    if (rewritten !== undefined || n.op !== 'call' || n.args[0] !== 'has' || n.args[1].length !== 1) return;
    const arg = n.args[1][0];
    if (arg?.op !== '.') return;
    let base: ASTNode = arg.args[0];
    while (base.op === '.') base = base.args[0];
    if (base.op === 'id') return;
    const target = arg.args[0];
    rewritten = `${source.slice(0, n.start)}(${source.slice(target.start, target.end)}).?${arg.args[1]}.hasValue()${source.slice(n.end)}`;
  });
  return rewritten;
}

function parse(env: Environment, source: string): ParseResult {
  let text = source;
  let program = env.parse(text);
  for (let next = rewriteHas(text, program.ast); next !== undefined; next = rewriteHas(text, program.ast)) {
    text = next;
    program = env.parse(text);
  }
  return program;
}

function parseAndCheck(env: Environment, source: string): Checked {
  let program: ParseResult;
  try {
    program = parse(env, source);
  } catch (e) {
    const err = engineError(e);
    if (!err) throw e;
    return { error: formatIssue(source, issueOffset(err), celGoMessage(err.code, err.summary)) };
  }
  const regexError = useRE2(source, program.ast);
  if (regexError) return { error: regexError };
  const result = program.check();
  if (!result.valid) {
    const err = engineError(result.error);
    if (!err) return { error: String(result.error) };
    return { error: formatIssue(source, issueOffset(err), celGoMessage(err.code, err.summary)) };
  }
  return { program, ast: program.ast, type: result.type };
}

/**
 * The CEL side of one CRD version's schema: its object types registered once in an
 * environment with the Kubernetes libraries; rules compiled per schema node on demand.
 */
export class CELSchema {
  readonly types = new DeclTypes();
  readonly converter: Converter;
  private readonly base: Environment;
  private readonly envs = new Map<DeclType, { plain: Environment; optional: Environment }>();
  private readonly compiled = new Map<Structural, CompiledNode | null>();

  /**
   * Walks the whole schema first, so that every object type exists before the first clone.
   * `rootIsResource`: the root is a resource (apiVersion, kind and metadata are declared on it).
   */
  constructor(root: Structural, rootIsResource = true) {
    this.base = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
    registerKubernetesLibraries(this.base);
    this.declareAll(root, rootIsResource);
    const classes = new Map<ObjectDecl, CelObjectClass>();
    for (const decl of this.types.objects) {
      // One class per type: the engine maps values to their CEL type by constructor.
      const Cls = class extends CelObject {};
      Object.defineProperty(Cls, 'name', { value: decl.name });
      classes.set(decl, Cls);
      const fields: Record<string, string> = {};
      for (const [name, f] of decl.fields) fields[name] = celTypeName(f.type);
      this.base
        .registerType(decl.name, { ctor: Cls, fields })
        .registerOperator(`${decl.name} == ${decl.name}`, celEquals);
    }
    this.converter = newConverter(classes);
  }

  private declareAll(s: Structural, isResourceRoot: boolean): void {
    this.types.of(s, isResourceRoot);
    if (s.items) this.declareAll(s.items, s.items.embeddedResource);
    for (const child of s.properties?.values() ?? []) this.declareAll(child, child.embeddedResource);
    if (typeof s.additionalProperties === 'object')
      this.declareAll(s.additionalProperties, s.additionalProperties.embeddedResource);
  }

  private envFor(decl: DeclType): { plain: Environment; optional: Environment } {
    let envs = this.envs.get(decl);
    if (!envs) {
      const type = celTypeName(decl);
      envs = {
        plain: this.base.clone().registerVariable(selfVar, type).registerVariable(oldSelfVar, type),
        optional: this.base.clone().registerVariable(selfVar, type).registerVariable(oldSelfVar, `optional<${type}>`),
      };
      this.envs.set(decl, envs);
    }
    return envs;
  }

  /** The compiled rules of a node (undefined when it has none), compiled once. */
  compile(s: Structural, isResourceRoot: boolean, cardinality = 1): CompiledNode | undefined {
    if (s.validations.length === 0) return undefined;
    const known = this.compiled.get(s);
    if (known !== undefined) return known ?? undefined;
    const decl = this.types.of(s, isResourceRoot);
    if (!decl) {
      this.compiled.set(s, null);
      return undefined;
    }
    const envs = this.envFor(decl);
    const staticSize: SizeOf = (d) => d.maxElements;
    const vars = new Map([
      [selfVar, decl],
      [oldSelfVar, decl],
    ]);
    const rules = s.validations.map((rule) => this.compileRule(rule, s, envs, vars, staticSize));
    const node = { decl, rules, cardinality };
    this.compiled.set(s, node);
    return node;
  }

  private compileRule(
    rule: ValidationRule,
    s: Structural,
    envs: { plain: Environment; optional: Environment },
    vars: ReadonlyMap<string, DeclType>,
    size: SizeOf,
  ): CompiledRule {
    const out: CompiledRule = { rule, usesOldSelf: false, maxCost: 0, messageMaxCost: 0, normalizedFieldPath: '' };
    const source = (rule.rule ?? '').trim();
    if (source === '') return out;
    const env = rule.optionalOldSelf ? envs.optional : envs.plain;
    const checked = parseAndCheck(env, source);
    if (checked.error !== undefined) out.error = { type: 'Invalid', detail: `compilation failed: ${checked.error}` };
    else if (checked.type !== 'bool') out.error = { type: 'Invalid', detail: 'cel expression must evaluate to a bool' };
    else if (checked.program && checked.ast) {
      out.program = checked.program;
      out.ast = checked.ast;
      out.usesOldSelf = usesVariable(checked.ast, oldSelfVar);
      out.maxCost = estimateCost(checked.ast, vars, size);
    }
    const messageExpression = (rule.messageExpression ?? '').trim();
    if (messageExpression !== '') {
      const msg = parseAndCheck(envs.plain, messageExpression);
      if (msg.error !== undefined)
        out.messageExpressionError = { type: 'Invalid', detail: `messageExpression compilation failed: ${msg.error}` };
      else if (msg.type !== 'string')
        out.messageExpressionError = { type: 'Invalid', detail: 'messageExpression must evaluate to a string' };
      else if (msg.program && msg.ast) {
        out.messageProgram = msg.program;
        out.messageAst = msg.ast;
        out.messageMaxCost = estimateCost(msg.ast, vars, size);
      }
    }
    if (rule.fieldPath) {
      const resolved = validFieldPath(rule.fieldPath, s);
      if (resolved !== undefined) out.normalizedFieldPath = resolved;
    }
    return out;
  }
}
