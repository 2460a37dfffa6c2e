/**
 * The protobuf form of the v2 document that client-go asks for
 * (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`): gnostic's `openapi.v2.Document`
 * message, written field by field from the JSON document as gnostic's compiler reads JSON
 * (kube-openapi's handler does exactly that: ParseDocument, then proto.Marshal). Values gnostic
 * keeps untyped — vendor extensions, `default`, `enum`, `example` — travel as `Any{yaml}`, YAML
 * text kubectl parses back into the value. JSON is YAML, and writing it is many times cheaper than
 * a YAML emitter over a document of thousands of extensions, so the text is the value's JSON. Field numbers are gnostic's
 * OpenAPIv2.proto; only the messages a Kubernetes document uses are written.
 */
import protobuf from 'protobufjs/minimal.js';

type Writer = protobuf.Writer;
type JSONObject = Record<string, unknown>;

/** Encodes the JSON document (parsed) as gnostic's openapi.v2.Document. */
export function encodeOpenAPIV2Document(document: object): Uint8Array {
  const doc = asObject(document);
  const w = protobuf.Writer.create();
  str(w, 1, doc.swagger);
  if (isObject(doc.info)) message(w, 2, (m) => info(m, asObject(doc.info)));
  str(w, 3, doc.host);
  str(w, 4, doc.basePath);
  strings(w, 5, doc.schemes);
  strings(w, 6, doc.consumes);
  strings(w, 7, doc.produces);
  if (isObject(doc.paths)) message(w, 8, (m) => paths(m, asObject(doc.paths)));
  if (isObject(doc.definitions)) message(w, 9, (m) => namedSchemas(m, 1, asObject(doc.definitions)));
  for (const requirement of objects(doc.security)) message(w, 12, (m) => securityRequirement(m, requirement));
  if (isObject(doc.securityDefinitions)) {
    message(w, 13, (m) => securityDefinitions(m, asObject(doc.securityDefinitions)));
  }
  vendorExtensions(w, 16, doc);
  return w.finish();
}

function info(w: Writer, v: JSONObject): void {
  str(w, 1, v.title);
  str(w, 2, v.version);
  str(w, 3, v.description);
  vendorExtensions(w, 7, v);
}

/** Paths: vendor extensions (1), then one NamedPathItem per path (2). */
function paths(w: Writer, v: JSONObject): void {
  vendorExtensions(w, 1, v);
  for (const [name, item] of Object.entries(v)) {
    if (name.startsWith('x-') || !isObject(item)) continue;
    message(w, 2, (m) => {
      str(m, 1, name);
      message(m, 2, (p) => pathItem(p, item));
    });
  }
}

const operationFields: Record<string, number> = { get: 2, put: 3, post: 4, delete: 5, options: 6, head: 7, patch: 8 };

function pathItem(w: Writer, v: JSONObject): void {
  str(w, 1, v.$ref);
  for (const [method, field] of Object.entries(operationFields)) {
    const op = v[method];
    if (isObject(op)) message(w, field, (m) => operation(m, op));
  }
  for (const p of objects(v.parameters)) message(w, 9, (m) => parametersItem(m, p));
  vendorExtensions(w, 10, v);
}

function operation(w: Writer, v: JSONObject): void {
  strings(w, 1, v.tags);
  str(w, 2, v.summary);
  str(w, 3, v.description);
  str(w, 5, v.operationId);
  strings(w, 6, v.produces);
  strings(w, 7, v.consumes);
  for (const p of objects(v.parameters)) message(w, 8, (m) => parametersItem(m, p));
  if (isObject(v.responses)) message(w, 9, (m) => responses(m, asObject(v.responses)));
  strings(w, 10, v.schemes);
  bool(w, 11, v.deprecated);
  vendorExtensions(w, 13, v);
}

