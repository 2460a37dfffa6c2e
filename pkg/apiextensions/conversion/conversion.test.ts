import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomResourceDefinition } from '../../apis/apiextensions/v1/types.js';
import { generateCA, generateSignedCert, loadSigningCA } from '../../util/cert/cert.js';
import { ConversionError, newConverter } from './converter.js';
import { httpsTransport } from './webhook.js';

function crd(strategy: 'None' | 'Webhook'): CustomResourceDefinition {
  return {
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', kind: 'CronTab' },
      versions: [
        { name: 'v1beta1', served: true, storage: false },
        { name: 'v1', served: true, storage: true },
      ],
      conversion:
        strategy === 'None' ? { strategy } : { strategy, webhook: { conversionReviewVersions: ['v2', 'v1'] } },
    },
  };
}

interface TestObject {
  apiVersion: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: { cronSpec?: string };
}

interface Review {
  request: { uid: string; desiredAPIVersion: string; objects: TestObject[] };
}

const cronTab = (version: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: `stable.example.com/${version}`,
  kind: 'CronTab',
  metadata: { name: 'a', namespace: 'ns', uid: 'u-1', labels: { app: 'x' } },
  spec: { cronSpec: '* * * * */5' },
  ...extra,
});

describe('conversion strategy None', () => {
  it('rewrites apiVersion only, of an object and of a list and its items', async () => {
    const c = newConverter(crd('None'));
    const obj = cronTab('v1beta1');
    expect(await c.convert(obj, 'v1')).toEqual({ ...obj, apiVersion: 'stable.example.com/v1' });
    expect(obj.apiVersion).toBe('stable.example.com/v1beta1');
    const list = {
      apiVersion: 'stable.example.com/v1beta1',
      kind: 'CronTabList',
      items: [cronTab('v1beta1'), cronTab('v1')],
    };
    const out = await c.convert(list, 'v1');
    expect(out.apiVersion).toBe('stable.example.com/v1');
    expect(out.items.map((i) => i.apiVersion)).toEqual(['stable.example.com/v1', 'stable.example.com/v1']);
  });

  it('refuses versions the CRD does not list, with upstream messages', async () => {
    const c = newConverter(crd('None'));
    await expect(c.convert(cronTab('v1'), 'v2')).rejects.toThrow(
      'request to convert CR to an invalid group/version: stable.example.com/v2',
    );
    await expect(c.convert(cronTab('v9'), 'v1')).rejects.toThrow(
      'request to convert CR from an invalid group/version: stable.example.com/v9',
    );
    const list = { apiVersion: 'stable.example.com/v1', kind: 'CronTabList', items: [cronTab('v1'), cronTab('v7')] };
    await expect(c.convert(list, 'v1beta1')).rejects.toThrow(
      'request to convert CR list failed, list index 1 has invalid group/version: stable.example.com/v7',
    );
  });

  it('needs a transport for strategy Webhook', () => {
    expect(() => newConverter(crd('Webhook'))).toThrow(ConversionError);
  });
});

