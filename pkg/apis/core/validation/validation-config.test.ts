import { describe, expect, it } from 'vitest';
import type { ConfigMap, Secret } from '../v1/types.js';
import {
  validateConfigMap,
  validateConfigMapUpdate,
  validateSecret,
  validateSecretUpdate,
} from './validation-config.js';
import { validateNamespace, validateNamespaceStatusUpdate } from './validation-cluster.js';

const msgs = (errs: readonly object[]) => errs.map(String);
const meta = { name: 'cfg', namespace: 'default', resourceVersion: '1' };

describe('configmap validation', () => {
  it('rejects bad keys', () => {
    expect(msgs(validateConfigMap({ metadata: meta, data: { 'a b': 'x' } }))[0]).toMatch(
      /^data\[a b\]: Invalid value: "a b": a valid config key must consist of alphanumeric characters/,
    );
  });

  it('rejects a key present in both data and binaryData', () => {
    expect(msgs(validateConfigMap({ metadata: meta, data: { k: 'x' }, binaryData: { k: 'eA==' } }))).toEqual([
      'data[k]: Invalid value: "k": duplicate of key present in binaryData',
    ]);
  });

  it('limits the total size to 1MiB', () => {
    expect(msgs(validateConfigMap({ metadata: meta, data: { k: 'x'.repeat(1024 * 1024 + 1) } }))).toEqual([
      ': Too long: may not be more than 1048576 bytes',
    ]);
  });

  it('freezes data once immutable', () => {
    const old: ConfigMap = { metadata: meta, data: { k: 'v' }, immutable: true };
    expect(msgs(validateConfigMapUpdate({ ...old, data: { k: 'w' } }, old))).toEqual([
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
    expect(msgs(validateConfigMapUpdate({ ...old, immutable: false }, old))).toEqual([
      'immutable: Forbidden: field is immutable when `immutable` is set',
    ]);
    expect(msgs(validateConfigMapUpdate({ ...old, metadata: { ...meta, labels: { a: 'b' } } }, old))).toEqual([]);
  });
});

describe('secret validation', () => {
  it('checks type-specific keys', () => {
    expect(msgs(validateSecret({ metadata: meta, type: 'kubernetes.io/tls', data: {} }))).toEqual([
      'data[tls.crt]: Required value',
      'data[tls.key]: Required value',
    ]);
    expect(
      msgs(
        validateSecret({
          metadata: meta,
          type: 'kubernetes.io/dockerconfigjson',
          data: { '.dockerconfigjson': Buffer.from('nope').toString('base64') },
        }),
      )[0],
    ).toMatch(/^data\[\.dockerconfigjson\]: Invalid value: "<secret contents redacted>": /);
  });

  it('rejects non-base64 data', () => {
    expect(msgs(validateSecret({ metadata: meta, type: 'Opaque', data: { k: '***' } }))).toEqual([
      'data[k]: Invalid value: "<secret contents redacted>": must be base64-encoded',
    ]);
  });

  it('keeps type immutable', () => {
    const old: Secret = { metadata: meta, type: 'Opaque', data: {} };
    expect(msgs(validateSecretUpdate({ ...old, type: 'x.io/other' }, old))).toEqual([
      'type: Invalid value: "x.io/other": field is immutable',
    ]);
  });
});

describe('namespace validation', () => {
  it('requires DNS-1123 label names and rejects unknown unqualified finalizers', () => {
    expect(
      msgs(validateNamespace({ metadata: { name: 'ns' }, spec: { finalizers: ['kubernetes', 'custom'] } })),
    ).toEqual([
      'spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    ]);
    expect(msgs(validateNamespace({ metadata: { name: 'a.b' } }))).toEqual([
      'metadata.name: Invalid value: "a.b": must not contain dots',
    ]);
  });

  it('ties phase to deletion', () => {
    const old = { metadata: { name: 'ns', resourceVersion: '1' }, status: { phase: 'Active' } };
    expect(msgs(validateNamespaceStatusUpdate({ ...old, status: { phase: 'Terminating' } }, old))).toEqual([
      'status.Phase: Invalid value: "Terminating": may only be \'Active\' if `deletionTimestamp` is empty',
    ]);
  });
});
