import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../apis/meta/v1/types.js';
import {
  incrementGenerationOnSpecChange,
  jsonEqual,
  preserveAllButStatus,
  preserveStatus,
  resetStatus,
} from './status.js';

function deploy(spec: unknown, status: unknown, generation = 1): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', generation }, spec, status };
}

describe('status helpers', () => {
  it('resetStatus empties status on create', () => {
    const d = deploy({ replicas: 1 }, { replicas: 5 });
    resetStatus(d);
    expect(d.status).toEqual({});
  });

  it('main-resource updates keep the stored status and bump generation only on spec change', () => {
    const old = deploy({ replicas: 1 }, { readyReplicas: 1 }, 3);
    const same = deploy({ replicas: 1 }, { readyReplicas: 99 }, 3);
    preserveStatus(same, old);
    incrementGenerationOnSpecChange(same, old);
    expect(same.status).toEqual({ readyReplicas: 1 });
    expect(same.metadata.generation).toBe(3);

    const changed = deploy({ replicas: 2 }, {}, 3);
    incrementGenerationOnSpecChange(changed, old);
    expect(changed.metadata.generation).toBe(4);
  });

  it('status updates keep everything but metadata and status from the stored object', () => {
    const old: KubeObject = { ...deploy({ replicas: 1 }, {}), data: { a: '1' } };
    const req: KubeObject = { ...deploy({ replicas: 9 }, { readyReplicas: 1 }), extra: true };
    preserveAllButStatus(req, old);
    expect(req.spec).toEqual({ replicas: 1 });
    expect(req.data).toEqual({ a: '1' });
    expect(req.extra).toBeUndefined();
    expect(req.status).toEqual({ readyReplicas: 1 });
  });

  it('jsonEqual ignores key order and undefined members but not array order', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1, d: undefined })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: null }, {})).toBe(false);
  });
});
