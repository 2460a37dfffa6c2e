import { describe, expect, it } from 'vitest';
import { maxNestingDepth } from '../../../util/json/depth.js';
import { DecodeError } from '../errors/errors.js';
import { formatFloat32 } from './convert.js';
import { decodeYAML, maxYAMLNodes } from './yaml.js';

const value = async (text: string): Promise<unknown> => (await decodeYAML(text)).value;
const failure = async (text: string): Promise<string> => {
  const err = await decodeYAML(text).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DecodeError);
  return (err as DecodeError).message;
};

describe('decodeYAML', () => {
  it('reports duplicate keys as go-yaml does, later values winning', async () => {
    const { value, duplicateKeys } = await decodeYAML(
      'metadata:\n  name: a\n  name: b\nspec:\n  paused: true\n  paused: false\n',
    );
    expect(value).toEqual({ metadata: { name: 'b' }, spec: { paused: false } });
    expect(duplicateKeys).toEqual(['line 3: key "name" already set in map', 'line 6: key "paused" already set in map']);
  });

  it('reads YAML 1.1 scalars as go-yaml v2 but keeps timestamps as strings', async () => {
    expect(await value('a: yes\nb: off\nc: 0755\nd: 2001-12-14\ne: "yes"\n')).toEqual({
      a: true,
      b: false,
      c: 493,
      d: '2001-12-14',
      e: 'yes',
    });
  });

  it('reads only the first document', async () => {
    expect(await value('a: 1\n---\nb: 2\n')).toEqual({ a: 1 });
    // go-yaml never reads the second document, so its errors do not count.
    expect(await value('a: 1\n---\nb: [\n')).toEqual({ a: 1 });
  });

  it('treats an empty body as null', async () => {
    expect(await value('')).toBeNull();
  });

  // Regression: the parser ends a document early at some errors and reports them after it;
  // stopping at the first document token accepted this body as `{metadata: {labels: null}}`.
  it('reports errors that the parser places after the first document', async () => {
    expect(await failure('metadata:\n  labels: }\ndata:\n  k: v\n')).toMatch(
      /^error converting YAML to JSON: yaml: line 2: /,
    );
  });

  it('rejects malformed YAML with the line', async () => {
    await expect(decodeYAML('a: [1,\nb: 2')).rejects.toThrow(DecodeError);
    expect(await failure('a: b: c')).toMatch(/^error converting YAML to JSON: yaml: line 1: /);
  });
});

