/**
 * Admission (mirrors k8s.io/apiserver/pkg/admission/interfaces.go): plugins that see every write
 * after authentication/authorization and may mutate it (mutating) or reject it (validating).
 * The generic Store calls the chain: `admit` before its own create/update preparation, `validate`
 * after the strategy validated the object, right before the write (so validating plugins see the
 * final object). Rejections are StatusErrors (403 Forbidden, 404 NotFound, …) passed to the client.
 */
import type { GroupVersionKind, GroupVersionResource, KubeObject } from '../apis/meta/v1/types.js';
import type { UserInfo } from '../authentication/user/user.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface Attributes {
  /** '' on a create with generateName before the name is generated. */
  name: string;
  /** '' for cluster-scoped resources. */
  namespace: string;
  resource: GroupVersionResource;
  /** '' for the main resource; 'status', 'scale', 'finalize', … */
  subresource: string;
  kind: GroupVersionKind;
  operation: Operation;
  /** The incoming object (CREATE, UPDATE); mutating plugins modify it in place. Absent for DELETE. */
  object?: KubeObject;
  /** The stored object (UPDATE, DELETE). */
  oldObject?: KubeObject;
  dryRun: boolean;
  userInfo: UserInfo;
}

export interface AdmissionPlugin {
  /** Whether the plugin wants to see this operation at all. */
  handles(operation: Operation): boolean;
}

export interface MutationInterface extends AdmissionPlugin {
  /** May modify attrs.object. Throws a StatusError to reject. */
  admit(attrs: Attributes, signal?: AbortSignal): Promise<void>;
}

export interface ValidationInterface extends AdmissionPlugin {
  /** Must not modify anything. Throws a StatusError to reject. */
  validate(attrs: Attributes, signal?: AbortSignal): Promise<void>;
}

/** What the Store holds: the whole chain behind one object (see ./chain.ts). */
export interface AdmissionHandler {
  /** Runs every mutating plugin that handles the operation, in order. */
  admit(attrs: Attributes, signal?: AbortSignal): Promise<void>;
  /** Runs every validating plugin that handles the operation, in order; the first rejection wins. */
  validate(attrs: Attributes, signal?: AbortSignal): Promise<void>;
}
