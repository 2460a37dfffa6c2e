/**
 * A composed YAML document → the JSON value upstream's sigs.k8s.io/yaml makes of it (go-yaml v2
 * decoding into interface{}, then keys made strings for JSON), walked with an explicit stack so
 * no document can exhaust the call stack:
 *
 *   aliases     expanded into fresh copies; `unknown anchor 'x' referenced`, `anchor 'x' value
 *               contains itself`, and go-yaml's ratio rule against alias bombs (`document
 *               contains excessive aliasing`), counted as go-yaml counts its decode steps
 *   merge keys  `<<: *base` or `<<: [*a, *b]` set the merged maps' keys where the `<<` stands
 *               (later keys override, earlier maps in a list win), else `map merge requires
 *               map or sequence of maps as the value`
 *   keys        ints and floats as sigs.k8s.io/yaml spells them (`1.5`, `1e+06`, `.inf`), bools
 *               as `true`/`false`; a null key or a collection key is an error, as upstream
 *   !!binary    the decoded bytes as a string; invalid base64 is an error
 *   .nan, .inf  refused as encoding/json refuses them (`json: unsupported value: NaN`)
 *
 * Expanded aliases can nest deeper than the text: past maxDepth the result is refused as
 * upstream's JSON decoding refuses the converted text.
 */
import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
  type Scalar,
} from 'yaml';
import { DecodeError } from '../errors/errors.js';

export const binaryTag = 'tag:yaml.org,2002:binary';

type JSONMap = Record<string, unknown>;

/** Where a value goes: an index of a list, a key of a map, or (nullKey) the list of values under null keys. */
const nullKey = Symbol('null key');
type Parent = unknown[] | JSONMap;
type Slot = string | number | typeof nullKey;

/** One step of the walk; `aliasDepth` > 0 inside an alias expansion (what go-yaml counts as aliasing). */
type Task =
  | { kind: 'value'; node: Node | null; depth: number; aliasDepth: number; parent: Parent; slot: Slot }
  | { kind: 'pair'; pair: Pair<unknown, unknown>; into: JSONMap; depth: number; aliasDepth: number }
  | { kind: 'merge'; node: Node | null; into: JSONMap; depth: number; aliasDepth: number; list: boolean }
  | { kind: 'leave'; anchor: Node };

export interface ConvertedYAML {
  value: unknown;
  /** go-yaml's strict errors for duplicate keys (`line 3: key "name" already set in map`), in document order. */
  duplicateKeys: string[];
}

/**
 * The JSON value of `doc`, and its duplicate keys. `maxDepth` bounds the nesting of the result
 * (aliases expanded); `lines` places duplicate keys.
 * @throws DecodeError worded as upstream: `error converting YAML to JSON: yaml: …` for what
 *   go-yaml or sigs.k8s.io/yaml refuse, `couldn't get version/kind; json parse error: invalid
 *   character '{' exceeded max depth` for a result too deep to decode.
 */
export function yamlToJSON(doc: Document.Parsed, maxDepth: number, lines: LineCounter): ConvertedYAML {
  const { targets, duplicateKeys } = scan(doc.contents, lines);
  return { value: new Converter(targets, maxDepth).convert(doc.contents), duplicateKeys };
}

/**
 * One pass over the document as written, in document order:
 *  - what each alias refers to: the last node with its anchor that starts before it (go-yaml
 *    registers an anchor where its node starts, so `&a [*a]` refers to itself);
 *  - duplicate keys, compared as go-yaml compares resolved keys (1 and "1" differ, a and "a" do not).
 */
function scan(
  root: Node | null,
  lines: LineCounter,
): { targets: Map<Alias, Node | undefined>; duplicateKeys: string[] } {
  const latest = new Map<string, Node>();
  const targets = new Map<Alias, Node | undefined>();
  const duplicateKeys: string[] = [];
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const item = pending.pop();
    if (isPair(item)) {
      pending.push(item.value, item.key);
    } else if (isAlias(item)) {
      targets.set(item, latest.get(item.source));
    } else if (isScalar(item) || isMap(item) || isSeq(item)) {
      if (item.anchor) latest.set(item.anchor, item);
      if (isMap(item)) reportDuplicates(item.items, lines, duplicateKeys);
      if (isMap(item) || isSeq(item)) for (let i = item.items.length - 1; i >= 0; i--) pending.push(item.items[i]);
    }
  }
  return { targets, duplicateKeys };
}

