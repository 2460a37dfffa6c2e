/**
 * The CronTab test CRD (testdata/crontab.ts) through the engine the serving layer calls: CRD
 * validation, decoding, defaulting (on requests and on reads from storage), validation of every
 * rule form, transition rules on update, optionalOldSelf on create, conversion between versions.
 */
import { describe, expect, it } from 'vitest';
import { validateCustomResourceDefinition } from '../../apis/apiextensions/validation/validation.js';
import { convertNone } from '../conversion/converter.js';
import { newCustomResourceSchema } from './schema.js';
import { cronTabCRD } from './testdata/crontab.js';

const schema = await newCustomResourceSchema(cronTabCRD(), 'v1');

function cronTab(spec: Record<string, unknown> = {}): Record<string, unknown> & { spec: Record<string, unknown> } {
  return {
    apiVersion: 'stable.example.com/v1',
    kind: 'CronTab',
    metadata: { name: 'job', namespace: 'default' },
    spec: { cronSpec: '* * * * */5', ...spec },
  };
}

/** decode → default → validate, as a create request goes; the field errors as kubectl prints them. */
function create(spec: Record<string, unknown>): string[] {
  const obj = cronTab(spec);
  const decoded = schema.decode(obj);
  schema.applyDefaults(obj);
  return [...decoded.unknownFields.map((f) => `unknown field "${f}"`), ...schema.validate(obj).errors.map(String)];
}

const blocked =
  '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