describe('conversion webhook client (ConversionReview over HTTPS)', () => {
  let server: Server;
  let url: string;
  let caPEM: string;
  /** What the test webhook does with each request; replaced per test. */
  let answer: (review: Review) => unknown;
  const received: unknown[] = [];

  beforeAll(async () => {
    const ca = await generateCA('webhook-ca');
    caPEM = ca.certPEM;
    const leaf = await generateSignedCert(await loadSigningCA(ca), {
      commonName: 'webhook',
      hosts: ['127.0.0.1'],
      usage: 'server',
    });
    server = createServer({ cert: leaf.certPEM, key: leaf.keyPEM }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const review = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        received.push(review);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(answer(review)));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/convert`;
  });

  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  const success = (review: Review) => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'ConversionReview',
    response: {
      uid: review.request.uid,
      result: { status: 'Success' },
      convertedObjects: review.request.objects.map((o) => ({
        ...o,
        apiVersion: review.request.desiredAPIVersion,
        metadata: { ...o.metadata, labels: { app: 'converted' }, name: o.metadata.name, finalizers: ['dropped'] },
        spec: { schedule: o.spec.cronSpec },
      })),
    },
  });

  it('converts through the webhook, keeping all metadata but labels and annotations', async () => {
    answer = success;
    const c = newConverter(crd('Webhook'), { transport: httpsTransport({ url, caBundle: caPEM }) });
    const out = await c.convert(cronTab('v1beta1'), 'v1');
    expect(out).toEqual({
      apiVersion: 'stable.example.com/v1',
      kind: 'CronTab',
      metadata: { name: 'a', namespace: 'ns', uid: 'u-1', labels: { app: 'converted' } },
      spec: { schedule: '* * * * */5' },
    });
    const review = received.at(-1) as {
      apiVersion: string;
      request: { objects: unknown[]; desiredAPIVersion: string };
    };
    expect(review.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(review.request.desiredAPIVersion).toBe('stable.example.com/v1');
    expect(review.request.objects).toHaveLength(1);
  });

  it('sends only the list items not yet at the desired version', async () => {
    answer = success;
    const c = newConverter(crd('Webhook'), { transport: httpsTransport({ url, caBundle: caPEM }) });
    const list = {
      apiVersion: 'stable.example.com/v1beta1',
      kind: 'CronTabList',
      items: [cronTab('v1'), cronTab('v1beta1')],
    };
    const out = await c.convert(list, 'v1');
    expect((received.at(-1) as { request: { objects: unknown[] } }).request.objects).toHaveLength(1);
    expect(out.items.map((i) => i.spec)).toEqual([{ cronSpec: '* * * * */5' }, { schedule: '* * * * */5' }]);
  });

  it('refuses bad answers with upstream messages', async () => {
    const c = newConverter(crd('Webhook'), { transport: httpsTransport({ url, caBundle: caPEM }) });
    answer = (r) => ({ ...success(r), response: { ...success(r).response, uid: 'other' } });
    await expect(c.convert(cronTab('v1beta1'), 'v1')).rejects.toThrow(
      /^conversion webhook for stable.example.com\/v1beta1, Kind=CronTab failed: expected response.uid="[-0-9a-f]+", got "other"$/,
    );
    answer = (r) => ({
      ...success(r),
      response: { uid: r.request.uid, result: { status: 'Failure', message: 'no can do' } },
    });
    await expect(c.convert(cronTab('v1beta1'), 'v1')).rejects.toThrow(
      'conversion webhook for stable.example.com/v1beta1, Kind=CronTab failed: no can do',
    );
    answer = (r) => ({ ...success(r), response: { ...success(r).response, convertedObjects: [] } });
    await expect(c.convert(cronTab('v1beta1'), 'v1')).rejects.toThrow(
      'conversion webhook for stable.example.com/v1beta1, Kind=CronTab returned 0 objects, expected 1',
    );
    answer = (r) => {
      const ok = success(r);
      const first = ok.response.convertedObjects[0];
      if (first) first.metadata.name = 'renamed';
      return ok;
    };
    await expect(c.convert(cronTab('v1beta1'), 'v1')).rejects.toThrow(
      'conversion webhook for stable.example.com/v1beta1, Kind=CronTab returned invalid object: must have the same name: a != renamed',
    );
    answer = (r) => {
      const ok = success(r);
      const first = ok.response.convertedObjects[0];
      if (first) first.apiVersion = 'stable.example.com/v1beta1';
      return ok;
    };
    await expect(c.convert(cronTab('v1beta1'), 'v1')).rejects.toThrow(
      'returned invalid object at index 0: invalid groupVersion (expected stable.example.com/v1, received stable.example.com/v1beta1)',
    );
  });

  it('does not trust a server outside the CA bundle', async () => {
    answer = success;
    const c = newConverter(crd('Webhook'), { transport: httpsTransport({ url }) });
    await expect(c.convert(cronTab('v1beta1'), 'v1')).rejects.toThrow(
      /conversion webhook for stable.example.com\/v1beta1, Kind=CronTab failed: .*certificate/,
    );
  });
});