function reportDuplicates(pairs: ReadonlyArray<Pair<unknown, unknown>>, lines: LineCounter, found: string[]): void {
  const seen = new Set<string>();
  for (const { key } of pairs) {
    // Merge keys (`<<`) set no key of their own.
    if (!isScalar(key) || typeof key.value === 'symbol') continue;
    const id = `${typeof key.value}:${String(key.value)}`;
    if (seen.has(id)) {
      const line = key.range ? lines.linePos(key.range[0]).line : 0;
      const shown = typeof key.value === 'string' ? JSON.stringify(key.value) : String(key.value);
      found.push(`line ${line}: key ${shown} already set in map`);
    }
    seen.add(id);
  }
}

class Converter {
  /** go-yaml's counters: every node decoded (aliases re-decode their target), and those inside aliases. */
  private decodeCount = 1;
  private aliasCount = 0;
  /** Anchored nodes being expanded right now: meeting one again is a cycle. */
  private readonly expanding = new Set<Node>();
  /** Values under null keys, reported once the walk is done (sigs.k8s.io/yaml meets them after go-yaml). */
  private readonly nullKeyValues: unknown[] = [];

  constructor(
    private readonly targets: Map<Alias, Node | undefined>,
    private readonly maxDepth: number,
  ) {}

  convert(root: Node | null): unknown {
    const result: unknown[] = [null];
    this.run({ kind: 'value', node: root, depth: 1, aliasDepth: 0, parent: result, slot: 0 });
    if (this.nullKeyValues.length > 0) {
      throw conversionError(
        `unsupported map key of type: %!s(<nil>), key: <nil>, value: ${goSyntax(this.nullKeyValues[0], true)}`,
      );
    }
    return result[0];
  }

  private run(first: Task): void {
    const tasks: Task[] = [first];
    for (let task = tasks.pop(); task !== undefined; task = tasks.pop()) {
      switch (task.kind) {
        case 'leave':
          this.expanding.delete(task.anchor);
          break;
        case 'value':
          this.value(task, tasks);
          break;
        case 'pair':
          this.pair(task, tasks);
          break;
        case 'merge':
          this.merge(task, tasks);
          break;
      }
    }
  }

