import { afterEach, describe, expect, it } from 'vitest';
import { applyLogOptions, parseVerbosity, validateLogOptions } from './flags.js';
import { configure, info, verbosity } from './klog.js';

afterEach(() => configure({ format: 'text', verbosity: 0, write: (line) => process.stderr.write(line) }));

describe('parseVerbosity', () => {
  it.each([
    [0, 0],
    ['7', 7],
    [2147483647, 2147483647],
    [[1, '3'], 3],
  ])('accepts %j', (value, level) => {
    expect(parseVerbosity(value)).toBe(level);
  });

  it.each([-1, '-1', 'abc', '1.5', 1.5, '', ' 2', '0x10', 2147483648, true])(
    'rejects %j naming the given value',
    (value) => {
      expect(() => parseVerbosity(value)).toThrow(
        `invalid argument ${JSON.stringify(String(value))} for "-v, --v" flag`,
      );
    },
  );
});

describe('validateLogOptions', () => {
  it('accepts both formats', () => {
    expect(validateLogOptions({ v: 0, 'logging-format': 'text' })).toEqual([]);
    expect(validateLogOptions({ v: 3, 'logging-format': 'json' })).toEqual([]);
  });

  it('reports every problem in upstream field-error wording', () => {
    expect(validateLogOptions({ v: -2, 'logging-format': 'xml' })).toEqual([
      'format: Invalid value: "xml": Unsupported log format',
      'verbosity: Invalid value: -2: must be an integer from 0 to 2147483647',
    ]);
  });
});

describe('applyLogOptions', () => {
  it('switches the process logger to the chosen format and verbosity', () => {
    const lines: string[] = [];
    configure({ write: (line) => lines.push(line) });
    applyLogOptions({ v: 4, 'logging-format': 'json' });
    info('hi');
    expect(verbosity()).toBe(4);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ msg: 'hi' });
  });

  it('throws without touching the logger when an option is invalid', () => {
    expect(() => applyLogOptions({ v: 4, 'logging-format': 'xml' })).toThrow(
      'format: Invalid value: "xml": Unsupported log format',
    );
    expect(verbosity()).toBe(0);
  });
});
