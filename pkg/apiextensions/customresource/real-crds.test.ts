/**
 * The real CRD bundles of shared/crds: every CRD passes CRD validation (structural schema,
 * defaults, CEL rules compile within the cost limits) and every example object validates
 * against its CRD, as on a real cluster.
 */
import { describe, expect, it } from 'vitest';
import { type Bundle, loadBundles } from '../../../test/support/shared-crds.js';
import { setDefaultsCustomResourceDefinition } from '../../apis/apiextensions/v1/defaults.js';
import type { CustomResourceDefinition } from '../../apis/apiextensions/v1/types.js';
import { validateCustomResourceDefinition } from '../../apis/apiextensions/validation/validation.js';
import { newCustomResourceSchema } from './schema.js';

const bundles = loadBundles();

/** Sets (or, with undefined, deletes) the value at a dotted path of a JSON tree; numbers index lists. */
function set(obj: unknown, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let node = obj;
  for (const k of keys) node = Array.isArray(node) ? node[Number(k)] : (node as Record<string, unknown>)[k];
  if (Array.isArray(node)) node[Number(last)] = value;
  else if (typeof node === 'object' && node !== null) {
    // Walking a parsed YAML document: every step above is an object or a list.
    const record = node as Record<string, unknown>;
    if (value === undefined) delete record[last];
    else record[last] = value;
  } else throw new Error(`${path}: not an object`);
}

/** As the registry prepares a CRD for create: defaults, then the storage version recorded. */
function prepared(crd: CustomResourceDefinition): CustomResourceDefinition {
  const c = structuredClone(crd);
  setDefaultsCustomResourceDefinition(c);
  const storage = c.spec?.versions?.find((v) => v.storage)?.name;
  c.status = { storedVersions: storage ? [storage] : [] };
  return c;
}

function crdFor(bundle: Bundle, object: Record<string, unknown>): CustomResourceDefinition | undefined {
  const apiVersion = String(object.apiVersion ?? '');
  return bundle.crds.find(
    ({ crd }) => apiVersion.startsWith(`${crd.spec?.group}/`) && crd.spec?.names?.kind === object.kind,
  )?.crd;
}

describe('real CRD bundles', () => {
  it('holds the bundles the README lists', () => {
    expect(bundles.map((b) => b.name).sort()).toEqual(['gateway-api-v1.6.1', 'prometheus-operator-v0.93.0']);
    expect(bundles.flatMap((b) => b.crds)).toHaveLength(20);
  });

  for (const bundle of bundles)
    describe(bundle.name, () => {
      it.each(bundle.crds.map(({ file, crd }) => [file, crd] as const))('%s passes CRD validation', (_file, crd) => {
        expect(validateCustomResourceDefinition(prepared(crd)).map(String)).toEqual([]);
      });

      it('validates every example custom resource against its CRD', async () => {
        const results: Record<string, string[]> = {};
        let checked = 0;
        for (const { file, object } of bundle.examples) {
          const crd = crdFor(bundle, object);
          if (!crd) continue;
          const schema = await newCustomResourceSchema(crd, String(object.apiVersion).split('/')[1] ?? '');
          const obj = structuredClone(object);
          const decoded = schema.decode(obj);
          schema.applyDefaults(obj);
          const errs = [
            ...decoded.unknownFields.map((f) => `unknown field "${f}"`),
            ...schema.validate(obj).errors.map(String),
          ];
          if (errs.length > 0) results[file] = errs;
          checked++;
        }
        expect(checked).toBeGreaterThan(10);
        // Two prometheus-operator user-guide snippets are fragments of a bigger manifest (no name,
        // no spec.selector): a real cluster refuses them for the missing required field, too.
        const fragments =
          bundle.name === 'prometheus-operator-v0.93.0'
            ? {
                'user-guides_scrapeclass_scrapeclass-example-podmonitor.yaml': [
                  'spec.selector: Required value',
                  '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
                ],
                'user-guides_scrapeclass_scrapeclass-example-servicemonitor.yaml': [
                  'spec.selector: Required value',
                  '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
                ],
              }
            : {};
        expect(results).toEqual(fragments);
      });
    });
});

