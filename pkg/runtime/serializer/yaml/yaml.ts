/**
 * YAML request bodies, read as upstream reads them (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1
 * scalars (`yes`/`on` are booleans, `0755` is octal), timestamps kept as strings, merge keys, the
 * first document only, later duplicate keys overriding earlier ones. Duplicate keys are also
 * reported the way go-yaml words them, for fieldValidation: `line 5: key "name" already set in map`.
 *
 * A body costs the yaml package a few microseconds and a few kilobytes per node, and its
 * composer recurses once per level of nesting; a 3 MiB body of `[` or of tiny nodes would take
 * seconds and gigabytes, or exhaust the stack. So the text is tokenized here step by step, handing
 * the event loop back every few milliseconds, and refused as soon as it nests deeper than
 * maxNestingDepth (`yaml: exceeded max depth of 512`, go-yaml's wording with this server's limit)
 * or holds more than maxYAMLNodes nodes; only then is the (bounded) document composed, and
 * converted to JSON without recursion (convert.ts).
 */
import { MessageChannel } from 'node:worker_threads';
import { Composer, CST, type Document, Lexer, LineCounter, Parser } from 'yaml';
import { maxNestingDepth } from '../../../util/json/depth.js';
import { DecodeError } from '../errors/errors.js';
import { binaryTag, yamlToJSON } from './convert.js';

/**
 * The most nodes (scalars, aliases, flow collections and the indicators of entries) a YAML body
 * may hold. The largest real CRD at hand (830 KB of YAML) has about 23,000, so an object as large
 * as etcd stores (1.5 MiB as JSON) has about 70,000. At this limit composing takes a few hundred
 * milliseconds that the event loop cannot share (the tokenizing before it shares them).
 */
export const maxYAMLNodes = 100_000;

/** How long tokenizing runs before letting other requests in. */
const sliceMs = 8;

export interface DecodedYAML {
  /** The first document as JSON values (null for an empty body). */
  value: unknown;
  /** go-yaml's strict errors for duplicate keys, in document order. */
  duplicateKeys: string[];
}

/**
 * @throws DecodeError `error converting YAML to JSON: yaml: line 2: …` on malformed YAML, on
 *   YAML beyond the limits, and on what go-yaml and sigs.k8s.io/yaml refuse (see convert.ts).
 */
export async function decodeYAML(text: string): Promise<DecodedYAML> {
  const maxDepth = maxNestingDepth;
  const lineCounter = new LineCounter();
  const doc = await composeFirstDocument(text, lineCounter, maxDepth, maxYAMLNodes);
  if (!doc) return { value: null, duplicateKeys: [] };
  const failure = doc.errors[0];
  if (failure) {
    const line = lineCounter.linePos(failure.pos[0]).line;
    throw new DecodeError(
      `error converting YAML to JSON: yaml: ${line === 0 ? '' : `line ${line}: `}${failure.message}`,
    );
  }
  return yamlToJSON(doc, maxDepth, lineCounter);
}

/** Lexemes that each start a node or an entry (a plain scalar's text, after its marker, is not counted again). */
const nodeTokens = new Set<string>([
  'scalar',
  'single-quoted-scalar',
  'double-quoted-scalar',
  'block-scalar-header',
  'alias',
  'flow-map-start',
  'flow-seq-start',
  'seq-item-ind',
  'explicit-key-ind',
  'map-value-ind',
  'comma',
]);

const collectionTokens = new Set<string>(['block-map', 'block-seq', 'flow-collection']);

/**
 * Tokenizes and parses `text` up to its first document, checking nesting and size as it goes,
 * then composes that document (what parseAllDocuments does, stopping early and under limits).
 */
async function composeFirstDocument(
  text: string,
  lineCounter: LineCounter,
  maxDepth: number,
  maxNodes: number,
): Promise<Document.Parsed | undefined> {
  const parser = new Parser(lineCounter.addNewLine);
  // Parser.parse() would mark the first line's start; next(), used here, does not.
  lineCounter.addNewLine(0);
  const composer = new Composer({
    version: '1.1',
    uniqueKeys: false,
    // go-yaml leaves timestamps as strings when decoding into untyped values; convert.ts decodes
    // !!binary as go-yaml does (strict base64, a string result).
    customTags: (tags) =>
      tags.filter((t) => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:timestamp' && t.tag !== binaryTag)),
  });
  const docs: Document.Parsed[] = [];
  const fail = (why: string): never => {
    const line = lineCounter.linePos(parser.offset).line;
    throw new DecodeError(`error converting YAML to JSON: yaml: ${line > 1 ? `line ${line}: ` : ''}${why}`);
  };
  let nodes = 0;
  let scalarContentNext = false;
  let lexemes = 0;
  let sliceStart = performance.now();
  // Only the first document counts (go-yaml reads no further), but what follows it up to the
  // next `---` still belongs to it: the parser ends a document early at some errors, whose
  // tokens then come after it.
  let firstDocument = false;
  let stopped = false;
  /** Feeds the composer; false once a second document begins. */
  const compose = (token: CST.Token): boolean => {
    if (token.type === 'document') {
      if (firstDocument) return false;
      firstDocument = true;
    }
    docs.push(...composer.next(token));
    return true;
  };
  lexing: for (const lexeme of new Lexer().lex(text)) {
    let type: string | null = null;
    if (scalarContentNext) scalarContentNext = false;
    else {
      type = CST.tokenType(lexeme);
      scalarContentNext = type === 'scalar';
      if (type !== null && nodeTokens.has(type) && ++nodes > maxNodes)
        fail(`document contains more than ${maxNodes} nodes`);
    }
    for (const token of parser.next(lexeme)) {
      if (!compose(token)) {
        stopped = true;
        break lexing;
      }
    }
    if (firstDocument && type === 'doc-start') {
      stopped = true;
      break;
    }
    if (parser.stack.length > maxDepth && openCollections(parser) > maxDepth) fail(`exceeded max depth of ${maxDepth}`);
    if (++lexemes % 1024 === 0 && performance.now() - sliceStart > sliceMs) {
      await yieldToEventLoop();
      sliceStart = performance.now();
    }
  }
  if (!stopped) {
    for (const token of parser.end()) if (!compose(token)) break;
  }
  docs.push(...composer.end());
  return docs[0];
}

/**
 * Lets the event loop serve other requests, resuming in its poll phase (a MessagePort message)
 * rather than in the check or timers phase: when a handler resumed from setImmediate or setTimeout
 * writes a large response, the next keep-alive request on that TLS connection is cut with
 * ECONNRESET (Node's server pauses the parser for the unfinished write, then fails with "Parse
 * Error: Paused"); resuming where I/O callbacks run, as after a storage call, avoids that.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.once('message', () => {
      port1.close();
      resolve();
    });
    port2.postMessage(null);
  });
}

function openCollections(parser: Parser): number {
  let open = 0;
  for (const token of parser.stack) if (collectionTokens.has(token.type)) open++;
  return open;
}
