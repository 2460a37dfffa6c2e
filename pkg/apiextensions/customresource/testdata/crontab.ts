/**
 * A CronTab CRD (after the Kubernetes docs' example) that uses every schema feature the engine
 * handles: defaults (nested, in list items, in map values), enums, patterns, bounds, a list-type
 * set and map, an int-or-string, an embedded resource, CEL rules of every form (message,
 * messageExpression, reason, fieldPath, a transition rule, optionalOldSelf, the Kubernetes
 * libraries) — in two versions.
 */
import type { CustomResourceDefinition, JSONSchemaProps } from '../../../apis/apiextensions/v1/types.js';

export function cronTabSchema(): JSONSchemaProps {
  return {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        required: ['cronSpec'],
        properties: {
          cronSpec: { type: 'string', pattern: String.raw`^(\d+|\*)(/\d+)?(\s+(\d+|\*)(/\d+)?){4}$` },
          image: { type: 'string', maxLength: 128 },
          replicas: { type: 'integer', minimum: 0, maximum: 10, default: 1 },
          minReplicas: { type: 'integer', default: 0 },
          mode: { type: 'string', enum: ['Once', 'Recurring'], default: 'Recurring' },
          maxRetries: {
            type: 'integer',
            'x-kubernetes-validations': [
              {
                rule: '!oldSelf.hasValue() || self >= oldSelf.value()',
                message: 'maxRetries may not decrease',
                optionalOldSelf: true,
              },
            ],
          },
          memory: { type: 'string', maxLength: 16 },
          endpoint: { type: 'string', maxLength: 256 },
          allowedCIDRs: { type: 'array', maxItems: 8, items: { type: 'string', maxLength: 64 } },
          priorities: { type: 'array', maxItems: 16, items: { type: 'integer' } },
          tags: { type: 'array', maxItems: 10, 'x-kubernetes-list-type': 'set', items: { type: 'string', maxLength: 32 } },
          ports: {
            type: 'array',
            maxItems: 10,
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['name'],
            items: {
              type: 'object',
              required: ['name'],
              properties: {
                name: { type: 'string', maxLength: 15 },
                port: { type: 'integer', minimum: 1, maximum: 65535 },
                protocol: { type: 'string', enum: ['TCP', 'UDP'], default: 'TCP' },
              },
              'x-kubernetes-validations': [
                { rule: 'self.port != 22', message: 'port 22 is reserved', fieldPath: '.port', reason: 'FieldValueForbidden' },
              ],
            },
          },
          env: {
            type: 'object',
            maxProperties: 20,
            additionalProperties: { type: 'string', maxLength: 64, default: 'unset', nullable: false },
          },
          maxUnavailable: { 'x-kubernetes-int-or-string': true },
          template: {
            type: 'object',
            'x-kubernetes-embedded-resource': true,
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
        'x-kubernetes-validations': [
          {
            rule: 'self.minReplicas <= self.replicas',
            messageExpression: "'replicas (' + string(self.replicas) + ') must be at least minReplicas (' + string(self.minReplicas) + ')'",
            fieldPath: '.replicas',
          },
          { rule: "!has(self.image) || self.image.startsWith('registry.example.com/')" },
          { rule: "self.mode == 'Recurring' || self.replicas == 1", message: 'a one-off CronTab runs one replica', reason: 'FieldValueInvalid' },
          { rule: "!has(self.memory) || (isQuantity(self.memory) && quantity(self.memory).isLessThan(quantity('1Gi')))", message: 'memory must be a quantity below 1Gi' },
          { rule: "!has(self.endpoint) || isURL(self.endpoint) && url(self.endpoint).getScheme() == 'https'", message: 'endpoint must be an https URL' },
          { rule: "!has(self.allowedCIDRs) || self.allowedCIDRs.all(c, isCIDR(c) && cidr(c).prefixLength() >= 8)", message: 'allowedCIDRs must be CIDRs of /8 or longer' },
          { rule: '!has(self.priorities) || self.priorities.isSorted()', message: 'priorities must be sorted' },
          { rule: "self.?env[?'MODE'].orValue('') != 'debug'", message: 'env MODE=debug is not allowed', reason: 'FieldValueRequired' },
          { rule: "!has(self.tags) || self.tags.all(t, t.matches('^[a-z][a-z0-9-]*$'))", message: 'tags must be lowercase words' },
          { rule: "!has(self.maxUnavailable) || type(self.maxUnavailable) == int || self.maxUnavailable.endsWith('%')", message: 'maxUnavailable must be a number or a percentage' },
        ],
      },
      status: {
        type: 'object',
        properties: { lastScheduleTime: { type: 'string', format: 'date-time' }, active: { type: 'integer' } },
      },
    },
    'x-kubernetes-validations': [
      {
        rule: "self.spec.mode == oldSelf.spec.mode || oldSelf.spec.mode == 'Recurring'",
        message: 'a one-off CronTab cannot become recurring',
      },
    ],
  };
}

export function cronTabCRD(): CustomResourceDefinition {
  const v1 = cronTabSchema();
  // v1beta1 is the older shape: same fields, no rules on the root.
  const v1beta1 = cronTabSchema();
  delete v1beta1['x-kubernetes-validations'];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', listKind: 'CronTabList', shortNames: ['ct'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: v1 },
          subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.active' } },
          additionalPrinterColumns: [
            { name: 'Spec', type: 'string', jsonPath: '.spec.cronSpec', description: 'the schedule' },
          ],
        },
        { name: 'v1beta1', served: true, storage: false, schema: { openAPIV3Schema: v1beta1 } },
      ],
      conversion: { strategy: 'None' },
    },
    status: { storedVersions: ['v1'] },
  };
}
