/**
 * Real CRD bundles installed with kubectl against the built apiserver: every CRD is accepted with
 * its schema kept as written (descriptions included), and a CRD whose rule does not compile is
 * refused with upstream's 422 message.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedCRDsDir } from '../support/shared-crds.js';
import { makeTempDir } from './support/bundle.js';
import { useAPIServer } from './support/apiserver.js';

const server = useAPIServer({ needsKubectl: true });

async function k(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return server().kubectl(args);
}

function crdFiles(bundle: string): string[] {
  const dir = path.join(sharedCRDsDir(), bundle, 'crds');
  return readdirSync(dir)
    .filter((f) => !f.includes('_vap_'))
    .map((f) => path.join(dir, f));
}

describe('installing real CRDs', () => {
  it('applies every gateway-api CRD (client-side apply), keeping descriptions', async () => {
    const files = crdFiles('gateway-api-v1.6.1');
    for (const f of files) {
      const res = await k(['apply', '-f', f]);
      expect(res.stderr, f).toBe('');
      expect(res.code, f).toBe(0);
    }
    const got = await k(['get', 'crd', 'httproutes.gateway.networking.k8s.io', '-o', 'json']);
    const crd = JSON.parse(got.stdout);
    const v1 = crd.spec.versions.find((v: { name: string }) => v.name === 'v1');
    expect(v1.schema.openAPIV3Schema.description).toMatch(/HTTPRoute provides a way to route HTTP requests/);
  });

  it('creates every prometheus-operator CRD (too big for client-side apply)', async () => {
    for (const f of crdFiles('prometheus-operator-v0.93.0')) {
      const res = await k(['create', '-f', f]);
      expect(res.stderr, f).toBe('');
      expect(res.code, f).toBe(0);
    }
    const got = await k([
      'get',
      'crd',
      'prometheuses.monitoring.coreos.com',
      '-o',
      'jsonpath={.spec.versions[0].schema.openAPIV3Schema.properties.spec.description}',
    ]);
    expect(got.stdout).toMatch(/^spec defines the specification of the desired behavior of the Prometheus cluster/);
  });

  it('keeps printer column descriptions (strict field validation knows the field)', async () => {
    const file = path.join(makeTempDir(), 'columns-crd.json');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'gadgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { plural: 'gadgets', kind: 'Gadget' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  description: 'a gadget',
                  externalDocs: { description: 'docs', url: 'https://example.com' },
                },
              },
              additionalPrinterColumns: [
                { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: 'how old' },
              ],
            },
          ],
        },
      }),
    );
    const res = await k(['apply', '--validate=strict', '-f', file]);
    expect(res.stderr).toBe('');
    const got = await k([
      'get',
      'crd',
      'gadgets.example.com',
      '-o',
      'jsonpath={.spec.versions[0].additionalPrinterColumns[0].description}',
    ]);
    expect(got.stdout).toBe('how old');
  });

  it('refuses a CRD whose rule does not compile, as upstream words it', async () => {
    const file = path.join(makeTempDir(), 'bad-crd.json');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { plural: 'widgets', kind: 'Widget' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  description: 'a widget',
                  properties: {
                    spec: {
                      type: 'object',
                      properties: { size: { type: 'integer' } },
                      'x-kubernetes-validations': [{ rule: 'self.colour == "red"' }],
                    },
                  },
                },
              },
            },
          ],
        },
      }),
    );
    const res = await k(['apply', '-f', file]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(
      'The CustomResourceDefinition "widgets.example.com" is invalid: spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:"self.colour == \\"red\\"", Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:5: undefined field \'colour\'',
    );
  });
});
