/**
 * The admission chain (mirrors k8s.io/apiserver/pkg/admission/chain.go): plugins run in the
 * configured order; a plugin may be mutating, validating or both.
 */
import type {
  AdmissionHandler,
  AdmissionPlugin,
  Attributes,
  MutationInterface,
  ValidationInterface,
} from './interfaces.js';

function isMutating(p: AdmissionPlugin): p is MutationInterface {
  return typeof (p as Partial<MutationInterface>).admit === 'function';
}

function isValidating(p: AdmissionPlugin): p is ValidationInterface {
  return typeof (p as Partial<ValidationInterface>).validate === 'function';
}

export function newChainHandler(plugins: readonly AdmissionPlugin[]): AdmissionHandler {
  const mutating = plugins.filter(isMutating);
  const validating = plugins.filter(isValidating);
  return {
    async admit(attrs: Attributes, signal?: AbortSignal) {
      for (const p of mutating) if (p.handles(attrs.operation)) await p.admit(attrs, signal);
    },
    async validate(attrs: Attributes, signal?: AbortSignal) {
      for (const p of validating) if (p.handles(attrs.operation)) await p.validate(attrs, signal);
    },
  };
}

/** A chain with no plugins (tests, or --disable-admission-plugins of everything). */
export const noAdmission: AdmissionHandler = newChainHandler([]);
