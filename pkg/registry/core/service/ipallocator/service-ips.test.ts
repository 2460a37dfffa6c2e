import { describe, expect, it } from 'vitest';
import type { Service, ServiceSpec } from '../../../../apis/core/v1/types.js';
import { configMapStrategy, newBackend, statusOf } from '../../../generic/registry/testing/fixtures.js';
import { newRegistryStore } from '../../../generic/registry/store.js';
import { newSystemContext } from '../../../../endpoints/request/context.js';
import { defaultUpdatedObjectInfo } from '../../../rest/update.js';
import { newAllocator } from './allocator.js';
import { serviceIPHooks } from './service-ips.js';

const ns = newSystemContext('default');

function setup() {
  const backend = newBackend();
  const allocator = newAllocator(backend.storage, '10.96.0.0/12');
  const services = newRegistryStore<Service>(
    { storage: backend.storage },
    {
      resource: { group: '', version: 'v1', resource: 'services', kind: 'Service' },
      resourcePrefix: 'services/specs',
      strategy: configMapStrategy({ allowUnconditionalUpdate: true }),
      ...serviceIPHooks(allocator),
    },
  );
  return { backend, allocator, services };
}

const svc = (name: string, spec: ServiceSpec = {}): Service => ({ metadata: { name }, spec });

describe('service cluster IPs', () => {
  it('allocates an address on create and releases it on delete', async () => {
    const { allocator, services } = setup();
    const created = await services.create(ns, svc('web'));
    const ip = created.spec?.clusterIP ?? '';
    expect(allocator.contains(ip)).toBe(true);
    expect(created.spec?.clusterIPs).toEqual([ip]);
    expect(await allocator.ownerOf(ip)).toEqual({ namespace: 'default', name: 'web' });
    await services.delete(ns, 'web');
    expect(await allocator.ownerOf(ip)).toBeUndefined();
  });

  it('answers 422 for a taken or out-of-range clusterIP, with upstream wording', async () => {
    const { services } = setup();
    await services.create(ns, svc('a', { clusterIP: '10.96.0.10' }));
    expect(
      await statusOf(services.create(ns, svc('b', { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] }))),
    ).toMatchObject({
      code: 422,
      message:
        'Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    });
    expect(await statusOf(services.create(ns, svc('c', { clusterIP: '1.2.3.4' })))).toMatchObject({
      code: 422,
      message:
        'Service "c" is invalid: spec.clusterIPs: Invalid value: []string{"1.2.3.4"}: failed to allocate IP 1.2.3.4: the provided IP (1.2.3.4) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    });
  });

  it('gives the address back when the create fails after allocation', async () => {
    const { allocator, services } = setup();
    await services.create(ns, svc('a'));
    expect(await statusOf(services.create(ns, svc('a', { clusterIP: '10.96.0.11' })))).toMatchObject({ code: 409 });
    expect(await allocator.ownerOf('10.96.0.11')).toBeUndefined();
  });

  it('allocates nothing for headless and ExternalName services, nor on dry run', async () => {
    const { backend, services } = setup();
    const headless = await services.create(ns, svc('h', { clusterIP: 'None' }));
    expect(headless.spec?.clusterIP).toBe('None');
    await services.create(ns, svc('e', { type: 'ExternalName' }));
    const rev = await backend.storage.currentResourceVersion();
    const dry = await services.create(ns, svc('d'), { dryRun: true });
    expect(dry.spec?.clusterIP).toBeTruthy();
    expect(await backend.storage.currentResourceVersion()).toBe(rev);
  });

  it('releases the address when a service becomes ExternalName', async () => {
    const { allocator, services } = setup();
    const created = await services.create(ns, svc('web', { clusterIP: '10.96.0.12' }));
    const updated = await services.update(
      ns,
      'web',
      defaultUpdatedObjectInfo({ ...created, spec: { type: 'ExternalName', clusterIP: '10.96.0.12' } }),
    );
    expect(updated.object.spec?.clusterIP).toBeUndefined();
    expect(await allocator.ownerOf('10.96.0.12')).toBeUndefined();
  });
});
