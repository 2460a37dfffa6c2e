/** apiextensions/v1 CRD defaulting (mirrors apiextensions-apiserver pkg/apis/apiextensions/v1/defaults.go). */
import type { CustomResourceDefinition } from './types.js';

export function setDefaultsCustomResourceDefinition(crd: CustomResourceDefinition): void {
  const spec = (crd.spec ??= {});
  const names = (spec.names ??= {});
  if (!names.singular && names.kind) names.singular = names.kind.toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  spec.conversion ??= {};
  if (!spec.conversion.strategy) spec.conversion.strategy = 'None';
}
