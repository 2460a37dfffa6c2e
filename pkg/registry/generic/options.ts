/**
 * What every resource's storage is built from (mirrors k8s.io/apiserver/pkg/registry/generic
 * RESTOptions): the object-level Storage, the admission chain, and the key root. The server builds
 * one and hands it to each group's storage constructor (pkg/registry/<group>/rest).
 */
import type { AdmissionHandler } from '../../admission/interfaces.js';
import type { Storage } from '../../storage/interfaces.js';

export interface RESTOptions {
  storage: Storage;
  /** Run on every create, update and delete; omit for no admission. */
  admission?: AdmissionHandler;
  /** Root of every key, defaultKeyRoot when absent (upstream's --etcd-prefix). */
  keyRoot?: string;
}

/** The default root of every storage key (upstream's --etcd-prefix default). */
export const defaultKeyRoot = '/registry';