/** ParametersItem: a Parameter (1) or a JsonReference (2). */
function parametersItem(w: Writer, v: JSONObject): void {
  if (typeof v.$ref === 'string') {
    message(w, 2, (m) => {
      str(m, 1, v.$ref);
      str(m, 2, v.description);
    });
    return;
  }
  // Parameter: a BodyParameter (1) or a NonBodyParameter (2) holding the sub schema for `in`.
  message(w, 1, (m) => {
    if (v.in === 'body') {
      message(m, 1, (b) => {
        str(b, 1, v.description);
        str(b, 2, v.name);
        str(b, 3, v.in);
        bool(b, 4, v.required);
        if (isObject(v.schema)) message(b, 5, (s) => schema(s, asObject(v.schema)));
        vendorExtensions(b, 6, v);
      });
      return;
    }
    // Query and formData sub schemas carry allowEmptyValue at 5, shifting every later field by one.
    const subSchema = { header: 1, formData: 2, query: 3, path: 4 }[String(v.in)];
    if (subSchema === undefined) return;
    const shift = v.in === 'query' || v.in === 'formData' ? 1 : 0;
    message(m, 2, (n) =>
      message(n, subSchema, (s) => {
        bool(s, 1, v.required);
        str(s, 2, v.in);
        str(s, 3, v.description);
        str(s, 4, v.name);
        if (shift) bool(s, 5, v.allowEmptyValue);
        str(s, 5 + shift, v.type);
        str(s, 6 + shift, v.format);
        str(s, 8 + shift, v.collectionFormat);
        any(s, 9 + shift, v.default);
        double(s, 10 + shift, v.maximum);
        bool(s, 11 + shift, v.exclusiveMaximum);
        double(s, 12 + shift, v.minimum);
        bool(s, 13 + shift, v.exclusiveMinimum);
        int64(s, 14 + shift, v.maxLength);
        int64(s, 15 + shift, v.minLength);
        str(s, 16 + shift, v.pattern);
        int64(s, 17 + shift, v.maxItems);
        int64(s, 18 + shift, v.minItems);
        bool(s, 19 + shift, v.uniqueItems);
        anyList(s, 20 + shift, v.enum);
        double(s, 21 + shift, v.multipleOf);
        vendorExtensions(s, 22 + shift, v);
      }),
    );
  });
}

function responses(w: Writer, v: JSONObject): void {
  for (const [code, response] of Object.entries(v)) {
    if (code.startsWith('x-') || !isObject(response)) continue;
    message(w, 1, (m) => {
      str(m, 1, code);
      // ResponseValue: a Response (1); its schema is a SchemaItem holding a Schema (1).
      message(m, 2, (rv) =>
        message(rv, 1, (r) => {
          str(r, 1, response.description);
          if (isObject(response.schema))
            message(r, 2, (si) => message(si, 1, (s) => schema(s, asObject(response.schema))));
          vendorExtensions(r, 5, response);
        }),
      );
    });
  }
  vendorExtensions(w, 2, v);
}

function schema(w: Writer, v: JSONObject): void {
  str(w, 1, v.$ref);
  str(w, 2, v.format);
  str(w, 3, v.title);
  str(w, 4, v.description);
  any(w, 5, v.default);
  double(w, 6, v.multipleOf);
  double(w, 7, v.maximum);
  bool(w, 8, v.exclusiveMaximum);
  double(w, 9, v.minimum);
  bool(w, 10, v.exclusiveMinimum);
  int64(w, 11, v.maxLength);
  int64(w, 12, v.minLength);
  str(w, 13, v.pattern);
  int64(w, 14, v.maxItems);
  int64(w, 15, v.minItems);
  bool(w, 16, v.uniqueItems);
  int64(w, 17, v.maxProperties);
  int64(w, 18, v.minProperties);
  strings(w, 19, v.required);
  anyList(w, 20, v.enum);
  const additional = v.additionalProperties;
  if (isObject(additional)) message(w, 21, (m) => message(m, 1, (s) => schema(s, additional)));
  else if (typeof additional === 'boolean') message(w, 21, (m) => m.uint32((2 << 3) | 0).bool(additional));
  if (typeof v.type === 'string') message(w, 22, (m) => str(m, 1, v.type));
  else if (Array.isArray(v.type)) message(w, 22, (m) => strings(m, 1, v.type));
  const items = v.items;
  if (isObject(items)) message(w, 23, (m) => message(m, 1, (s) => schema(s, items)));
  else if (Array.isArray(items))
    message(w, 23, (m) => {
      for (const i of items.filter(isObject)) message(m, 1, (s) => schema(s, i));
    });
  for (const part of objects(v.allOf)) message(w, 24, (m) => schema(m, part));
  if (isObject(v.properties)) message(w, 25, (m) => namedSchemas(m, 1, asObject(v.properties)));
  str(w, 26, v.discriminator);
  bool(w, 27, v.readOnly);
  any(w, 30, v.example);
  vendorExtensions(w, 31, v);
}

