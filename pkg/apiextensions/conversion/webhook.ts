/**
 * Webhook conversion (apiextensions-apiserver pkg/apiserver/conversion/webhook_converter.go): the
 * objects not yet at the desired version go to the CRD's webhook in a ConversionReview (the first
 * of the CRD's conversionReviewVersions this server speaks: v1, v1beta1); the response must echo
 * the request uid, succeed, and return one object per request object with the desired apiVersion,
 * the same kind, name, namespace and uid. Of the metadata only labels and annotations may change.
 *
 * The transport is pluggable: httpsTransport posts to a URL with the CRD's caBundle; the serving
 * layer resolves `service` references to such a URL.
 */
import { randomUUID } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { validateAnnotations } from '../../api/validation/objectmeta.js';
import { Path } from '../../util/validation/field/errors.js';
import { isQualifiedName, isValidLabelValue } from '../../util/validation/validation.js';
import type { CustomResourceList, CustomResourceObject } from './converter.js';
import { ConversionError, isList } from './converter.js';

/** Posts a ConversionReview and resolves with the decoded response body. */
export type ConversionReviewTransport = (review: Record<string, unknown>) => Promise<unknown>;

const supportedReviewVersions = ['v1', 'v1beta1'];

export interface HTTPSTransportOptions {
  url: string;
  /** PEM CA bundle (decoded from the CRD's base64 caBundle); the system roots when absent. */
  caBundle?: string;
  /** Upstream's default webhook timeout is 30s. */
  timeoutMs?: number;
}

/** POSTs the review as JSON over HTTPS and parses the JSON answer. */
export function httpsTransport(opts: HTTPSTransportOptions): ConversionReviewTransport {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return (review) =>
    new Promise((resolve, reject) => {
      const body = Buffer.from(JSON.stringify(review));
      const req = httpsRequest(
        opts.url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': body.length },
          ...(opts.caBundle ? { ca: opts.caBundle } : {}),
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300)
              return reject(new Error(`the server responded with the status code ${res.statusCode ?? 0}: ${text}`));
            try {
              resolve(JSON.parse(text));
            } catch (e) {
              reject(new Error(`invalid JSON in the webhook response: ${e instanceof Error ? e.message : String(e)}`));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`Post "${opts.url}": context deadline exceeded`)));
      req.on('error', reject);
      req.end(body);
    });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function gvk(obj: CustomResourceObject | CustomResourceList): string {
  const [group, version] = (obj.apiVersion ?? '').includes('/')
    ? (obj.apiVersion ?? '').split('/')
    : ['', obj.apiVersion];
  return `${group}/${version ?? ''}, Kind=${obj.kind ?? ''}`;
}

function meta(obj: CustomResourceObject, field: string): unknown {
  return isObject(obj.metadata) ? obj.metadata[field] : undefined;
}

function validateConverted(input: CustomResourceObject, out: CustomResourceObject): string | undefined {
  if ((input.kind ?? '') !== (out.kind ?? ''))
    return `must have the same kind: ${input.kind ?? ''} != ${out.kind ?? ''}`;
  for (const [field, label] of [
    ['name', 'name'],
    ['namespace', 'namespace'],
    ['uid', 'UID'],
  ] as const)
    if ((meta(input, field) ?? '') !== (meta(out, field) ?? ''))
      return `must have the same ${label}: ${String(meta(input, field) ?? '')} != ${String(meta(out, field) ?? '')}`;
  return undefined;
}

/** Keeps the original metadata but the converted labels and annotations (restoreObjectMeta). */
function restoreObjectMeta(original: CustomResourceObject, converted: CustomResourceObject): string | undefined {
  const response = converted.metadata;
  if (response === undefined) return 'missing metadata in converted object';
  if (!isObject(response)) return `invalid metadata of type ${typeof response} in converted object`;
  const restored: Record<string, unknown> = isObject(original.metadata) ? structuredClone(original.metadata) : {};
  for (const fld of ['labels', 'annotations'] as const) {
    const value = response[fld];
    if (value === undefined || value === null) {
      delete restored[fld];
      continue;
    }
    if (!isObject(value)) return `invalid metadata.${fld} of type ${typeof value} in converted object`;
    const strings: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== 'string')
        return `metadata.${fld}[${k}] must be a string, but is ${typeof v} in converted object`;
      strings[k] = v;
    }
    const errs =
      fld === 'labels'
        ? Object.entries(strings).flatMap(([k, v]) => [
            ...isQualifiedName(k).map((m) => `metadata.labels: Invalid value: ${JSON.stringify(k)}: ${m}`),
            ...isValidLabelValue(v).map((m) => `metadata.labels: Invalid value: ${JSON.stringify(v)}: ${m}`),
          ])
        : validateAnnotations(strings, Path.root('metadata').child('annotations')).map(String);
    if (errs.length > 0) return errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
    restored[fld] = strings;
  }
  converted.metadata = restored;
  return undefined;
}

