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
          const errs = [...decoded.unknownFields.map((f) => `unknown field "${f}"`), ...schema.validate(obj).errors.map(String)];
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
