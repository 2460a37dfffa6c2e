/**
 * Bench flags: node:util parseArgs plus number checks, with a one-line usage error (exit 2)
 * instead of a stack trace when a flag is wrong.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `process.argv` against `options` (strict); on error prints `usage` and exits 2. */
export function parseFlags<O extends Options>(
  usage: string,
  options: O,
): ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values'] {
  try {
    return parseArgs({ options, strict: true }).values;
  } catch (err) {
    return usageError(usage, err instanceof Error ? err.message : String(err));
  }
}

/** `value` as an integer ≥ `min`, or a usage error naming the flag. */
export function intFlag(usage: string, name: string, value: string | undefined, min = 1): number {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isInteger(n) || n < min)
    return usageError(usage, `--${name} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  return n;
}

/** Prints `error: message` and the usage line, and exits 2. */
export function usageError(usage: string, message: string): never {
  console.error(`error: ${message}\nusage: ${usage}`);
  process.exit(2);
}
