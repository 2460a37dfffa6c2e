/**
 * Strict-decoding findings for a JSON document, in document order, worded as upstream's
 * sigs.k8s.io/json reports them:
 *
 *   duplicate field "metadata.name"
 *   unknown field "spec.template.spec.containers[0].unknownNested"
 *
 * JSON.parse silently keeps the last of duplicate keys, so the text is scanned again here, with
 * the kind's structural schema at hand to tell known fields from unknown ones, exactly as Go's
 * decoder meets them. Like upstream: values of unknown fields are skipped unchecked, a field both
 * unknown and duplicated is reported once (as unknown), identical findings are reported once,
 * and at most 100 are kept. Embedded arbitrary JSON (RawExtension, FieldsV1) is not looked into.
 *
 * The text must be valid JSON (call after JSON.parse succeeded).
 */
import type { Structural } from '../../structural/structural.js';

/** Check duplicates everywhere, report no unknown fields: for patch bodies and schema-less kinds. */
export const duplicatesOnly = Symbol('duplicatesOnly');

/** sigs.k8s.io/json keeps at most this many strict findings. */
export const maxStrictFindings = 100;

export function findStrictJSONErrors(text: string, schema: Structural | typeof duplicatesOnly): string[] {
  const scan = new StrictScan(text);
  scan.value(schema);
  return [...scan.findings];
}

type Node = Structural | typeof duplicatesOnly | undefined;

/** An RFC 6902 operation as upstream's strict decoding of JSON patch bodies knows it. */
const jsonPatchOperations: Structural = {
  kind: 'list',
  goType: '[]jsonpatch.Operation',
  items: {
    kind: 'struct',
    goType: 'jsonpatch.Operation',
    name: 'Operation',
    properties: new Map<string, Structural>([
      ['op', { kind: 'string', goType: 'string' }],
      ['path', { kind: 'string', goType: 'string' }],
      ['from', { kind: 'string', goType: 'string' }],
      ['value', { kind: 'any' }],
    ]),
  },
};

/**
 * Findings in the operations of a JSON patch body, worded as upstream's patch handler reports
 * them: `json patch unknown field "[0].foo"`, `json patch duplicate field "[1].path"`.
 */
export function findJSONPatchStrictErrors(text: string): string[] {
  return findStrictJSONErrors(text, jsonPatchOperations).map((finding) => `json patch ${finding}`);
}

/** Recurses once per level of the text, which the decoders have already checked (see maxNestingDepth). */
class StrictScan {
  i = 0;
  readonly findings = new Set<string>();
  /** Path of the value being scanned, as `.key` and `[index]` segments. */
  private readonly path: string[] = [];
  constructor(private readonly s: string) {}

  private report(what: 'unknown' | 'duplicate', key: string): void {
    const joined = `${this.path.join('')}.${key}`;
    const path = joined.startsWith('.') ? joined.slice(1) : joined;
    if (this.findings.size < maxStrictFindings) this.findings.add(`${what} field ${JSON.stringify(path)}`);
  }

  private skipSpace(): void {
    for (;;) {
      const c = this.s.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.i++;
    }
  }

  /** Scans one value; `node` undefined means "skip it unchecked". */
  value(node: Node): void {
    this.skipSpace();
    const c = this.s[this.i];
    if (c === '{') {
      if (node === duplicatesOnly || node?.kind === 'struct' || node?.kind === 'map') this.object(node);
      else this.skipComposite();
    } else if (c === '[') {
      if (node === duplicatesOnly || node?.kind === 'list') this.array(node === duplicatesOnly ? node : node.items);
      else this.skipComposite();
    } else if (c === '"') {
      this.skipString();
    } else {
      while (this.i < this.s.length && !',}] \t\n\r'.includes(this.s[this.i] ?? '')) this.i++;
    }
  }

  private object(node: Structural | typeof duplicatesOnly): void {
    const seen = new Set<string>();
    this.i++;
    this.skipSpace();
    if (this.s[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.skipSpace();
      const key = this.readString();
      this.skipSpace();
      this.i++; // ':'
      let child: Node;
      if (node === duplicatesOnly) child = duplicatesOnly;
      else if (node.kind === 'map') child = node.values;
      else if (node.kind === 'struct') child = node.properties.get(key);
      if (child === undefined) this.report('unknown', key);
      else if (seen.has(key)) this.report('duplicate', key);
      seen.add(key);
      this.path.push(`.${key}`);
      this.value(child);
      this.path.pop();
      this.skipSpace();
      if (this.s[this.i++] === '}') return;
    }
  }

  private array(items: Node): void {
    this.i++;
    this.skipSpace();
    if (this.s[this.i] === ']') {
      this.i++;
      return;
    }
    for (let index = 0; ; index++) {
      this.path.push(`[${index}]`);
      this.value(items);
      this.path.pop();
      this.skipSpace();
      if (this.s[this.i++] === ']') return;
    }
  }

  private readString(): string {
    const start = this.i;
    this.skipString();
    const raw = this.s.slice(start + 1, this.i - 1);
    return raw.includes('\\') ? (JSON.parse(this.s.slice(start, this.i)) as string) : raw;
  }

  private skipString(): void {
    let j = this.i + 1;
    for (;;) {
      j = this.s.indexOf('"', j);
      // Count the backslashes before the quote: an odd number escapes it.
      let backslashes = 0;
      while (this.s[j - 1 - backslashes] === '\\') backslashes++;
      if (backslashes % 2 === 0) break;
      j++;
    }
    this.i = j + 1;
  }

  /** Skips an object or array without looking inside (strings may contain brackets). */
  private skipComposite(): void {
    let depth = 0;
    do {
      const c = this.s[this.i];
      if (c === '"') {
        this.skipString();
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') depth--;
      this.i++;
    } while (depth > 0);
  }
}
