import { describe, expect, it } from 'vitest';
import { cronTabCRD } from '../../../apiextensions/customresource/testdata/crontab.js';
import { setDefaultsCustomResourceDefinition } from '../v1/defaults.js';
import type { CustomResourceDefinition, JSONSchemaProps } from '../v1/types.js';
import { validateCustomResourceDefinition, validateCustomResourceDefinitionUpdate } from './validation.js';

const msgs = (errs: readonly object[]) => errs.map(String);

function crd(mutate: (c: CustomResourceDefinition) => void = () => {}): CustomResourceDefinition {
  const c: CustomResourceDefinition = {
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
    },
    status: { storedVersions: ['v1'] },
  };
  mutate(c);
  setDefaultsCustomResourceDefinition(c);
  return c;
}

/** The CronTab CRD with one version (its schema reported at spec.validation) and the spec schema changed. */
function cronTabWith(mutate: (spec: JSONSchemaProps, c: CustomResourceDefinition) => void): string[] {
  const c = cronTabCRD();
  const first = c.spec?.versions?.[0];
  if (!c.spec || !first) throw new Error('CronTab CRD without versions');
  c.spec.versions = [first];
  const spec = first.schema?.openAPIV3Schema?.properties?.spec;
  if (!spec) throw new Error('CronTab CRD without spec schema');
  mutate(spec, c);
  return msgs(validateCustomResourceDefinition(c));
}

function rules(spec: JSONSchemaProps) {
  const list = spec['x-kubernetes-validations'];
  if (!list) throw new Error('no rules');
  return list;
}

const at = 'spec.validation.openAPIV3Schema.properties[spec]';