interface ReviewResponse {
  uid?: string;
  result?: { status?: string; message?: string };
  convertedObjects?: unknown[];
}

function convertedObjectsFrom(uid: string, reviewVersion: string, body: unknown): unknown[] {
  if (!isObject(body)) throw new Error('no response provided');
  const expected = `apiextensions.k8s.io/${reviewVersion}, Kind=ConversionReview`;
  const got = `${String(body.apiVersion ?? '').replace(/^\/?/, '')}, Kind=${String(body.kind ?? '')}`;
  if (reviewVersion === 'v1' && got !== expected)
    throw new Error(`expected webhook response of ${expected}, got ${got}`);
  const response = body.response;
  if (!isObject(response)) throw new Error('no response provided');
  const r = response as ReviewResponse;
  if (reviewVersion === 'v1' && r.uid !== uid) throw new Error(`expected response.uid="${uid}", got "${r.uid ?? ''}"`);
  if (r.result?.status !== 'Success') {
    if (r.result?.message) throw new Error(r.result.message);
    throw new Error(`response.result.status was '${r.result?.status ?? ''}', not 'Success'`);
  }
  return r.convertedObjects ?? [];
}

export interface WebhookConverter {
  convert<T extends CustomResourceObject | CustomResourceList>(obj: T, desiredAPIVersion: string): Promise<T>;
}

export function newWebhookConverter(
  conversionReviewVersions: readonly string[],
  transport: ConversionReviewTransport,
): WebhookConverter {
  const reviewVersion = conversionReviewVersions.find((v) => supportedReviewVersions.includes(v));
  return {
    async convert<T extends CustomResourceObject | CustomResourceList>(obj: T, desired: string): Promise<T> {
      const list = isList(obj);
      const objects: CustomResourceObject[] = isList(obj) ? obj.items : [obj];
      const toConvert = objects.filter((o) => o.apiVersion !== desired);
      if (toConvert.length === 0) {
        const out = structuredClone(obj);
        out.apiVersion = desired;
        return out;
      }
      if (!reviewVersion) throw new ConversionError('no supported conversion review versions');
      const uid = randomUUID();
      const review = {
        apiVersion: `apiextensions.k8s.io/${reviewVersion}`,
        kind: 'ConversionReview',
        request: { uid, desiredAPIVersion: desired, objects: toConvert },
      };
      let converted: unknown[];
      try {
        converted = convertedObjectsFrom(uid, reviewVersion, await transport(review));
      } catch (e) {
        throw new ConversionError(
          `conversion webhook for ${gvk(obj)} failed: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      if (converted.length !== toConvert.length)
        throw new ConversionError(
          `conversion webhook for ${gvk(obj)} returned ${converted.length} objects, expected ${toConvert.length}`,
        );
      const out = structuredClone(obj);
      const targets: CustomResourceObject[] = isList(out) ? out.items : [out];
      let index = 0;
      for (let i = 0; i < targets.length; i++) {
        const original = targets[i];
        if (!original || original.apiVersion === desired) continue;
        const where = list ? `invalid converted object at index ${index}` : 'invalid object';
        const next = converted[index];
        if (!isObject(next))
          throw new ConversionError(`conversion webhook for ${gvk(obj)} returned ${where}: not an object`);
        const result: CustomResourceObject = next;
        if (result.apiVersion !== desired)
          throw new ConversionError(
            `conversion webhook for ${gvk(obj)} returned ${list ? where : 'invalid object at index 0'}: invalid groupVersion (expected ${desired}, received ${result.apiVersion ?? ''})`,
          );
        if (result.kind !== original.kind)
          throw new ConversionError(
            `conversion webhook for ${gvk(obj)} returned ${list ? where : 'invalid object at index 0'}: invalid kind (expected ${original.kind ?? ''}, received ${result.kind ?? ''})`,
          );
        const invalid = validateConverted(original, result);
        if (invalid) throw new ConversionError(`conversion webhook for ${gvk(obj)} returned ${where}: ${invalid}`);
        const metaError = restoreObjectMeta(original, result);
        if (metaError)
          throw new ConversionError(
            `conversion webhook for ${gvk(obj)} returned invalid metadata${list ? ` in object at index ${index}` : ''}: ${metaError}`,
          );
        targets[i] = result;
        index++;
      }
      // A single object: the converted object replaces it (same shape: a custom resource).
      if (!Array.isArray(out.items)) return targets[0] as T;
      out.apiVersion = desired;
      return out;
    },
  };
}
