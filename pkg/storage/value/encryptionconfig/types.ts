/**
 * EncryptionConfiguration, apiserver.config.k8s.io/v1 (k8s.io/apiserver/pkg/apis/apiserver/v1
 * types_encryption.go): which resources are encrypted at rest, and with which providers. The
 * first provider of an entry encrypts new writes; every provider of it can read.
 *
 * @example
 *   apiVersion: apiserver.config.k8s.io/v1
 *   kind: EncryptionConfiguration
 *   resources:
 *     - resources: [secrets]
 *       providers:
 *         - aescbc: { keys: [{ name: key1, secret: <base64 of 32 random bytes> }] }
 *         - identity: {}
 */

export interface EncryptionConfiguration {
  apiVersion: 'apiserver.config.k8s.io/v1';
  kind: 'EncryptionConfiguration';
  resources: ResourceConfiguration[];
}

export interface ResourceConfiguration {
  /** `resource.group` names (`secrets`, `deployments.apps`), `*.group` for a whole group, `*.*` for everything. */
  resources: string[];
  /** Exactly one provider per element; the first one writes. */
  providers: ProviderConfiguration[];
}

export interface ProviderConfiguration {
  aesgcm?: KeysConfiguration;
  aescbc?: KeysConfiguration;
  secretbox?: KeysConfiguration;
  identity?: Record<string, never>;
  /** Accepted by the format; this server has no KMS plugin support and says so at start. */
  kms?: Record<string, unknown>;
}

export interface KeysConfiguration {
  /** The first key encrypts; every key decrypts (keys rotate by adding a new first one). */
  keys: Key[];
}

export interface Key {
  /** Stored in the clear in each value's prefix (`k8s:enc:aescbc:v1:<name>:`). */
  name: string;
  /** Base64 of the key bytes: 16, 24 or 32 for AES, 32 for secretbox. */
  secret: string;
}