  private value(task: Extract<Task, { kind: 'value' }>, tasks: Task[]): void {
    const { node, depth, aliasDepth, parent, slot } = task;
    this.count(aliasDepth);
    if (isAlias(node)) {
      const anchor = this.enter(node, tasks);
      tasks.push({ kind: 'value', node: anchor, depth, aliasDepth: aliasDepth + 1, parent, slot });
    } else if (isMap(node)) {
      this.checkDepth(depth, '{');
      const into: JSONMap = {};
      this.put(parent, slot, into);
      this.pushPairs(node.items, into, depth, aliasDepth, tasks);
    } else if (isSeq(node)) {
      this.checkDepth(depth, '[');
      const list: unknown[] = new Array(node.items.length).fill(null);
      this.put(parent, slot, list);
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i];
        if (isPair(item)) {
          // !!pairs and !!omap entries: each a single-key map.
          this.checkDepth(depth + 1, '{');
          const into: JSONMap = {};
          list[i] = into;
          tasks.push({ kind: 'pair', pair: item, into, depth: depth + 1, aliasDepth });
        } else {
          tasks.push({ kind: 'value', node: asNode(item), depth: depth + 1, aliasDepth, parent: list, slot: i });
        }
      }
    } else {
      this.put(parent, slot, isScalar(node) ? scalarValue(node) : null);
    }
  }

  private put(parent: Parent, slot: Slot, value: unknown): void {
    if (slot === nullKey) this.nullKeyValues.push(value);
    else if (Array.isArray(parent)) parent[slot as number] = value;
    else setKey(parent, String(slot), value);
  }

  /** Pushes a map's pairs so they run in document order (the stack pops the last pushed first). */
  private pushPairs(
    pairs: ReadonlyArray<Pair<unknown, unknown>>,
    into: JSONMap,
    depth: number,
    aliasDepth: number,
    tasks: Task[],
  ): void {
    for (let i = pairs.length - 1; i >= 0; i--) {
      const pair = pairs[i];
      if (pair) tasks.push({ kind: 'pair', pair, into, depth, aliasDepth });
    }
  }

  private pair(task: Extract<Task, { kind: 'pair' }>, tasks: Task[]): void {
    const { pair, into, depth, aliasDepth } = task;
    const keyNode = asNode(pair.key);
    const valueNode = asNode(pair.value);
    if (isScalar(keyNode) && typeof keyNode.value === 'symbol') {
      // `<<` (the YAML 1.1 schema resolves a plain `<<` key to the merge symbol).
      tasks.push({ kind: 'merge', node: valueNode, into, depth, aliasDepth, list: true });
      return;
    }
    const key = this.key(keyNode, aliasDepth);
    tasks.push({ kind: 'value', node: valueNode, depth: depth + 1, aliasDepth, parent: into, slot: key ?? nullKey });
  }

  /** `<<: value`, as go-yaml's decoder.merge: the merged maps' keys land in `into`. */
  private merge(task: Extract<Task, { kind: 'merge' }>, tasks: Task[]): void {
    const { node, into, depth, aliasDepth, list } = task;
    if (list && isSeq(node)) {
      // Later maps first, so the earlier ones' keys win.
      for (const item of node.items) {
        tasks.push({ kind: 'merge', node: asNode(item), into, depth, aliasDepth, list: false });
      }
      return;
    }
    this.count(aliasDepth);
    if (isAlias(node)) {
      const anchor = this.enter(node, tasks);
      if (!isMap(anchor)) throw mergeError();
      this.count(aliasDepth + 1);
      this.pushPairs(anchor.items, into, depth, aliasDepth + 1, tasks);
      return;
    }
    if (!isMap(node)) throw mergeError();
    this.pushPairs(node.items, into, depth, aliasDepth, tasks);
  }

  /** Resolves an alias and marks its anchor as being expanded until a `leave` task runs. */
  private enter(alias: Alias, tasks: Task[]): Node {
    const anchor = this.targets.get(alias);
    if (!anchor) throw conversionError(`yaml: unknown anchor '${alias.source}' referenced`);
    if (this.expanding.has(anchor)) throw conversionError(`yaml: anchor '${alias.source}' value contains itself`);
    this.expanding.add(anchor);
    tasks.push({ kind: 'leave', anchor });
    return anchor;
  }

  /** A map key as sigs.k8s.io/yaml writes it in JSON; null for a null key (reported at the end). */
  private key(node: Node | null, aliasDepth: number): string | null {
    this.count(aliasDepth);
    let resolved = node;
    if (isAlias(node)) {
      resolved = this.targets.get(node) ?? null;
      if (!resolved) throw conversionError(`yaml: unknown anchor '${node.source}' referenced`);
      this.count(aliasDepth + 1);
    }
    if (resolved === null) return null;
    if (!isScalar(resolved)) {
      // go-yaml decodes the key, then refuses it for being a map or a slice.
      const value = new Converter(this.targets, this.maxDepth).convert(resolved);
      throw conversionError(`yaml: invalid map key: ${goSyntax(value, true)}`);
    }
    const value = scalarData(resolved);
    if (value === null) return null;
    if (typeof value === 'number') return Number.isInteger(value) ? String(value) : formatFloat32(value);
    return String(value);
  }

  private count(aliasDepth: number): void {
    this.decodeCount++;
    if (aliasDepth > 0) this.aliasCount++;
    if (
      this.aliasCount > 100 &&
      this.decodeCount > 1000 &&
      this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)
    ) {
      throw conversionError('yaml: document contains excessive aliasing');
    }
  }

  private checkDepth(depth: number, bracket: '{' | '['): void {
    // Upstream converts to JSON text, whose decoding refuses it (see maxNestingDepth).
    if (depth > this.maxDepth)
      throw new DecodeError(
        `couldn't get version/kind; json parse error: invalid character '${bracket}' exceeded max depth`,
      );
  }
}

