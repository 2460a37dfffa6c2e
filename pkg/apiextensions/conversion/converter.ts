/**
 * Version conversion of custom resources (apiextensions-apiserver pkg/apiserver/conversion):
 * the request's version must be one the CRD lists; strategy None only rewrites apiVersion (of
 * the object, or of a list and each item), strategy Webhook asks the CRD's conversion webhook
 * (webhook.ts) for the objects not yet at the desired version.
 */
import type { CustomResourceDefinition } from '../../apis/apiextensions/v1/types.js';
import { type ConversionReviewTransport, newWebhookConverter } from './webhook.js';

export interface CustomResourceObject {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface CustomResourceList {
  apiVersion?: string;
  kind?: string;
  items: CustomResourceObject[];
  [field: string]: unknown;
}

export class ConversionError extends Error {}

export interface Converter {
  /** Returns the object (or list) at `group/version`; the input is not modified. */
  convert<T extends CustomResourceObject | CustomResourceList>(obj: T, targetVersion: string): Promise<T>;
}

export function isList(obj: CustomResourceObject | CustomResourceList): obj is CustomResourceList {
  return Array.isArray(obj.items);
}

/** Strategy None: only apiVersion changes (nop_converter.go). */
export function convertNone<T extends CustomResourceObject | CustomResourceList>(obj: T, targetGV: string): T {
  const out = structuredClone(obj);
  if (isList(out)) for (const item of out.items) item.apiVersion = targetGV;
  out.apiVersion = targetGV;
  return out;
}

export interface ConverterOptions {
  /** How Webhook conversions reach the webhook (required for strategy Webhook). */
  transport?: ConversionReviewTransport;
}

/** The converter of a CRD, checking versions as upstream's crConverter does. */
export function newConverter(crd: CustomResourceDefinition, opts: ConverterOptions = {}): Converter {
  const group = crd.spec?.group ?? '';
  const valid = new Set((crd.spec?.versions ?? []).map((v) => `${group}/${v.name ?? ''}`));
  const strategy = crd.spec?.conversion?.strategy ?? 'None';
  const webhook =
    strategy === 'Webhook'
      ? newWebhookConverter(crd.spec?.conversion?.webhook?.conversionReviewVersions ?? [], requireTransport(opts))
      : undefined;
  return {
    async convert(obj, targetVersion) {
      const target = `${group}/${targetVersion}`;
      if (!valid.has(target)) throw new ConversionError(`request to convert CR to an invalid group/version: ${target}`);
      const from = obj.apiVersion ?? '';
      if (!valid.has(from)) throw new ConversionError(`request to convert CR from an invalid group/version: ${from}`);
      if (isList(obj))
        obj.items.forEach((item, i) => {
          if (!valid.has(item.apiVersion ?? ''))
            throw new ConversionError(
              `request to convert CR list failed, list index ${i} has invalid group/version: ${item.apiVersion ?? ''}`,
            );
        });
      return webhook ? webhook.convert(obj, target) : convertNone(obj, target);
    },
  };
}

function requireTransport(opts: ConverterOptions): ConversionReviewTransport {
  if (!opts.transport) throw new ConversionError('strategy Webhook needs a transport to the conversion webhook');
  return opts.transport;
}
