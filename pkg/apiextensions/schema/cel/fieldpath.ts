/**
 * A rule's `fieldPath` (apiextensions-apiserver pkg/apiserver/schema/cel ValidFieldPath): a
 * JSON path of `.field` and `['key']` steps that must name fields the schema declares (or keys
 * of a map). Returns the path in field-error form (`.spec['a.b']` → `spec.a.b`), or undefined
 * when it is not valid.
 */
import { additionalPropertiesSchema, type Structural } from '../structural.js';

const escapes: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  "'": "'",
  '\\': '\\',
};

function tokenize(path: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i] ?? '';
    if (c === '.' || c === '[' || c === ']') {
      tokens.push(c);
      i++;
    } else if (c === "'") {
      let j = i + 1;
      while (j < path.length && !(path[j] === "'" && path[j - 1] !== '\\')) j++;
      tokens.push(path.slice(i, j + 1));
      i = j + 1;
    } else {
      let j = i;
      while (j < path.length && !'.[]'.includes(path[j] ?? '')) j++;
      tokens.push(path.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

export function validFieldPath(jsonPath: string, root: Structural): string | undefined {
  let schema: Structural | undefined = root;
  let out = '';
  const step = (name: string): boolean => {
    if (!schema) return false;
    if (schema.properties) {
      const next = schema.properties.get(name);
      if (!next) return false;
      out = out === '' ? name : `${out}.${name}`;
      schema = next;
      return true;
    }
    const values = additionalPropertiesSchema(schema);
    if (schema.additionalProperties === undefined || schema.additionalProperties === false) return false;
    out = `${out}[${name}]`;
    schema = values;
    return true;
  };
  const tokens = tokenize(jsonPath);
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok === '.') {
      const name = tokens[++i];
      if (name === undefined || !step(name)) return undefined;
    } else if (tok === '[') {
      const quoted = tokens[++i] ?? '';
      if (quoted.length < 2 || !quoted.startsWith("'") || !quoted.endsWith("'")) return undefined;
      let bad = false;
      const name = quoted.slice(1, -1).replace(/\\(.)/g, (_, ch: string) => {
        const r = escapes[ch];
        if (r === undefined) bad = true;
        return r ?? '';
      });
      if (bad || !step(name) || tokens[++i] !== ']') return undefined;
    } else return undefined;
  }
  return out;
}
