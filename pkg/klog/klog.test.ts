import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import * as klog from './klog.js';
import { configure, error, info, v, warning } from './klog.js';

function capture(format: 'text' | 'json', verbosity = 0): string[] {
  const lines: string[] = [];
  configure({ format, verbosity, write: (line) => lines.push(line) });
  return lines;
}

afterEach(() => configure({ format: 'text', verbosity: 0, write: (line) => process.stderr.write(line) }));

describe('klog', () => {
  it('writes klog header, caller, message and quoted pairs', () => {
    const lines = capture('text');
    info('Serving securely', { address: '0.0.0.0:6443', port: 6443 });
    expect(lines[0]).toMatch(
      /^I\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ klog\.test\.ts:\d+\] Serving securely address="0\.0\.0\.0:6443" port=6443\n$/,
    );
  });

  it('gates v(N) lines on verbosity', () => {
    const lines = capture('text', 2);
    v(2).info('shown');
    v(3).info('hidden');
    expect(lines).toHaveLength(1);
    expect(v(3).enabled).toBe(false);
  });

  it('uses W and E severities and records the error', () => {
    const lines = capture('text');
    warning('careful');
    error(new Error('boom'), 'failed', { step: 1 });
    expect(lines[0]).toMatch(/^W/);
    expect(lines[1]).toMatch(/^E.*failed err="boom" step=1\n$/);
  });

  it('writes one JSON object per line in json format', () => {
    const lines = capture('json');
    info('hello', { a: 'b' });
    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(entry).toMatchObject({ msg: 'hello', v: 0, a: 'b' });
    expect(entry.caller).toMatch(/^klog\.test\.ts:\d+$/);
    expect(typeof entry.ts).toBe('number');
  });

  it('leaves v out of JSON error lines, as upstream does', () => {
    const lines = capture('json');
    error(new Error('boom'), 'failed');
    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(entry).toMatchObject({ msg: 'failed', err: 'boom' });
    expect(entry).not.toHaveProperty('v');
  });

  it('names the caller of v(N).info, not the logger', () => {
    const lines = capture('text', 1);
    v(1).info('verbose');
    expect(lines[0]).toMatch(/ klog\.test\.ts:\d+\] verbose\n$/);
  });

  it('quotes a multi-line message so one entry stays one line', () => {
    const lines = capture('text');
    info('two\nlines');
    expect(lines[0]).toMatch(/\] "two\\nlines"\n$/);
  });

  it('stamps lines with the current wall clock to the microsecond, never going backwards', () => {
    const lines = capture('json');
    const before = Date.now() / 1000;
    for (let i = 0; i < 50; i++) info('tick');
    const after = Date.now() / 1000;
    const stamps = lines.map((l) => (JSON.parse(l) as { ts: number }).ts);
    expect(stamps[0]).toBeGreaterThanOrEqual(before - 0.002);
    expect(stamps.at(-1)).toBeLessThanOrEqual(after + 0.002);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThanOrEqual(stamps[i - 1] ?? 0);
  });
});

describe('runWithLogger', () => {
  it('keeps the logs of code run under it — and of everything it starts — apart from the process-wide sink', async () => {
    const global: string[] = [];
    const scopedLines: string[] = [];
    klog.configure({ write: (line) => global.push(line), verbosity: 0, format: 'text' });
    const server = createServer((_req, res) => {
      klog.info('handled a request');
      res.end('ok');
    });
    await klog.runWithLogger({ write: (line) => scopedLines.push(line), verbosity: 2 }, async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      klog.v(2).info('started');
      setTimeout(() => klog.info('from a timer'), 1);
    });
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    // The request arrives from outside any runWithLogger call: the server's context carries the sink.
    await fetch(`http://127.0.0.1:${address.port}/`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 10));
    server.close();
    klog.info('outside');
    expect(scopedLines.map((l) => l.slice(l.indexOf(']') + 2).trim())).toEqual([
      'started',
      'from a timer',
      'handled a request',
    ]);
    expect(global.map((l) => l.slice(l.indexOf(']') + 2).trim())).toEqual(['outside']);
  });
});
