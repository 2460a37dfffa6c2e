/**
 * Cost of validating custom resources whose CRD has 10 CEL rules (x-kubernetes-validations), per
 * object: the full create path the serving layer runs (decode/prune, default, schema validation,
 * CEL) and the CEL part alone, on create and on update (with oldSelf). Also the one-off cost of
 * compiling the CRD (CRD validation with its rules, then building the per-version schema).
 *
 *   node bench/run.mjs crd-cel [--bundled] [iterations]
 */
import type { CustomResourceDefinition } from '../pkg/apis/apiextensions/v1/types.js';
import { validateCustomResourceDefinition } from '../pkg/apis/apiextensions/validation/validation.js';
import { newCustomResourceSchema } from '../pkg/apiextensions/customresource/schema.js';
import { CELSchema } from '../pkg/apiextensions/schema/cel/compilation.js';
import { validateCEL } from '../pkg/apiextensions/schema/cel/validation.js';
import { newStructural } from '../pkg/apiextensions/schema/structural.js';

const iterations = Number(process.argv[2] ?? 2000);

const rules = [
  { rule: 'self.replicas >= 0 && self.replicas <= 100', message: 'replicas out of range' },
  { rule: 'self.minReplicas <= self.replicas', messageExpression: "'min ' + string(self.minReplicas)" },
  { rule: "self.image.startsWith('registry.example.com/')" },
  { rule: "self.image.matches('^[a-z0-9./-]+:[a-z0-9.]+$')" },
  { rule: 'self.ports.all(p, p.port > 0 && p.port < 65536)' },
  { rule: 'self.ports.all(p1, self.ports.exists_one(p2, p1.name == p2.name))', message: 'port names must be unique' },
  { rule: "!has(self.memory) || quantity(self.memory).isLessThan(quantity('8Gi'))" },
  { rule: "self.tags.all(t, t.size() <= 16 && t.matches('^[a-z]+$'))" },
  { rule: "self.?mode.orValue('Recurring') in ['Once', 'Recurring']" },
  {
    rule: 'self.replicas >= oldSelf.replicas || self.mode == oldSelf.mode',
    message: 'no scaling down while changing mode',
  },
];

const crd: CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.bench.example.com' },
  spec: {
    group: 'bench.example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                'x-kubernetes-validations': rules,
                properties: {
                  replicas: { type: 'integer', default: 1 },
                  minReplicas: { type: 'integer', default: 0 },
                  image: { type: 'string', maxLength: 256 },
                  memory: { type: 'string', maxLength: 16 },
                  mode: { type: 'string', enum: ['Once', 'Recurring'] },
                  tags: { type: 'array', maxItems: 16, items: { type: 'string', maxLength: 32 } },
                  ports: {
                    type: 'array',
                    maxItems: 16,
                    'x-kubernetes-list-type': 'map',
                    'x-kubernetes-list-map-keys': ['name'],
                    items: {
                      type: 'object',
                      required: ['name'],
                      properties: { name: { type: 'string', maxLength: 15 }, port: { type: 'integer' } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
  status: { storedVersions: ['v1'] },
};

function widget(replicas: number): Record<string, unknown> {
  return {
    apiVersion: 'bench.example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'default' },
    spec: {
      replicas,
      image: 'registry.example.com/widget:1.2.3',
      memory: '512Mi',
      mode: 'Recurring',
      tags: ['web', 'frontend', 'blue'],
      ports: [
        { name: 'http', port: 80 },
        { name: 'https', port: 443 },
        { name: 'metrics', port: 9090 },
      ],
    },
  };
}

/** Median of 5 rounds of `n` calls, after a warm-up round (the machine is shared and noisy). */
function time(label: string, n: number, fn: (i: number) => void): number {
  for (let i = 0; i < n; i++) fn(i);
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    rounds.push(((performance.now() - start) / n) * 1000);
  }
  const perObject = rounds.sort((a, b) => a - b)[2] ?? 0;
  console.log(`${label.padEnd(58)} ${perObject.toFixed(1).padStart(8)} µs/object (median of 5)`);
  return perObject;
}

const compileStart = performance.now();
const crdErrors = validateCustomResourceDefinition(crd);
if (crdErrors.length > 0) throw new Error(`bench CRD is invalid: ${crdErrors.join('; ')}`);
const crdValidated = performance.now();
const schema = await newCustomResourceSchema(crd, 'v1');
const built = performance.now();
console.log(
  `CRD validation (10 rules compiled, costs estimated)            ${(crdValidated - compileStart).toFixed(1)} ms`,
);
console.log(`per-version schema (validator, defaulter, pruner, CEL programs) ${(built - crdValidated).toFixed(1)} ms`);

const specSchema = newStructural(crd.spec?.versions?.[0]?.schema?.openAPIV3Schema ?? {});
const cel = new CELSchema(specSchema);
const old = widget(3);
schema.applyDefaults(old);

time('create: decode + default + validate (schema, CEL)', iterations, () => {
  const obj = widget(3);
  schema.decode(obj);
  schema.applyDefaults(obj);
  const { errors } = schema.validate(obj);
  if (errors.length > 0) throw new Error(errors.join('; '));
});
time('update: decode + default + validateUpdate (with oldSelf)', iterations, () => {
  const obj = widget(4);
  schema.decode(obj);
  schema.applyDefaults(obj);
  const { errors } = schema.validateUpdate(obj, old);
  if (errors.length > 0) throw new Error(errors.join('; '));
});
const objForCEL = widget(3);
schema.applyDefaults(objForCEL);
time('CEL only: 10 rules on create', iterations, () => {
  validateCEL(cel, specSchema, true, objForCEL, undefined);
});
time('CEL only: 10 rules on update (transition rule runs too)', iterations, () => {
  validateCEL(cel, specSchema, true, objForCEL, old);
});
