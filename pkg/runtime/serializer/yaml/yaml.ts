/**
 * YAML request bodies, read as upstream reads them (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1
 * scalars (`yes`/`on` are booleans, `0755` is octal), timestamps kept as strings, merge keys, the
 * first document only, later duplicate keys overriding earlier ones. Duplicate keys are also
 * reported the way go-yaml words them, for fieldValidation: `line 5: key "name" already set in map`.
 */
import { type Document, isScalar, LineCounter, parseAllDocuments, visit } from 'yaml';
import { DecodeError } from '../errors.js';

export interface DecodedYAML {
  /** The first document as JSON values (null for an empty body). */
  value: unknown;
  /** go-yaml's strict errors for duplicate keys, in document order. */
  duplicateKeys: string[];
}

/**
 * @throws DecodeError `error converting YAML to JSON: yaml: line 2: …` on malformed YAML.
 */
export function decodeYAML(text: string): DecodedYAML {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    uniqueKeys: false,
    lineCounter,
    // go-yaml leaves timestamps as strings when decoding into untyped values.
    customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc) return { value: null, duplicateKeys: [] };
  const failure = doc.errors[0];
  if (failure) {
    const line = failure.linePos?.[0]?.line;
    const reason = failure.message.split(' at line ')[0] ?? failure.message;
    throw new DecodeError(
      `error converting YAML to JSON: yaml: ${line === undefined ? '' : `line ${line}: `}${reason}`,
    );
  }
  return { value: doc.toJS({ maxAliasCount: 100 }) as unknown, duplicateKeys: duplicateKeys(doc, lineCounter) };
}

function duplicateKeys(doc: Document, lines: LineCounter): string[] {
  const found: string[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        // go-yaml compares resolved keys: 1 and "1" differ, a and "a" do not.
        const id = `${typeof key.value}:${String(key.value)}`;
        if (seen.has(id)) {
          const line = key.range ? lines.linePos(key.range[0]).line : 0;
          const shown = typeof key.value === 'string' ? JSON.stringify(key.value) : String(key.value);
          found.push(`line ${line}: key ${shown} already set in map`);
        }
        seen.add(id);
      }
    },
  });
  return found;
}
