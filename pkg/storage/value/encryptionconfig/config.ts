/**
 * --encryption-provider-config (upstream's server/options/encryptionconfig LoadEncryptionConfig):
 * reads, decodes strictly and validates the file, then builds one transformer per configured
 * resource. Values are stored as upstream stores them, so `etcdctl get` shows ciphertext behind
 * `k8s:enc:<provider>:v1:<key name>:`:
 *
 *   aesgcm     k8s:enc:aesgcm:v1:<name>:    nonce ‖ ciphertext ‖ tag      (storage key authenticated)
 *   aescbc     k8s:enc:aescbc:v1:<name>:    iv ‖ ciphertext
 *   secretbox  k8s:enc:secretbox:v1:<name>: nonce ‖ tag ‖ ciphertext
 *   identity   (no prefix)                  the value as it is
 *
 * Rotation: the first provider (and its first key) writes; every provider and key reads; a value
 * read with anything but the first is stale, so rewriting it (any update, even one that changes
 * nothing, e.g. `kubectl get secrets -A -o json | kubectl replace -f -`) re-encrypts it.
 */
import { readFile } from 'node:fs/promises';
import type { GroupResource } from '../../../apis/meta/v1/types.js';
import { newCBCTransformer, newGCMTransformer } from '../encrypt/aes/aes.js';
import { identityTransformer } from '../encrypt/identity/identity.js';
import { newSecretboxTransformer } from '../encrypt/secretbox/secretbox.js';
import { newPrefixTransformers, type PrefixTransformer, type Transformer } from '../transformer.js';
import { decodeEncryptionConfiguration } from './decode.js';
import type {
  EncryptionConfiguration,
  KeysConfiguration,
  ProviderConfiguration,
  ResourceConfiguration,
} from './types.js';
import { decodeBase64, parseGroupResource, validateEncryptionConfiguration } from './validation.js';

/** The transformer of each resource (upstream's value.ResourceTransformers). */
export interface ResourceTransformers {
  /** The exact resource's entry, else its group's (`*.group`), else `*.*`, else identity. */
  transformerForResource(gr: GroupResource): Transformer;
}

const encoder = new TextEncoder();

/** Loads the file; every problem is thrown as one Error worded as upstream's. */
export async function loadEncryptionConfig(file: string): Promise<ResourceTransformers> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(
      `error while parsing file: error while loading file: error reading encryption provider configuration file ${JSON.stringify(file)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (text.length === 0)
    throw new Error(
      `error while parsing file: error while loading file: encryption provider configuration file ${JSON.stringify(file)} is empty`,
    );
  let config: EncryptionConfiguration;
  try {
    config = decodeEncryptionConfiguration(text);
  } catch (err) {
    throw new Error(
      `error while parsing file: error decoding encryption provider configuration file ${JSON.stringify(file)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const errs = validateEncryptionConfiguration(config);
  if (errs.length > 0) {
    const text = errs.length === 1 ? errs[0]!.toString() : `[${errs.map(String).join(', ')}]`;
    throw new Error(`error while parsing file: ${text}`);
  }
  try {
    return newResourceTransformers(config.resources);
  } catch (err) {
    throw new Error(`error while building transformers: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Upstream's getTransformerOverrides: a resource in several entries gets their providers in order. */
export function newResourceTransformers(entries: readonly ResourceConfiguration[]): ResourceTransformers {
  const lists = new Map<string, PrefixTransformer[]>();
  for (const entry of entries) {
    const providers = entry.providers.map(prefixTransformer);
    for (const resource of entry.resources) {
      const gr = parseGroupResource(resource);
      for (const mask of [`${gr.group}/*`, '*/*']) {
        if (lists.has(mask))
          throw new Error(
            `resource ${JSON.stringify(resource)} is masked by earlier rule ${JSON.stringify(yamlName(mask))}`,
          );
      }
      const name = `${gr.group}/${gr.resource}`;
      lists.set(name, [...(lists.get(name) ?? []), ...providers]);
    }
  }
  const configured = new Map<string, Transformer>();
  for (const [name, list] of lists) configured.set(name, newPrefixTransformers('no matching prefix found', list));
  return {
    transformerForResource: (gr) =>
      configured.get(`${gr.group}/${gr.resource}`) ??
      configured.get(`${gr.group}/*`) ??
      configured.get('*/*') ??
      identityTransformer,
  };
}

/** `group/*` as the config file spells it: `*.group` (`*.` for the core group). */
function yamlName(name: string): string {
  const [group, resource] = name.split('/');
  return `${resource}.${group}`;
}

function prefixTransformer(provider: ProviderConfiguration): PrefixTransformer {
  if (provider.aesgcm) return keyed('k8s:enc:aesgcm:v1:', provider.aesgcm, 'AES', newGCMTransformer);
  if (provider.aescbc) return keyed('k8s:enc:aescbc:v1:', provider.aescbc, 'AES', newCBCTransformer);
  if (provider.secretbox)
    return keyed('k8s:enc:secretbox:v1:', provider.secretbox, 'Secretbox', newSecretboxTransformer);
  return { prefix: new Uint8Array(0), transformer: identityTransformer };
}

/** One provider: its keys by name, the first one writing (upstream's aesPrefixTransformer). */
function keyed(
  prefix: string,
  config: KeysConfiguration,
  kind: string,
  newTransformer: (key: Uint8Array) => Transformer,
): PrefixTransformer {
  const keys = config.keys.map((key) => {
    const secret = decodeBase64(key.secret);
    if (!secret) throw new Error(`could not obtain secret for named key ${key.name}: illegal base64 data`);
    return { prefix: encoder.encode(`${key.name}:`), transformer: newTransformer(secret) };
  });
  return {
    prefix: encoder.encode(prefix),
    transformer: newPrefixTransformers(`no matching key was found for the provided ${kind} transformer`, keys),
  };
}
