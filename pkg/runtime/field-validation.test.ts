import { beforeAll, describe, expect, it } from 'vitest';
import { StatusError } from '../api/errors/errors.js';
import { loadBuiltinDefinitions } from '../openapi/definitions.js';
import { type SchemaIndex, newSchemaIndex } from '../openapi/schema-index.js';
import { fieldValidationDirective, strictDecodingErrorMessage, validateFields } from './field-validation.js';
import { duplicatesOnly, findStrictJSONErrors } from './serializer/json/strict.js';

const deploymentKind = { group: 'apps', version: 'v1', kind: 'Deployment' };
let schemas: SchemaIndex;
beforeAll(async () => {
  schemas = newSchemaIndex(await loadBuiltinDefinitions());
});

function thrown(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error('expected a StatusError');
}

describe('fieldValidationDirective', () => {
  it('defaults to Warn and accepts the three directives', () => {
    expect(fieldValidationDirective(null, 'CreateOptions')).toBe('Warn');
    expect(fieldValidationDirective('', 'CreateOptions')).toBe('Warn');
    expect(fieldValidationDirective('Strict', 'PatchOptions')).toBe('Strict');
    expect(fieldValidationDirective('Ignore', 'UpdateOptions')).toBe('Ignore');
  });

  it('answers 422 on the options kind for anything else, as upstream option validation', () => {
    expect(thrown(() => fieldValidationDirective('strict', 'CreateOptions')).status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"',
    });
  });
});

describe('validateFields on a patched object (upstream merge-patch case)', () => {
  const mergePatchBody = `{"spec":{"unknown1":"val1","unknownDupe":"valDupe","unknownDupe":"valDupe2","paused":true,"paused":false,
    "template":{"spec":{"containers":[{"name":"nginx","image":"nginx:latest","unknownNested":"val1","imagePullPolicy":"Always","imagePullPolicy":"Never"}]}}}}`;
  const patched = () => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', labels: { app: 'nginx' } },
    spec: {
      selector: { matchLabels: { app: 'nginx' } },
      unknown1: 'val1',
      unknownDupe: 'valDupe2',
      paused: false,
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx:latest', unknownNested: 'val1', imagePullPolicy: 'Never' }],
        },
      },
    },
  });
  const patchFindings = () => ({ fields: findStrictJSONErrors(mergePatchBody, duplicatesOnly) });

  it('lists the patch body duplicates, then unknown fields of the result in key order, under Strict', () => {
    const err = thrown(() => validateFields(schemas, deploymentKind, patched(), 'Strict', patchFindings()));
    expect(err.status.message).toBe(
      'strict decoding error: duplicate field "spec.unknownDupe", duplicate field "spec.paused", duplicate field "spec.template.spec.containers[0].imagePullPolicy", unknown field "spec.template.spec.containers[0].unknownNested", unknown field "spec.unknown1", unknown field "spec.unknownDupe"',
    );
  });

  it('returns the pruned object and one warning per finding under Warn', () => {
    const { object, warnings } = validateFields(schemas, deploymentKind, patched(), 'Warn', patchFindings());
    expect(warnings).toHaveLength(6);
    expect(JSON.stringify(object)).not.toMatch(/unknown/);
  });

  it('prunes silently under Ignore', () => {
    const { object, warnings } = validateFields(schemas, deploymentKind, patched(), 'Ignore', patchFindings());
    expect(warnings).toEqual([]);
    expect((object.spec as Record<string, unknown>).unknown1).toBeUndefined();
  });

  it('passes objects of kinds without a schema through, keeping the caller findings', () => {
    const object = { apiVersion: 'example.com/v1', kind: 'Widget', spec: { anything: 1 } };
    expect(
      validateFields(schemas, { group: 'example.com', version: 'v1', kind: 'Widget' }, object, 'Warn', {
        fields: ['duplicate field "spec.x"'],
      }),
    ).toEqual({
      object,
      warnings: ['duplicate field "spec.x"'],
    });
  });
});

describe('strictDecodingErrorMessage', () => {
  it('joins go-yaml lines into one entry before the field findings', () => {
    expect(
      strictDecodingErrorMessage({
        yamlDuplicateKeys: ['line 1: key "a" already set in map', 'line 2: key "b" already set in map'],
        fields: ['unknown field "c"'],
      }),
    ).toBe(
      'strict decoding error: yaml: unmarshal errors:\n  line 1: key "a" already set in map\n  line 2: key "b" already set in map, unknown field "c"',
    );
  });
});
