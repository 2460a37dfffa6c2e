import { afterEach, describe, expect, it } from 'vitest';
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
    expect(lines[0]).toMatch(/^I\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ klog\.test\.ts:\d+\] Serving securely address="0\.0\.0\.0:6443" port=6443\n$/);
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
});
