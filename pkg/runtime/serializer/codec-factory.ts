/**
 * Request body decoding for create and update (the decoding half of apiserver's create/update
 * handlers over apimachinery's codec factory): pick the serializer from Content-Type, decode to
 * the JSON object form, default a missing apiVersion/kind from the endpoint, prune unknown fields
 * against the kind's schema and apply `fieldValidation`.
 *
 *   JSON      JSON.parse (at most maxNestingDepth levels), then a schema-aware rescan for
 *             duplicate/unknown fields (document order)
 *   YAML      YAML 1.1 as go-yaml reads it, under nesting and size limits (yaml/yaml.ts);
 *             go-yaml's duplicate-key errors, then unknown fields
 *   protobuf  `k8s\0` + runtime.Unknown + the kind's message; no strict findings (as upstream)
 *
 * @example
 * const { object, warnings } = await decodeRequestBody(req.headers['content-type'], body, {
 *   expected: scope.kind,
 *   fieldValidation: fieldValidationDirective(query.get('fieldValidation'), 'CreateOptions'),
 *   schemas,
 * });
 * for (const w of warnings) addWarning(res, w);
 */
import { newBadRequest, newUnsupportedMediaTypeError } from '../../api/errors/errors.js';
import type { GroupVersionKind } from '../../apis/meta/v1/types.js';
import { type FieldValidationDirective, type StrictFindings, applyDirective } from '../field-validation.js';
import { groupVersionString, parseGroupVersion } from '../schema/group-version.js';
import { prune } from '../structural/prune.js';
import type { StructuralLookup } from '../structural/structural.js';
import { DecodeError } from './errors/errors.js';
import { duplicatesOnly, findStrictJSONErrors, maxStrictFindings } from './json/strict.js';
import { decodeJSON, JSONSyntaxError } from './json/json.js';
import { NoProtobufMessageError, decodeProtobuf, protobufMediaType } from './protobuf/protobuf.js';
import { loadProtobufSchema } from './protobuf/schema.js';
import { decodeYAML } from './yaml/yaml.js';

export const jsonMediaType = 'application/json';
export const yamlMediaType = 'application/yaml';

/** The media types a built-in kind's body may use, in upstream's order (its 415 lists them). */
export const builtinMediaTypes: readonly string[] = [jsonMediaType, yamlMediaType, protobufMediaType];
/** Kinds without protobuf messages (custom resources) accept only these. */
export const jsonYAMLMediaTypes: readonly string[] = [jsonMediaType, yamlMediaType];

export interface DecodeRequestBodyOptions {
  /** The kind the endpoint reads (RequestScope.kind): fills a missing apiVersion/kind, named in errors. */
  expected: GroupVersionKind;
  /** Default Warn (see fieldValidationDirective). */
  fieldValidation?: FieldValidationDirective;
  /** Structural schemas by GVK; without one (or for a kind it lacks) nothing is pruned or reported unknown. */
  schemas?: StructuralLookup;
}

export interface DecodedRequestBody {
  /** The object as a JSON client would have sent it, unknown fields removed, apiVersion/kind set. */
  object: Record<string, unknown>;
  /** The kind the body declared (after defaulting): compare it with the endpoint's kind. */
  gvk: GroupVersionKind;
  mediaType: string;
  /** Texts for `Warning: 299 - "<text>"` headers (fieldValidation=Warn). */
  warnings: string[];
}

/**
 * Decodes a create/update body.
 * @throws StatusError 415 UnsupportedMediaType for an unknown Content-Type, or protobuf for a kind
 *   without a protobuf message (accepted types listed as upstream).
 * @throws StatusError 400 BadRequest worded as upstream's transformDecodeError:
 *   `Deployment in version "v1" cannot be handled as a Deployment: <why>` once the body's kind is
 *   known, else `the object provided is unrecognized (must be of type Deployment): <why> (<first 30 bytes>)`.
 *   <why> is a syntax error, a wrong JSON type (`json: cannot unmarshal string into Go struct field
 *   DeploymentSpec.spec.replicas of type int32`) or, under Strict, `strict decoding error: …`.
 */
