import { describe, expect, it } from 'vitest';
import { newInvalid, newNotFound, newTimeout } from '../../../api/errors/errors.js';
import { required } from '../../../util/validation/field/errors.js';
import { errorToAPIStatus } from './writers.js';

describe('error bodies', () => {
  it('serialize a Status in upstream’s field order, details and causes included', () => {
    const err = newInvalid({ group: 'apps', kind: 'Deployment' }, 'web', [required('spec.selector', '')]);
    // Code below may add to a Status after building it; the writer still puts code last.
    err.status.details = { ...err.status.details, uid: 'u-1' };
    expect(JSON.stringify(errorToAPIStatus(err))).toBe(
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",' +
        '"message":"Deployment.apps \\"web\\" is invalid: spec.selector: Required value",' +
        '"reason":"Invalid","details":{"name":"web","group":"apps","kind":"Deployment","uid":"u-1",' +
        '"causes":[{"reason":"FieldValueRequired","message":"Required value","field":"spec.selector"}]},"code":422}',
    );
  });

  it('order a not-found Status as upstream: name, group, kind', () => {
    const body = JSON.stringify(errorToAPIStatus(newNotFound({ group: 'apps', resource: 'deployments' }, 'x')));
    expect(body).toBe(
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"deployments.apps \\"x\\" not found",' +
        '"reason":"NotFound","details":{"name":"x","group":"apps","kind":"deployments"},"code":404}',
    );
  });

  it('keep retryAfterSeconds last among details', () => {
    const body = JSON.stringify(errorToAPIStatus(newTimeout('slow', 2)));
    expect(body).toMatch(/"details":\{.*"retryAfterSeconds":2\},"code":504\}$/);
  });
});
