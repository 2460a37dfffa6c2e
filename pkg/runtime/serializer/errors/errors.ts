/**
 * Failures of the body decoders. They carry what the HTTP layer needs to word the 400 as
 * upstream's transformDecodeError does: the kind the body claimed (when it got that far).
 */
import type { GroupVersionKind } from '../../../apis/meta/v1/types.js';

/** The body could not be turned into an object: syntax, wire format, wrong JSON type, missing kind. */
export class DecodeError extends Error {
  constructor(
    message: string,
    /** The body's own group/version/kind when it was readable, for `X in version "v" cannot be handled as a Y`. */
    readonly gvk?: GroupVersionKind,
  ) {
    super(message);
    this.name = 'DecodeError';
  }
}

/**
 * Protobuf messages (with the lists, maps and embedded JSON in them) nested past maxNestingDepth,
 * worded as google.golang.org/protobuf words its own recursion limit.
 */
export class RecursionDepthError extends Error {
  constructor() {
    super('exceeded maximum recursion depth');
    this.name = 'RecursionDepthError';
  }
}