describe('CRD validation', () => {
  it('accepts a minimal CRD and defaults its names', () => {
    expect(msgs(validateCustomResourceDefinition(crd()))).toEqual([]);
    expect(crd().spec?.names).toMatchObject({ singular: 'widget', listKind: 'WidgetList' });
  });

  it('requires the name to be plural.group', () => {
    expect(msgs(validateCustomResourceDefinition(crd((c) => (c.metadata.name = 'gadgets.example.com'))))).toEqual([
      'metadata.name: Invalid value: "gadgets.example.com": must be spec.names.plural+"."+spec.group',
    ]);
  });

  it('requires exactly one storage version and schemas', () => {
    const errs = msgs(
      validateCustomResourceDefinition(crd((c) => (c.spec!.versions = [{ name: 'v1', served: true, storage: false }]))),
    );
    expect(errs).toContain('spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required');
    expect(errs.some((e) => e.endsWith('must have exactly one version marked as storage version'))).toBe(true);
  });

  it('reports schema errors per version when versions differ', () => {
    const errs = msgs(
      validateCustomResourceDefinition(
        crd((c) => {
          c.spec!.versions = [
            { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
            {
              name: 'v2',
              served: true,
              storage: false,
              schema: { openAPIV3Schema: { type: 'object', properties: { x: { description: 'untyped' } } } },
            },
          ];
        }),
      ),
    );
    expect(errs).toEqual([
      'spec.versions[1].schema.openAPIV3Schema.properties[x].type: Required value: must not be empty for specified object fields',
    ]);
  });

  it('refuses protected groups without the approval annotation', () => {
    const errs = msgs(
      validateCustomResourceDefinition(
        crd((c) => {
          c.metadata.name = 'widgets.x.k8s.io';
          c.spec!.group = 'x.k8s.io';
        }),
      ),
    );
    expect(errs).toEqual([
      'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
    ]);
  });

  it('keeps group and plural immutable, and scope and kind once Established', () => {
    const old = crd((c) => {
      c.metadata.resourceVersion = '1';
      c.status!.conditions = [{ type: 'Established', status: 'True' }];
    });
    const next = crd((c) => {
      c.metadata.resourceVersion = '1';
      c.spec!.scope = 'Cluster';
      c.spec!.names!.kind = 'Gadget';
    });
    expect(msgs(validateCustomResourceDefinitionUpdate(next, old))).toEqual([
      'spec.scope: Invalid value: "Cluster": field is immutable',
      'spec.names.kind: Invalid value: "Gadget": field is immutable',
    ]);
    expect(
      msgs(
        validateCustomResourceDefinitionUpdate(
          next,
          crd((c) => (c.metadata.resourceVersion = '1')),
        ),
      ),
    ).toEqual([]);
  });
});

describe('CRD schema validation (structural rules, defaults, CEL)', () => {
  it('refuses non-structural schemas', () => {
    expect(cronTabWith((s) => (s.properties!.x = { description: 'untyped' }))).toEqual([
      `${at}.properties[x].type: Required value: must not be empty for specified object fields`,
    ]);
    expect(cronTabWith((s) => (s.additionalProperties = { type: 'string' }))).toEqual([
      `${at}.additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
    ]);
    expect(
      cronTabWith((_s, c) => {
        c.spec!.versions![0]!.schema!.openAPIV3Schema!.properties!.metadata = {
          type: 'object',
          properties: { labels: { type: 'object' } },
        };
      }),
    ).toEqual([
      'spec.validation.openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified',
    ]);
    expect(
      cronTabWith((s) => (s.anyOf = [{ properties: { image: { 'x-kubernetes-validations': [{ rule: 'true' }] } } }])),
    ).toEqual([`${at}.anyOf[0].properties[image].x-kubernetes-validations: Forbidden: must be empty to be structural`]);
    expect(cronTabWith((s) => delete s.properties!.ports!['x-kubernetes-list-map-keys'])).toEqual([
      `${at}.properties[ports].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`,
    ]);
    expect(cronTabWith((s) => (s.properties!.image!.pattern = '(a'))).toEqual([
      `${at}.properties[image].pattern: Invalid value: "(a": must be a valid regular expression, but isn't: error parsing regexp: missing closing ): \`(a\``,
    ]);
  });

  it('refuses defaults that do not validate or are not pruned', () => {
    expect(cronTabWith((s) => (s.properties!.replicas!.default = 'many'))).toEqual([
      `${at}.properties[replicas].default: Invalid value: "string":  in body must be of type integer: "string"`,
    ]);
    expect(
      cronTabWith((s) => {
        const items = s.properties!.ports!.items as JSONSchemaProps;
        items.default = { name: 'x', port: 1, extra: 1 };
      }),
    ).toEqual([
      `${at}.properties[ports].items.default: Invalid value: map[string]interface {}{"extra":1, "name":"x", "port":1}: must not have unknown fields`,
    ]);
  });

  it('refuses rules that do not compile, with cel-go messages', () => {
    const rule = (text: string) =>
      `apiextensions.ValidationRule{Rule:${JSON.stringify(text)}, Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}`;
    expect(cronTabWith((s) => (rules(s)[1]!.rule = 'self.foo == 1'))).toEqual([
      `${at}.x-kubernetes-validations[1].rule: Invalid value: ${rule('self.foo == 1')}: compilation failed: ERROR: <input>:1:5: undefined field 'foo'\n | self.foo == 1\n | ....^`,
    ]);
    expect(cronTabWith((s) => (rules(s)[1]!.rule = 'self.replicas + 1'))).toEqual([
      `${at}.x-kubernetes-validations[1].rule: Invalid value: ${rule('self.replicas + 1')}: cel expression must evaluate to a bool`,
    ]);
    expect(cronTabWith((s) => (rules(s)[1]!.rule = "self.replicas + 'a' == 1"))).toEqual([
      `${at}.x-kubernetes-validations[1].rule: Invalid value: ${rule("self.replicas + 'a' == 1")}: compilation failed: ERROR: <input>:1:1: found no matching overload for '_+_' applied to '(int, string)'\n | self.replicas + 'a' == 1\n | ^`,
    ]);
    expect(cronTabWith((s) => (rules(s)[1]!.rule = "self.image.matches('(')"))).toEqual([
      `${at}.x-kubernetes-validations[1].rule: Invalid value: ${rule("self.image.matches('(')")}: compilation failed: ERROR: <input>:1:20: invalid matches argument\n | self.image.matches('(')\n | ...................^`,
    ]);
    expect(cronTabWith((s) => (rules(s)[0]!.messageExpression = 'self.replicas'))[0]).toMatch(
      /x-kubernetes-validations\[0\]\.messageExpression: Invalid value: .*: messageExpression must evaluate to a string$/,
    );
  });

  it('refuses misplaced transition rules and optionalOldSelf', () => {
    expect(
      cronTabWith(
        (s) =>
          (s.properties!.allowedCIDRs!.items = {
            type: 'string',
            'x-kubernetes-validations': [{ rule: 'self == oldSelf' }],
          }),
      ),
    ).toEqual([
      `${at}.properties[allowedCIDRs].items.x-kubernetes-validations[0].rule: Invalid value: "self == oldSelf": oldSelf cannot be used on the uncorrelatable portion of the schema within ${at}.properties[allowedCIDRs]`,
    ]);
    expect(cronTabWith((s) => (rules(s)[1]!.optionalOldSelf = true))).toEqual([
      `${at}.x-kubernetes-validations[1].optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule`,
    ]);
  });

  it('refuses bad rule fields', () => {
    expect(cronTabWith((s) => (rules(s)[1]!.reason = 'Nope'))).toEqual([
      `${at}.x-kubernetes-validations[1].reason: Unsupported value: "Nope": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"`,
    ]);
    expect(cronTabWith((s) => (rules(s)[0]!.fieldPath = '.nope'))).toEqual([
      `${at}.x-kubernetes-validations[0].fieldPath: Invalid value: ".nope": fieldPath must be a valid path`,
    ]);
  });

  it('refuses rules whose estimated cost exceeds the limits', () => {
    const errs = cronTabWith((s) => {
      s.properties!.big = { type: 'array', items: { type: 'string' } };
      rules(s).push({ rule: 'self.big.all(a, self.big.all(b, a == b))' });
    });
    expect(errs[0]).toBe(
      `${at}.x-kubernetes-validations[10].rule: Forbidden: estimated rule cost exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`,
    );
    expect(errs.at(-1)).toBe(
      'spec.validation.openAPIV3Schema: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)',
    );
  });
});
