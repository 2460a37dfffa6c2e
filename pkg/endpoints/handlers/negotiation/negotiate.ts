/**
 * Content negotiation for responses (mirrors apiserver's handlers/negotiation): which media type
 * and which *form* of the object (`as=Table`, `as=PartialObjectMetadata`) a client asked for.
 * We answer JSON or YAML; a client that accepts only protobuf gets 406, one that prefers
 * protobuf but also takes JSON gets JSON — as kubectl and client-go expect.
 */
import { newNotAcceptable } from '../../../api/errors/errors.js';

export type OutputForm = 'object' | 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList';

export interface Negotiated {
  /** The media type written in Content-Type. */
  mediaType: 'application/json' | 'application/yaml';
  form: OutputForm;
}

interface MediaRange {
  type: string;
  params: Map<string, string>;
  q: number;
}

const json: Negotiated = { mediaType: 'application/json', form: 'object' };
const decided = new Map<string, Negotiated>();
/** Bounds the cache: a client inventing Accept headers cannot grow it without limit. */
const maxDecided = 256;

/**
 * Picks the response form from an Accept header. `list` says whether the request returns a list
 * (PartialObjectMetadataList is offered only then, PartialObjectMetadata only otherwise).
 */
export function negotiateOutput(accept: string | undefined, list: boolean): Negotiated {
  if (!accept || accept === '*/*') return json;
  // Clients send the same few Accept headers over and over: decide each once.
  const key = list ? `L${accept}` : `O${accept}`;
  const known = decided.get(key);
  if (known) return known;
  for (const range of parseAccept(accept)) {
    const chosen = accepted(range, list);
    if (chosen) {
      if (decided.size >= maxDecided) decided.clear();
      decided.set(key, chosen);
      return chosen;
    }
  }
  throw newNotAcceptable('only the following media types are accepted: application/json, application/yaml');
}

function accepted(range: MediaRange, list: boolean): Negotiated | undefined {
  const { type, params } = range;
  const mediaType =
    type === 'application/yaml'
      ? 'application/yaml'
      : type === 'application/json' || type === '*/*' || type === 'application/*'
        ? 'application/json'
        : undefined;
  if (!mediaType || range.q === 0) return undefined;
  const as = params.get('as');
  if (as === undefined) return params.has('g') || params.has('v') ? undefined : { mediaType, form: 'object' };
  if (params.get('g') !== 'meta.k8s.io' || !['v1', 'v1beta1'].includes(params.get('v') ?? '')) return undefined;
  if (as === 'Table') return { mediaType, form: 'Table' };
  if (as === 'PartialObjectMetadata' && !list) return { mediaType, form: 'PartialObjectMetadata' };
  if (as === 'PartialObjectMetadataList' && list) return { mediaType, form: 'PartialObjectMetadataList' };
  return undefined;
}

/** Media ranges in preference order: by q, then as written. */
export function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [typeText, ...paramTexts] = part.split(';');
    const type = (typeText ?? '').trim().toLowerCase();
    if (type === '') continue;
    const params = new Map<string, string>();
    let q = 1;
    for (const p of paramTexts) {
      const eq = p.indexOf('=');
      if (eq < 0) continue;
      const key = p.slice(0, eq).trim().toLowerCase();
      const value = p
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, '');
      if (key === 'q') q = Number(value) || 0;
      else params.set(key, value);
    }
    ranges.push({ type, params, q });
  }
  return ranges
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.q - a.r.q || a.i - b.i)
    .map(({ r }) => r);
}
