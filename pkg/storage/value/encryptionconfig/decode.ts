/**
 * Strict decoding of an EncryptionConfiguration file (YAML or JSON), as upstream's decoder for
 * this file: the apiVersion and kind must be apiserver.config.k8s.io/v1 EncryptionConfiguration,
 * and an unknown field is an error naming its path (a typo never silently disables encryption).
 */
import { parse } from 'yaml';
import type {
  EncryptionConfiguration,
  Key,
  KeysConfiguration,
  ProviderConfiguration,
  ResourceConfiguration,
} from './types.js';

export const groupVersion = 'apiserver.config.k8s.io/v1';

/** Throws `strict decoding error: …` or a type error naming the field. */
export function decodeEncryptionConfiguration(text: string): EncryptionConfiguration {
  const doc: unknown = parse(text);
  const root = object(doc, '');
  if (root.apiVersion !== groupVersion || root.kind !== 'EncryptionConfiguration') {
    throw new Error(
      `no kind ${JSON.stringify(String(root.kind ?? ''))} is registered for version ${JSON.stringify(String(root.apiVersion ?? ''))}: ` +
        `expected kind "EncryptionConfiguration" in version "${groupVersion}"`,
    );
  }
  known(root, '', ['apiVersion', 'kind', 'resources']);
  return {
    apiVersion: groupVersion,
    kind: 'EncryptionConfiguration',
    resources: list(root.resources, 'resources').map((r, i) => resourceConfiguration(r, `resources[${i}]`)),
  };
}

function resourceConfiguration(value: unknown, at: string): ResourceConfiguration {
  const o = object(value, at);
  known(o, at, ['resources', 'providers']);
  return {
    resources: list(o.resources, `${at}.resources`).map((r, i) => string(r, `${at}.resources[${i}]`)),
    providers: list(o.providers, `${at}.providers`).map((p, i) => provider(p, `${at}.providers[${i}]`)),
  };
}

function provider(value: unknown, at: string): ProviderConfiguration {
  const o = object(value, at);
  known(o, at, ['aesgcm', 'aescbc', 'secretbox', 'identity', 'kms']);
  const out: ProviderConfiguration = {};
  for (const name of ['aesgcm', 'aescbc', 'secretbox'] as const) {
    if (o[name] !== undefined && o[name] !== null) out[name] = keys(o[name], `${at}.${name}`);
  }
  if (o.identity !== undefined && o.identity !== null) {
    known(object(o.identity, `${at}.identity`), `${at}.identity`, []);
    out.identity = {};
  }
  if (o.kms !== undefined && o.kms !== null) out.kms = object(o.kms, `${at}.kms`);
  return out;
}

function keys(value: unknown, at: string): KeysConfiguration {
  const o = object(value, at);
  known(o, at, ['keys']);
  return { keys: list(o.keys, `${at}.keys`).map((k, i) => key(k, `${at}.keys[${i}]`)) };
}

function key(value: unknown, at: string): Key {
  const o = object(value, at);
  known(o, at, ['name', 'secret']);
  return { name: string(o.name ?? '', `${at}.name`), secret: string(o.secret ?? '', `${at}.secret`) };
}

function object(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${at || 'the file'}: expected an object`);
  return value as Record<string, unknown>;
}

function list(value: unknown, at: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${at}: expected a list`);
  return value;
}

function string(value: unknown, at: string): string {
  if (typeof value !== 'string') throw new Error(`${at}: expected a string`);
  return value;
}

function known(o: Record<string, unknown>, at: string, fields: readonly string[]): void {
  for (const field of Object.keys(o)) {
    if (!fields.includes(field))
      throw new Error(`strict decoding error: unknown field ${JSON.stringify(at ? `${at}.${field}` : field)}`);
  }
}