/** Definitions and Properties alike: repeated NamedSchema at `field`. */
function namedSchemas(w: Writer, field: number, v: JSONObject): void {
  for (const [name, s] of Object.entries(v)) {
    if (!isObject(s)) continue;
    message(w, field, (m) => {
      str(m, 1, name);
      message(m, 2, (sm) => schema(sm, s));
    });
  }
}

function securityRequirement(w: Writer, v: JSONObject): void {
  for (const [name, scopes] of Object.entries(v)) {
    message(w, 1, (m) => {
      str(m, 1, name);
      message(m, 2, (a) => strings(a, 1, scopes));
    });
  }
}

function securityDefinitions(w: Writer, v: JSONObject): void {
  for (const [name, def] of Object.entries(v)) {
    if (!isObject(def) || def.type !== 'apiKey') continue;
    message(w, 1, (m) => {
      str(m, 1, name);
      // SecurityDefinitionsItem: ApiKeySecurity is field 2.
      message(m, 2, (item) =>
        message(item, 2, (k) => {
          str(k, 1, def.type);
          str(k, 2, def.name);
          str(k, 3, def.in);
          str(k, 4, def.description);
          vendorExtensions(k, 5, def);
        }),
      );
    });
  }
}

/** The object's `x-…` keys as repeated NamedAny at `field`, in the document's order. */
function vendorExtensions(w: Writer, field: number, v: JSONObject): void {
  for (const [name, value] of Object.entries(v)) {
    if (!name.startsWith('x-')) continue;
    message(w, field, (m) => {
      str(m, 1, name);
      message(m, 2, (a) => str(a, 2, yamlText(value)));
    });
  }
}

/** An `Any{yaml}` at `field`, when the value is present. */
function any(w: Writer, field: number, value: unknown): void {
  if (value === undefined) return;
  message(w, field, (a) => str(a, 2, yamlText(value)));
}

function yamlText(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

function anyList(w: Writer, field: number, values: unknown): void {
  if (Array.isArray(values)) for (const value of values) any(w, field, value);
}

function message(w: Writer, field: number, body: (w: Writer) => void): void {
  w.uint32((field << 3) | 2).fork();
  body(w);
  w.ldelim();
}

/** proto3 leaves defaults out: empty strings, false, zero. */
function str(w: Writer, field: number, value: unknown): void {
  if (typeof value === 'string' && value !== '') w.uint32((field << 3) | 2).string(value);
}

function strings(w: Writer, field: number, values: unknown): void {
  if (!Array.isArray(values)) return;
  for (const value of values) if (typeof value === 'string') w.uint32((field << 3) | 2).string(value);
}

function bool(w: Writer, field: number, value: unknown): void {
  if (value === true) w.uint32((field << 3) | 0).bool(true);
}

function double(w: Writer, field: number, value: unknown): void {
  if (typeof value === 'number' && value !== 0) w.uint32((field << 3) | 1).double(value);
}

function int64(w: Writer, field: number, value: unknown): void {
  if (typeof value === 'number' && Number.isInteger(value) && value !== 0) w.uint32((field << 3) | 0).int64(value);
}

function objects(values: unknown): JSONObject[] {
  return Array.isArray(values) ? values.filter(isObject) : [];
}

function isObject(value: unknown): value is JSONObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): JSONObject {
  return isObject(value) ? value : {};
}