describe('decodeYAML aliases and tags (regression: these were 500s)', () => {
  it('expands aliases into separate copies', async () => {
    const decoded = (await value('a: &x {k: [1]}\nb: *x\n')) as { a: { k: number[] }; b: { k: number[] } };
    expect(decoded).toEqual({ a: { k: [1] }, b: { k: [1] } });
    expect(decoded.b).not.toBe(decoded.a);
  });

  it('refuses an alias to an unknown anchor as go-yaml does', async () => {
    expect(await failure('a: *x\n')).toBe("error converting YAML to JSON: yaml: unknown anchor 'x' referenced");
    // An anchor counts only from where it is set.
    expect(await failure('a: *x\nb: &x 1\n')).toBe(
      "error converting YAML to JSON: yaml: unknown anchor 'x' referenced",
    );
  });

  it('refuses an anchor that contains its own alias (a cycle)', async () => {
    expect(await failure('a: &a [*a]\n')).toBe("error converting YAML to JSON: yaml: anchor 'a' value contains itself");
    expect(await failure('a: &a {<<: *a}\n')).toBe(
      "error converting YAML to JSON: yaml: anchor 'a' value contains itself",
    );
  });

  it('refuses alias bombs by go-yaml ratio rule', async () => {
    // The "billion laughs" pattern from apimachinery's YAML limit tests.
    const levels = ['a: &a [""]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]'];
    for (const [name, prev] of [
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
      ['h', 'g'],
      ['i', 'h'],
    ] as const) {
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    expect(await failure(`${levels.join('\n')}\n`)).toBe(
      'error converting YAML to JSON: yaml: document contains excessive aliasing',
    );
  });

  it('accepts heavy but bounded aliasing, as go-yaml does', async () => {
    const items = Array.from({ length: 150 }, () => '*a').join(',');
    expect(((await value(`a: &a [1]\nb: [${items}]\n`)) as { b: unknown[] }).b).toHaveLength(150);
  });

  it('merges `<<` maps where the key stands, earlier maps in a list winning', async () => {
    expect(await value('base: &b {x: 1, z: 1}\nobj:\n  <<: *b\n  x: 2\n')).toEqual({
      base: { x: 1, z: 1 },
      obj: { x: 2, z: 1 },
    });
    expect(await value('a: &a {k: a}\nb: &b {k: b, only: b}\nobj: {<<: [*a, *b]}\n')).toMatchObject({
      obj: { k: 'a', only: 'b' },
    });
    expect(await failure('obj:\n  <<: 5\n')).toBe(
      'error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value',
    );
    expect(await failure('a: &a [1]\nobj:\n  <<: *a\n')).toBe(
      'error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value',
    );
  });

  it('decodes !!binary to the string go-yaml makes of it', async () => {
    expect(await value('data: !!binary aGVsbG8=\n')).toEqual({ data: 'hello' });
    expect(await value('data: !!binary |\n  aGVs\n  bG8=\n')).toEqual({ data: 'hello' });
    expect(await failure('data: !!binary "not base64!"\n')).toBe(
      'error converting YAML to JSON: yaml: !!binary value contains invalid base64 data',
    );
  });

  it('spells non-string keys as sigs.k8s.io/yaml does and refuses the ones JSON cannot have', async () => {
    expect(await value('1: a\n0x10: b\n1.5: c\ntrue: d\n1e6: e\n.inf: f\n')).toEqual({
      '1': 'a',
      '16': 'b',
      '1.5': 'c',
      true: 'd',
      '1000000': 'e',
      '.inf': 'f',
    });
    expect(await failure('? {a: 1}\n: x\n')).toBe(
      'error converting YAML to JSON: yaml: invalid map key: map[interface {}]interface {}{"a":1}',
    );
    expect(await failure('~: x\n')).toBe(
      'error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: "x"',
    );
  });

  it('refuses NaN and infinities as encoding/json does', async () => {
    expect(await failure('a: .nan\n')).toBe('error converting YAML to JSON: json: unsupported value: NaN');
    expect(await failure('a: -.inf\n')).toBe('error converting YAML to JSON: json: unsupported value: -Inf');
  });

  it('keeps a `__proto__` key as data', async () => {
    const decoded = (await value('__proto__: {polluted: true}\n')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.hasOwn(decoded, '__proto__')).toBe(true);
  });
});

describe('decodeYAML limits (regression: deep bodies crashed or froze the server)', () => {
  it(`refuses nesting deeper than ${maxNestingDepth} levels before composing`, async () => {
    const flat = '['.repeat(maxNestingDepth) + ']'.repeat(maxNestingDepth);
    expect(await value(flat)).toBeDefined();
    expect(await failure(`[${flat}]`)).toBe(
      `error converting YAML to JSON: yaml: exceeded max depth of ${maxNestingDepth}`,
    );
    // Block nesting counts too, and the message names the line, as go-yaml's does.
    const block = Array.from({ length: maxNestingDepth + 1 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    expect(await failure(`${block} 1\n`)).toBe(
      `error converting YAML to JSON: yaml: line ${maxNestingDepth + 1}: exceeded max depth of ${maxNestingDepth}`,
    );
  });

  it('refuses a 3 MiB body of `[` quickly, twice (the first crash came on the second)', async () => {
    const body = '['.repeat(3 * 1024 * 1024);
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      expect(await failure(body)).toMatch(/exceeded max depth of 512$/);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });

  it('refuses aliases that expand deeper than the limit as the JSON decoding of the result would', async () => {
    const half = Math.ceil((maxNestingDepth + 1) / 2);
    const inner = '['.repeat(half) + ']'.repeat(half);
    expect(await failure(`a: &a ${inner}\nb: ${'['.repeat(half)}*a${']'.repeat(half)}\n`)).toBe(
      "couldn't get version/kind; json parse error: invalid character '[' exceeded max depth",
    );
  });

  it(`refuses more than ${maxYAMLNodes} nodes`, async () => {
    expect(await failure(`[${'0,'.repeat(maxYAMLNodes)}0]`)).toBe(
      `error converting YAML to JSON: yaml: document contains more than ${maxYAMLNodes} nodes`,
    );
    expect(await failure('-\n'.repeat(maxYAMLNodes + 1))).toMatch(/document contains more than/);
    expect(await value(`[${'0,'.repeat(1000)}0]`)).toHaveLength(1001);
  });

  it('lets other work run while it tokenizes a large body', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await decodeYAML(`[${'0,'.repeat(maxYAMLNodes)}0]`).catch(() => undefined);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });
});

describe('formatFloat32', () => {
  it.each([
    [1.5, '1.5'],
    [0.1, '0.1'],
    [100000, '100000'],
    [1e6, '1e+06'],
    [123456789, '1.2345679e+08'],
    [0.00001, '1e-05'],
    [Number.NaN, '.nan'],
    [Number.NEGATIVE_INFINITY, '-.inf'],
  ])('formats %d as %s', (f, text) => {
    expect(formatFloat32(f)).toBe(text);
  });
});