describe('invalid objects against the real schemas, refused as a real cluster refuses them', () => {
  const gateway = bundles.find((b) => b.name.startsWith('gateway-api'));
  if (!gateway) throw new Error('gateway-api bundle missing');
  const crdOf = (kind: string): CustomResourceDefinition => {
    const found = gateway.crds.find(({ crd }) => crd.spec?.names?.kind === kind)?.crd;
    if (!found) throw new Error(`no CRD for ${kind}`);
    return found;
  };
  /** The kind's object from the bundle's basic-http.yaml example. */
  const example = (kind: string): Record<string, unknown> => {
    const found = gateway.examples.find((e) => e.file === 'basic-http.yaml' && e.object.kind === kind)?.object;
    if (!found) throw new Error(`no example for ${kind}`);
    return structuredClone(found);
  };
  const blocked =
    '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

  async function refusal(
    kind: string,
    mutate: (o: Record<string, unknown>) => void,
    mutateOld?: (o: Record<string, unknown>) => void,
  ): Promise<string[]> {
    const schema = await newCustomResourceSchema(crdOf(kind), 'v1');
    const obj = example(kind);
    mutate(obj);
    const decoded = schema.decode(obj);
    schema.applyDefaults(obj);
    let result: { errors: { toString(): string }[] };
    if (mutateOld) {
      const old = example(kind);
      schema.applyDefaults(old);
      mutateOld(old);
      result = schema.validateUpdate(obj, old);
    } else result = schema.validate(obj);
    return [...decoded.unknownFields.map((f) => `unknown field "${f}"`), ...result.errors.map(String)];
  }

  it('types', async () => {
    expect(await refusal('Gateway', (o) => set(o, 'spec.listeners.0.port', 'eighty'))).toEqual([
      'spec.listeners[0].port: Invalid value: "string": spec.listeners[0].port in body must be of type integer: "string"',
      blocked,
    ]);
  });

  it('enums', async () => {
    expect(await refusal('HTTPRoute', (o) => set(o, 'spec.rules.0.matches.0.path.type', 'Bogus'))).toEqual([
      'spec.rules[0].matches[0].path.type: Unsupported value: "Bogus": supported values: "Exact", "PathPrefix", "RegularExpression"',
      blocked,
    ]);
  });

  it('patterns', async () => {
    expect(await refusal('Gateway', (o) => set(o, 'spec.listeners.0.name', 'Bad_Name'))).toEqual([
      String.raw`spec.listeners[0].name: Invalid value: "Bad_Name": spec.listeners[0].name in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'`,
    ]);
  });

  it('string lengths', async () => {
    expect(await refusal('Gateway', (o) => set(o, 'spec.gatewayClassName', ''))).toEqual([
      'spec.gatewayClassName: Invalid value: "": spec.gatewayClassName in body should be at least 1 chars long',
    ]);
    expect(await refusal('Gateway', (o) => set(o, 'spec.gatewayClassName', 'a'.repeat(254)))).toEqual([
      'spec.gatewayClassName: Too long: may not be more than 253 bytes',
      blocked,
    ]);
  });

  it('list sizes, numeric bounds and required fields', async () => {
    const many = Array.from({ length: 65 }, (_, i) => ({ name: `l${i}`, protocol: 'HTTP', port: 1000 + i }));
    expect(await refusal('Gateway', (o) => set(o, 'spec.listeners', many))).toEqual([
      'spec.listeners: Too many: 65: must have at most 64 items',
      blocked,
    ]);
    expect(await refusal('Gateway', (o) => set(o, 'spec.listeners.0.port', 0))).toEqual([
      'spec.listeners[0].port: Invalid value: 0: spec.listeners[0].port in body should be greater than or equal to 1',
    ]);
    expect(await refusal('Gateway', (o) => set(o, 'spec.gatewayClassName', undefined))).toEqual([
      'spec.gatewayClassName: Required value',
      blocked,
    ]);
  });

  it('list-map keys (and the CEL rule that says the same)', async () => {
    expect(
      await refusal('Gateway', (o) => set(o, 'spec.listeners.1', { name: 'http', protocol: 'HTTP', port: 81 })),
    ).toEqual([
      'spec.listeners[1]: Duplicate value: map[string]interface {}{"name":"http"}',
      'spec.listeners: Invalid value: "array": Listener name must be unique within the Gateway',
    ]);
  });

  it('CEL rules with a message, on lists and objects', async () => {
    expect(
      await refusal('Gateway', (o) =>
        set(o, 'spec.listeners.0.tls', { mode: 'Terminate', certificateRefs: [{ name: 'c' }] }),
      ),
    ).toEqual([
      `spec.listeners: Invalid value: "array": tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']`,
    ]);
    expect(await refusal('HTTPRoute', (o) => set(o, 'spec.rules.0.matches.0.path.value', 'bar'))).toEqual([
      `spec.rules[0].matches[0].path: Invalid value: "object": value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']`,
    ]);
  });

  it('transition rules (self == oldSelf) on update only', async () => {
    const change = (o: Record<string, unknown>) => set(o, 'spec.controllerName', 'acme.io/other');
    expect(await refusal('GatewayClass', change, () => {})).toEqual([
      'spec.controllerName: Invalid value: "string": Value is immutable',
    ]);
    expect(await refusal('GatewayClass', change)).toEqual([]);
    expect(
      await refusal(
        'GatewayClass',
        () => {},
        () => {},
      ),
    ).toEqual([]);
  });

  it('reports pruned unknown fields with their paths', async () => {
    expect(
      await refusal('Gateway', (o) => {
        set(o, 'spec.foo', 1);
        set(o, 'spec.listeners.0.bar', 2);
      }),
    ).toEqual(['unknown field "spec.foo"', 'unknown field "spec.listeners[0].bar"']);
  });

  it('lets an update keep a value that no longer validates (ratcheting), not introduce one', async () => {
    const bad = (o: Record<string, unknown>) => set(o, 'spec.listeners.0.name', 'Bad_Name');
    expect(await refusal('Gateway', bad, bad)).toEqual([]);
    expect(await refusal('Gateway', bad, () => {})).toHaveLength(1);
  });
});