/**
 * go-yaml's allowedAliasRatio: up to 99% of decode steps may come from aliases in documents of
 * up to 400,000 steps, scaling down to 10% at 4,000,000.
 */
function allowedAliasRatio(decodeCount: number): number {
  const low = 400_000;
  const high = 4_000_000;
  if (decodeCount <= low) return 0.99;
  if (decodeCount >= high) return 0.1;
  return 0.99 - (0.89 * (decodeCount - low)) / (high - low);
}

function asNode(v: unknown): Node | null {
  return isScalar(v) || isMap(v) || isSeq(v) || isAlias(v) ? v : null;
}

/** A scalar as a JSON value: NaN and the infinities have none. */
function scalarValue(node: Scalar): unknown {
  const v = scalarData(node);
  if (typeof v === 'number' && !Number.isFinite(v)) {
    throw conversionError(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
  }
  return v;
}

/** What go-yaml decodes a scalar to: string, number, bool or null. */
function scalarData(node: Scalar): string | number | boolean | null {
  const v = node.value;
  if (node.tag === binaryTag) return decodeBinary(String(v));
  switch (typeof v) {
    case 'string':
    case 'boolean':
    case 'number':
      return v;
    case 'symbol':
      // A `<<` where no merge applies is the plain string.
      return v.description ?? '';
    case 'bigint':
      return Number(v);
    default:
      return v === null || v === undefined ? null : String(v);
  }
}

/** `!!binary`: go-yaml decodes standard base64 (line breaks ignored, padding required) into a string. */
function decodeBinary(text: string): string {
  const compact = text.replace(/[\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw conversionError('yaml: !!binary value contains invalid base64 data');
  }
  return Buffer.from(compact, 'base64').toString('utf8');
}

function mergeError(): DecodeError {
  return conversionError('yaml: map merge requires map or sequence of maps as the value');
}

function conversionError(why: string): DecodeError {
  return new DecodeError(`error converting YAML to JSON: ${why}`);
}

/** Sets a key, `__proto__` included, as an own property (assigning `__proto__` would set the prototype). */
function setKey(m: JSONMap, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(m, key, { value, enumerable: true, writable: true, configurable: true });
  else m[key] = value;
}

/**
 * A float key as sigs.k8s.io/yaml spells it: strconv.FormatFloat(f, 'g', -1, 32), with go-yaml's
 * names for the specials.
 */
export function formatFloat32(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (!Number.isFinite(f)) return f > 0 ? '.inf' : '-.inf';
  const single = Math.fround(f);
  // The shortest digits that read back as the same float32.
  let exponential = single.toExponential();
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = single.toExponential(digits - 1);
    if (Math.fround(Number(candidate)) === single) {
      exponential = candidate;
      break;
    }
  }
  return goG(exponential);
}

/** Go's %g layout of shortest digits given in JS exponential notation (`1.5e+6` → `1.5e+06`, `1e+2` → `100`). */
function goG(exponential: string): string {
  const [mantissa = '0', exponentText = '0'] = exponential.split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 6) return String(Number(exponential));
  return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/**
 * Go's `%#v` of what go-yaml decoded (maps are map[interface {}]interface {}), for the error
 * messages that print a value. `top` is false inside a container, where Go prints a nil element
 * as `interface {}(nil)`.
 */
function goSyntax(v: unknown, top: boolean): string {
  if (v === null || v === undefined) return top ? '<nil>' : 'interface {}(nil)';
  if (Array.isArray(v)) return `[]interface {}{${v.map((e) => goSyntax(e, false)).join(', ')}}`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as JSONMap).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[interface {}]interface {}{${entries.map(([k, e]) => `${JSON.stringify(k)}:${goSyntax(e, false)}`).join(', ')}}`;
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' && !Number.isInteger(v)) return goG(v.toExponential());
  return String(v);
}
