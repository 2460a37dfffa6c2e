/**
 * Validation of embedded resources (apiextensions-apiserver pkg/apiserver/schema/objectmeta/
 * validation.go): apiVersion and kind present and well formed, metadata valid as ObjectMeta with
 * names that are valid path segments.
 */
import { validateObjectMeta } from '../../../api/validation/objectmeta.js';
import { validatePathSegmentName } from '../../../api/validation/path/name.js';
import { parseGroupVersion } from '../../../runtime/schema/group-version.js';
import { type FieldError, invalid, type Path, required } from '../../../util/validation/field/errors.js';
import { isDNS1035Label } from '../../../util/validation/validation.js';
import { asEmbeddedResource } from '../pruning/algorithm.js';
import { additionalPropertiesSchema, isObject, type Structural } from '../structural.js';
import { embeddedObjectMeta } from './algorithm.js';

export function validate(pth: Path, obj: unknown, s: Structural | undefined, isResourceRoot: boolean): FieldError[] {
  return visit(pth, obj, isResourceRoot ? asEmbeddedResource(s) : s, isResourceRoot);
}

function visit(pth: Path, x: unknown, s: Structural | undefined, isRoot: boolean): FieldError[] {
  if (!s) return [];
  const errs: FieldError[] = [];
  if (Array.isArray(x)) {
    x.forEach((v, i) => {
      errs.push(...visit(pth.index(i), v, s.items, false));
    });
    return errs;
  }
  if (!isObject(x)) return errs;
  // The root's own apiVersion/kind/metadata are validated by the serving layer as for any resource.
  if (s.embeddedResource && !isRoot) errs.push(...validateEmbeddedResource(pth, x));
  const values = additionalPropertiesSchema(s);
  for (const [k, v] of Object.entries(x)) {
    const prop = s.properties?.get(k);
    if (prop) errs.push(...visit(pth.child(k), v, prop, false));
    else if (values) errs.push(...visit(pth.key(k), v, values, false));
  }
  return errs;
}

function validateEmbeddedResource(pth: Path, x: Record<string, unknown>): FieldError[] {
  const errs: FieldError[] = [];
  if (!('apiVersion' in x)) errs.push(required(String(pth.child('apiVersion')), 'must not be empty'));
  if (!('kind' in x)) errs.push(required(String(pth.child('kind')), 'must not be empty'));
  for (const [k, v] of Object.entries(x)) {
    if (k === 'apiVersion') {
      if (typeof v !== 'string') errs.push(invalid(String(pth.child('apiVersion')), v, 'must be a string'));
      else if (v === '') errs.push(invalid(String(pth.child('apiVersion')), v, 'must not be empty'));
      else
        try {
          parseGroupVersion(v);
        } catch (e) {
          errs.push(invalid(String(pth.child('apiVersion')), v, e instanceof Error ? e.message : String(e)));
        }
    } else if (k === 'kind') {
      if (typeof v !== 'string') errs.push(invalid(String(pth.child('kind')), v, 'must be a string'));
      else if (v === '') errs.push(invalid(String(pth.child('kind')), v, 'must not be empty'));
      else {
        const msgs = isDNS1035Label(v.toLowerCase());
        if (msgs.length > 0)
          errs.push(
            invalid(String(pth.child('kind')), v, `may have mixed case, but should otherwise match: ${msgs.join(',')}`),
          );
      }
    } else if (k === 'metadata') {
      const meta = { ...(embeddedObjectMeta(x) ?? {}) };
      // Upstream fills in a name so that a nameless embedded object is not refused for it.
      if (!meta.name) meta.name = 'fakename';
      errs.push(
        ...validateObjectMeta(meta, (meta.namespace ?? '') !== '', validatePathSegmentName, pth.child('metadata')),
      );
    }
  }
  return errs;
}
