/**
 * Server-side field validation (`?fieldValidation=Strict|Warn|Ignore`, KEP-2885): what happens to
 * unknown and duplicate fields in a write. Whatever the directive, unknown fields are pruned and
 * never stored; the directive only decides whether the client hears about them:
 *
 *   Strict  400 BadRequest `strict decoding error: unknown field "spec.foo", duplicate field "x"`
 *   Warn    one `Warning: 299` header per finding (the server default)
 *   Ignore  silence
 *
 * Values of the wrong JSON type fail the decode (400) under every directive, as upstream.
 */
import { newBadRequest, newInvalid } from '../api/errors/errors.js';
import type { GroupVersionKind } from '../apis/meta/v1/types.js';
import { notSupported } from '../util/validation/field/errors.js';
import { prune } from './structural/prune.js';
import type { StructuralLookup } from './structural/structural.js';

export type FieldValidationDirective = 'Strict' | 'Warn' | 'Ignore';

/** Query options kinds whose `fieldValidation` is validated (named in the 422's message). */
export type WriteOptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

/**
 * The directive of a `fieldValidation` query value; absent or empty means Warn, the server default.
 * @throws StatusError 422 `CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported
 *   value: "x": supported values: "", "Ignore", "Strict", "Warn"` as upstream's option validation.
 */
export function fieldValidationDirective(
  value: string | null | undefined,
  optionsKind: WriteOptionsKind,
): FieldValidationDirective {
  if (value === null || value === undefined || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw newInvalid({ group: 'meta.k8s.io', kind: optionsKind }, '', [
    notSupported('fieldValidation', value, ['', 'Ignore', 'Strict', 'Warn']),
  ]);
}

/** What strict decoding found, in upstream's reporting order. */
export interface StrictFindings {
  /** go-yaml's duplicate-key errors (`line 5: key "name" already set in map`), reported first. */
  yamlDuplicateKeys?: readonly string[];
  /** `unknown field "…"` / `duplicate field "…"` findings. */
  fields: readonly string[];
}

export function hasFindings(findings: StrictFindings): boolean {
  return findings.fields.length > 0 || (findings.yamlDuplicateKeys?.length ?? 0) > 0;
}

/**
 * `strict decoding error: …` as upstream's runtime.strictDecodingError words it: go-yaml's errors
 * are one entry (`yaml: unmarshal errors:` then one indented line per key), then each finding.
 */
export function strictDecodingErrorMessage(findings: StrictFindings): string {
  const parts: string[] = [];
  if (findings.yamlDuplicateKeys?.length)
    parts.push(`yaml: unmarshal errors:\n  ${findings.yamlDuplicateKeys.join('\n  ')}`);
  parts.push(...findings.fields);
  return `strict decoding error: ${parts.join(', ')}`;
}

/** The `Warning: 299` texts for findings under Warn: one per line of go-yaml output, one per field. */
export function strictDecodingWarnings(findings: StrictFindings): string[] {
  return [...(findings.yamlDuplicateKeys ?? []), ...findings.fields];
}

export interface FieldValidationResult {
  /** The same object, with unknown fields removed. */
  object: Record<string, unknown>;
  /** Texts for `Warning: 299 - "<text>"` headers (Warn only). */
  warnings: string[];
}

/**
 * Prunes `object` against the schema of `gvk` and applies the directive to its unknown fields plus
 * any findings the caller made while reading the body (e.g. duplicate fields in a patch, see
 * findStrictJSONErrors with `duplicatesOnly`). For the patched object of a PATCH request: the
 * Strict error is the bare `strict decoding error: …`, as upstream's patch handler returns it.
 * Unknown fields are listed in sorted-key order, as upstream meets them in the re-encoded object.
 *
 * A kind without schema is returned unchanged (only the caller's findings apply).
 * @throws StatusError 400 BadRequest for a value of the wrong JSON type (any directive) and for
 *   findings under Strict.
 */
export function validateFields(
  schemas: StructuralLookup,
  gvk: GroupVersionKind,
  object: Record<string, unknown>,
  directive: FieldValidationDirective,
  earlier: StrictFindings = { fields: [] },
): FieldValidationResult {
  const schema = schemas.structuralFor(gvk);
  let unknown: string[] = [];
  if (schema) {
    const result = prune(object, schema, { sortKeys: true });
    if (result.typeError) throw newBadRequest(result.typeError);
    unknown = result.unknownFields.map((path) => `unknown field ${JSON.stringify(path)}`);
  }
  const findings: StrictFindings = { ...earlier, fields: dedupe([...earlier.fields, ...unknown]) };
  return { object, warnings: applyDirective(findings, directive, (message) => message) };
}

/**
 * Strict → throws 400 with `wrap(strict decoding error: …)`; Warn → the warning texts; Ignore → [].
 * @throws StatusError 400 BadRequest under Strict when there are findings.
 */
export function applyDirective(
  findings: StrictFindings,
  directive: FieldValidationDirective,
  wrap: (message: string) => string,
): string[] {
  if (directive === 'Ignore' || !hasFindings(findings)) return [];
  if (directive === 'Strict') throw newBadRequest(wrap(strictDecodingErrorMessage(findings)));
  return strictDecodingWarnings(findings);
}

function dedupe(findings: string[]): string[] {
  return [...new Set(findings)].slice(0, 100);
}