export async function decodeRequestBody(
  contentType: string | undefined,
  body: Uint8Array,
  options: DecodeRequestBodyOptions,
): Promise<DecodedRequestBody> {
  const mediaType = parseMediaType(contentType);
  const directive = options.fieldValidation ?? 'Warn';
  const expected = options.expected;
  const fail = (why: string, gvk?: GroupVersionKind): never => {
    throw newBadRequest(
      gvk?.kind
        ? `${gvk.kind} in version ${JSON.stringify(gvk.version)} cannot be handled as a ${expected.kind}: ${why}`
        : `the object provided is unrecognized (must be of type ${expected.kind}): ${why} (${summarizeData(body, 30)})`,
    );
  };

  let value: unknown;
  let gvk: GroupVersionKind;
  let findings: StrictFindings = { fields: [] };
  let sortUnknownFields = false;
  let jsonText: string | undefined;
  try {
    if (mediaType === protobufMediaType) {
      const decoded = decodeProtobuf(await loadProtobufSchema(), body, expected);
      value = decoded.object;
      gvk = decoded.gvk;
    } else if (mediaType === jsonMediaType || mediaType === yamlMediaType) {
      const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
      if (mediaType === jsonMediaType) {
        value = parseJSON(text);
        jsonText = text;
      } else {
        const decoded = await decodeYAML(text);
        value = decoded.value;
        findings = { yamlDuplicateKeys: decoded.duplicateKeys, fields: [] };
        // Upstream re-encodes YAML as JSON with sorted keys before decoding it.
        sortUnknownFields = true;
      }
      // Go decodes `null` into an untouched object: only the endpoint's defaults remain.
      value ??= {};
      gvk = kindOf(value, expected);
    } else {
      // Upstream lists the serializers of the endpoint's kind: no protobuf for custom resources.
      const protobuf = (await loadProtobufSchema()).messageFor(expected) !== undefined;
      throw newUnsupportedMediaTypeError(protobuf ? builtinMediaTypes : jsonYAMLMediaTypes);
    }
  } catch (err) {
    if (err instanceof NoProtobufMessageError) throw newUnsupportedMediaTypeError(jsonYAMLMediaTypes);
    if (err instanceof DecodeError) return fail(err.message, err.gvk);
    throw err;
  }

  const object = value as Record<string, unknown>;
  object.apiVersion = groupVersionString(gvk);
  object.kind = gvk.kind;
  const schema = options.schemas?.structuralFor(gvk);
  if (schema) {
    const pruned = prune(object, schema, { sortKeys: sortUnknownFields });
    if (pruned.typeError) return fail(pruned.typeError, gvk);
    if (jsonText === undefined)
      // Upstream strict-decodes the JSON it converted the YAML to: at most 100 findings.
      findings = {
        ...findings,
        fields: pruned.unknownFields.slice(0, maxStrictFindings).map((p) => `unknown field ${JSON.stringify(p)}`),
      };
  }
  if (jsonText !== undefined && directive !== 'Ignore')
    findings = { fields: findStrictJSONErrors(jsonText, schema ?? duplicatesOnly) };
  const warnings = applyDirective(
    findings,
    directive,
    (message) =>
      `${gvk.kind} in version ${JSON.stringify(gvk.version)} cannot be handled as a ${expected.kind}: ${message}`,
  );
  return { object, gvk, mediaType, warnings };
}

/** The media type of a Content-Type header, lower-cased, without parameters; JSON when absent. */
export function parseMediaType(contentType: string | undefined): string {
  if (contentType === undefined || contentType.trim() === '') return jsonMediaType;
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/**
 * JSON.parse with Go's syntax-error wording and nesting limit.
 * @throws DecodeError `couldn't get version/kind; json parse error: invalid character …`
 */
function parseJSON(text: string): unknown {
  try {
    return decodeJSON(text);
  } catch (err) {
    if (err instanceof JSONSyntaxError)
      throw new DecodeError(`couldn't get version/kind; json parse error: ${err.message}`);
    throw err;
  }
}

/** The body's group/version/kind, missing parts taken from the endpoint (copyKindDefaults). */
function kindOf(value: unknown, defaults: GroupVersionKind): GroupVersionKind {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
    throw new DecodeError(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${what} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  const { apiVersion, kind } = value as { apiVersion?: unknown; kind?: unknown };
  for (const [field, v] of [
    ['apiVersion', apiVersion],
    ['kind', kind],
  ] as const) {
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw new DecodeError(
        `couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go struct field .${field} of type string`,
      );
    }
  }
  let gv = { group: '', version: '' };
  try {
    gv = parseGroupVersion(typeof apiVersion === 'string' ? apiVersion : '');
  } catch (err) {
    throw new DecodeError(err instanceof Error ? err.message : String(err));
  }
  const gvk = { ...gv, kind: typeof kind === 'string' ? kind : '' };
  if (!gvk.kind) gvk.kind = defaults.kind;
  if (!gvk.version && defaults.version) {
    gvk.group = defaults.group;
    gvk.version = defaults.version;
  }
  return gvk;
}

/** Upstream's summarizeData: JSON bodies as text, anything else as hex, cut at `max` bytes. */
export function summarizeData(data: Uint8Array, max: number): string {
  if (data.length === 0) return '<empty>';
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, max));
  const shown = data[0] === 0x7b ? head.toString('utf8') : head.toString('hex');
  return data.length > max ? `${shown} ...` : shown;
}