describe('CronTab CRD', () => {
  it('passes CRD validation, with descriptions kept', () => {
    const crd = cronTabCRD();
    expect(validateCustomResourceDefinition(crd).map(String)).toEqual([]);
    expect(crd.spec?.versions?.[0]?.additionalPrinterColumns?.[0]?.description).toBe('the schedule');
  });

  it('defaults missing fields, nested and in list items, on create', () => {
    const obj = cronTab({ ports: [{ name: 'http', port: 80 }], env: { A: null } });
    schema.decode(obj);
    schema.applyDefaults(obj);
    expect(obj.spec).toEqual({
      cronSpec: '* * * * */5',
      replicas: 1,
      minReplicas: 0,
      mode: 'Recurring',
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      env: { A: 'unset' },
    });
    expect(schema.validate(obj).errors).toEqual([]);
  });

  it('defaults objects read from storage that predate a default', () => {
    const stored = cronTab();
    schema.applyDefaults(stored);
    expect(stored.spec).toMatchObject({ replicas: 1, mode: 'Recurring' });
  });

  it('prunes unknown fields and reports their paths', () => {
    const obj = cronTab({ colour: 'red', ports: [{ name: 'a', port: 1, extra: true }] });
    expect(schema.decode(obj).unknownFields).toEqual(['spec.colour', 'spec.ports[0].extra']);
    expect(obj.spec).toEqual({ cronSpec: '* * * * */5', ports: [{ name: 'a', port: 1 }] });
  });

  it('keeps unknown fields under x-kubernetes-preserve-unknown-fields and coerces embedded metadata', () => {
    const obj = cronTab({
      template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', bogus: 1 }, spec: { x: 1 } },
    });
    expect(schema.decode(obj).unknownFields).toEqual(['spec.template.metadata.bogus']);
    expect(obj.spec.template).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 1 } });
    const bad = cronTab({ template: { apiVersion: 1, kind: 'Pod' } });
    expect(String(schema.decode(bad).error)).toBe('spec.template.apiVersion: Invalid value: 1: must be a string');
  });

  it('refuses schema violations with upstream wording', () => {
    expect(create({ cronSpec: 'bad' })).toEqual([
      String.raw`spec.cronSpec: Invalid value: "bad": spec.cronSpec in body should match '^(\d+|\*)(/\d+)?(\s+(\d+|\*)(/\d+)?){4}$'`,
    ]);
    expect(create({ mode: 'Sometimes' })).toEqual([
      'spec.mode: Unsupported value: "Sometimes": supported values: "Once", "Recurring"',
      blocked,
    ]);
    expect(create({ replicas: 11 })).toEqual([
      'spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10',
    ]);
    expect(create({ maxUnavailable: true })).toEqual([
      'spec.maxUnavailable: Invalid value: "boolean": spec.maxUnavailable in body must be of type integer,string: "boolean"',
      blocked,
    ]);
    expect(create({ tags: ['a', 'a'] })).toEqual(['spec.tags[1]: Duplicate value: "a"']);
    expect(
      create({
        ports: [
          { name: 'a', port: 1 },
          { name: 'a', port: 2 },
        ],
      }),
    ).toEqual(['spec.ports[1]: Duplicate value: map[string]interface {}{"name":"a"}']);
    expect(create({ template: { kind: 'Pod' } })).toEqual([
      'spec.template.apiVersion: Required value: must not be empty',
      blocked,
    ]);
  });

  it('refuses objects failing CEL rules, in each rule form', () => {
    // messageExpression and fieldPath
    expect(create({ minReplicas: 3, replicas: 2 })).toEqual([
      'spec.replicas: Invalid value: "object": replicas (2) must be at least minReplicas (3)',
    ]);
    // no message: the rule itself
    expect(create({ image: 'docker.io/x' })).toEqual([
      `spec: Invalid value: "object": failed rule: !has(self.image) || self.image.startsWith('registry.example.com/')`,
    ]);
    // reasons
    expect(create({ env: { MODE: 'debug' } })).toEqual(['spec: Required value: env MODE=debug is not allowed']);
    expect(create({ ports: [{ name: 'ssh', port: 22 }] })).toEqual([
      'spec.ports[0].port: Forbidden: port 22 is reserved',
    ]);
    // libraries: quantity, url, cidr, lists, regex, int-or-string types
    expect(create({ memory: '2Gi' })).toEqual(['spec: Invalid value: "object": memory must be a quantity below 1Gi']);
    expect(create({ memory: '512Mi' })).toEqual([]);
    expect(create({ endpoint: 'http://example.com' })).toEqual([
      'spec: Invalid value: "object": endpoint must be an https URL',
    ]);
    expect(create({ endpoint: 'https://example.com/x' })).toEqual([]);
    expect(create({ allowedCIDRs: ['10.0.0.0/4'] })).toEqual([
      'spec: Invalid value: "object": allowedCIDRs must be CIDRs of /8 or longer',
    ]);
    expect(create({ allowedCIDRs: ['10.0.0.0/8', 'fd00::/64'] })).toEqual([]);
    expect(create({ priorities: [3, 1] })).toEqual(['spec: Invalid value: "object": priorities must be sorted']);
    expect(create({ tags: ['Bad'] })).toEqual(['spec: Invalid value: "object": tags must be lowercase words']);
    expect(create({ maxUnavailable: '5' })).toEqual([
      'spec: Invalid value: "object": maxUnavailable must be a number or a percentage',
    ]);
    expect(create({ maxUnavailable: '5%' })).toEqual([]);
    expect(create({ maxUnavailable: 5 })).toEqual([]);
  });

  it('runs transition rules on update only, and optionalOldSelf rules on create too', () => {
    const old = cronTab({ mode: 'Once', maxRetries: 3 });
    schema.applyDefaults(old);
    const next = cronTab({ mode: 'Recurring', maxRetries: 2 });
    schema.applyDefaults(next);
    expect(schema.validateUpdate(next, old).errors.map(String)).toEqual([
      '<nil>: Invalid value: "object": a one-off CronTab cannot become recurring',
      'spec.maxRetries: Invalid value: "integer": maxRetries may not decrease',
    ]);
    expect(schema.validate(next).errors).toEqual([]);
  });

  it('checks type meta and the scale subresource paths', () => {
    const wrongKind = { ...cronTab(), kind: 'Cron' };
    expect(schema.validate(wrongKind).errors.map(String)).toEqual(['kind: Invalid value: "Cron": must be CronTab']);
    const wrongVersion = { ...cronTab(), apiVersion: 'stable.example.com/v1beta1' };
    expect(schema.validate(wrongVersion).errors.map(String)).toEqual([
      'apiVersion: Invalid value: "stable.example.com/v1beta1": must be stable.example.com/v1',
    ]);
    const badStatus = { ...cronTab(), status: { active: 'two' } };
    schema.applyDefaults(badStatus);
    expect(schema.validateStatusUpdate(badStatus, cronTab()).errors.map(String)).toEqual([
      'status.active: Invalid value: "string": active in body must be of type integer: "string"',
      '.status.active: Invalid value: 0: .status.active accessor error: two is of the type string, expected int64',
      blocked,
    ]);
  });

  it('validates status updates against the status schema', () => {
    const old = cronTab();
    const next = { ...cronTab(), status: { lastScheduleTime: 'yesterday' } };
    expect(schema.validateStatusUpdate(next, old).errors.map(String)).toEqual([
      // The status validator is built from the status schema: kube-openapi names the field from there.
      'status.lastScheduleTime: Invalid value: "yesterday": lastScheduleTime in body must be of type date-time: "yesterday"',
      blocked,
    ]);
  });

  it('converts between its versions (strategy None) and validates in the older one', async () => {
    const beta = convertNone(cronTab({ mode: 'Once', replicas: 1 }), 'stable.example.com/v1beta1');
    expect(beta.apiVersion).toBe('stable.example.com/v1beta1');
    const betaSchema = await newCustomResourceSchema(cronTabCRD(), 'v1beta1');
    betaSchema.applyDefaults(beta);
    expect(betaSchema.validate(beta).errors).toEqual([]);
  });
});
