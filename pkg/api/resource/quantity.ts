/**
 * resource.Quantity (k8s.io/apimachinery/pkg/api/resource): parse, compare and print quantities
 * such as `500m`, `1.5Gi`, `2e3`. Values are exact rationals (BigInt), so comparisons never lose
 * precision. Printing follows upstream's canonical form, which is what clients read back after a
 * write: `0.5` → `500m`, `1024Mi` → `1Gi`, `1500` → `1500`, anything finer than 1n rounds up to 1n.
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** value = num / den, den > 0, reduced. */
  num: bigint;
  den: bigint;
  /** The notation the value was written in, kept when printing (upstream's Format). */
  format: QuantityFormat;
}

/** Upstream's ErrFormatWrong text. */
export const quantityFormatError =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const quantityRegexp = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(.*)$/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function make(num: bigint, den: bigint, format: QuantityFormat): Quantity {
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g, format };
}

/** Parses a quantity string (or a JSON number). Returns undefined when it is not a quantity. */
export function parseQuantity(input: string | number): Quantity | undefined {
  const text = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : input.trim();
  const m = quantityRegexp.exec(text);
  if (!m) return undefined;
  const [, sign = '', digits = '', suffix = ''] = m;
  const [intPart = '', fracPart = ''] = digits.split('.');
  let num = BigInt(`${intPart}${fracPart}` || '0');
  let den = 10n ** BigInt(fracPart.length);
  let format: QuantityFormat;
  if (suffix in binarySuffixes) {
    num *= 1024n ** BigInt(binarySuffixes[suffix] ?? 0);
    format = 'BinarySI';
  } else if (suffix in decimalSuffixes) {
    const exp = decimalSuffixes[suffix] ?? 0;
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
    format = 'DecimalSI';
  } else {
    const e = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
    if (!e) return undefined;
    const exp = Number(e[1]);
    if (!Number.isSafeInteger(exp) || Math.abs(exp) > 1000) return undefined;
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
    format = 'DecimalExponent';
  }
  return make(sign === '-' ? -num : num, den, format);
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compareQuantity(a: Quantity, b: Quantity): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

function ceilDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n > 0n ? q + 1n : q;
}

/** The value rounded up to an integer (upstream Value()). */
export function quantityValue(q: Quantity): bigint {
  return ceilDiv(q.num, q.den);
}

/** The value in thousandths, rounded up (upstream MilliValue()). */
export function quantityMilliValue(q: Quantity): bigint {
  return ceilDiv(q.num * 1000n, q.den);
}

/** Rounds up to a multiple of 10^scale (upstream RoundUp(scale)); resource lists use scale -3. */
export function roundUpQuantity(q: Quantity, scale: number): Quantity {
  const unitNum = scale >= 0 ? 10n ** BigInt(scale) : 1n;
  const unitDen = scale >= 0 ? 1n : 10n ** BigInt(-scale);
  // units = ceil(value / unit)
  const units = ceilDiv(q.num * unitDen, q.den * unitNum);
  return make(units * unitNum, unitDen, q.format);
}

const decimalSuffixByExp = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]));

/** The canonical string upstream serializes (Quantity.String()). */
export function formatQuantity(q: Quantity): string {
  const negative = q.num < 0n;
  const abs = negative ? -q.num : q.num;
  if (abs === 0n) return '0';
  const sign = negative ? '-' : '';
  if (q.format === 'BinarySI' && abs >= 1024n * q.den && abs % q.den === 0n) {
    let v = abs / q.den;
    let k = 0;
    while (k < 6 && v % 1024n === 0n) {
      v /= 1024n;
      k++;
    }
    return `${sign}${v}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][k] ?? ''}`;
  }
  // Decimal: nano precision (rounded away from zero, as upstream), exponent a multiple of 3.
  let mantissa = ceilDiv(abs * 1_000_000_000n, q.den);
  let exp = -9;
  while (mantissa % 1000n === 0n && exp < 18) {
    mantissa /= 1000n;
    exp += 3;
  }
  if (q.format === 'DecimalExponent') return `${sign}${mantissa}${exp === 0 ? '' : `e${exp}`}`;
  return `${sign}${mantissa}${decimalSuffixByExp.get(exp) ?? `e${exp}`}`;
}

/** Parses and prints in canonical form; undefined for a malformed quantity. */
export function canonicalQuantity(input: string | number): string | undefined {
  const q = parseQuantity(input);
  return q ? formatQuantity(q) : undefined;
}
