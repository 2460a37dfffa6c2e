import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isPretty, newRequestContext, queryOf, requestContextFrom } from './context.js';

function request(url: string, headers: Record<string, string> = {}): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  req.url = url;
  req.method = 'GET';
  req.headers = headers;
  return { req, res: new ServerResponse(req) };
}

describe('the request context', () => {
  it('is created once, with the URL and query parsed once and the user agent kept', () => {
    const { req, res } = request('/api/v1/namespaces/ns/pods?pretty=1&watch=true', { 'user-agent': 'kubectl/v1.33.0' });
    const ctx = newRequestContext(req, res, new AbortController());
    expect(requestContextFrom(req)).toBe(ctx);
    expect(queryOf(req)).toBe(ctx.query);
    expect(ctx.requestInfo).toMatchObject({ verb: 'watch', resource: 'pods', namespace: 'ns' });
    expect(ctx.userAgent).toBe('kubectl/v1.33.0');
    expect(isPretty(req)).toBe(true);
  });

  it('answers the query of a request that never got a context (errors of the outermost filters)', () => {
    const { req } = request('/x?pretty=true');
    expect(isPretty(req)).toBe(true);
    expect(() => requestContextFrom(req)).toThrow('request context missing');
  });
});

describe('warnings', () => {
  it('go out as 299 headers, each once', () => {
    const { req, res } = request('/api');
    const ctx = newRequestContext(req, res, new AbortController());
    ctx.addWarning('spec.foo: deprecated');
    ctx.addWarning('spec.foo: deprecated');
    ctx.addWarning('unknown field "spec.bar"');
    ctx.addWarning('');
    expect(res.getHeader('Warning')).toEqual(['299 - "spec.foo: deprecated"', '299 - "unknown field \\"spec.bar\\""']);
  });

  it('are cut as upstream cuts them once they pass 4096 characters', () => {
    const { req, res } = request('/api');
    const ctx = newRequestContext(req, res, new AbortController());
    for (let i = 0; i < 40; i++) ctx.addWarning(`${String(i).padStart(3, '0')} ${'x'.repeat(400)}`);
    const headers = res.getHeader('Warning') as string[];
    // 10 whole warnings fit; the 11th switches to truncating: all re-sent at 256 characters, then more until 4096.
    const lengths = headers.map((h) => JSON.parse(h.slice('299 - '.length)).length as number);
    expect(lengths.every((n) => n === 256)).toBe(true);
    expect(lengths.length).toBe(16);
    expect(headers[0]).toContain('"000 ');
  });
});
