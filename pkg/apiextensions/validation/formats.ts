/**
 * The string formats custom-resource validation checks (apiextensions-apiserver
 * pkg/apiserver/validation/formats.go: the kube-openapi strfmt registry, names normalised by
 * dropping '-'). Formats outside this list are ignored, as upstream strips them from the schema.
 */
import { RE2JS } from 're2js';
import { parseCIDRSloppy, parseIPSloppy } from '../../util/validation/ip.js';

const re = (pattern: string) => {
  const compiled = RE2JS.compile(pattern);
  return (s: string) => compiled.matcher(s).find();
};

const hostname = re(
  String.raw`^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$`,
);
const uuid = re('(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$');
const uuid3 = re('(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$');
const uuid4 = re('(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$');
const uuid5 = re('(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$');
const dateTime = re(String.raw`^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$`);
const localDateTime = re(String.raw`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$`);
const date = re(String.raw`^\d{4}-\d{2}-\d{2}$`);
const goDuration = re(
  String.raw`^[-+]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))*$|^0$`,
);
const scalaDuration = re(
  String.raw`^[-+]?\d+\s*(ns|nanos?|nanoseconds?|us|micros?|microseconds?|ms|millis?|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?|w|wks?|weeks?)$`,
);
const mac = re(
  '^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{2}[:-]){7}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{2}[:-]){19}[0-9A-Fa-f]{2}$|^([0-9A-Fa-f]{4}\\.){2}[0-9A-Fa-f]{4}$|^([0-9A-Fa-f]{4}\\.){3}[0-9A-Fa-f]{4}$|^([0-9A-Fa-f]{4}\\.){9}[0-9A-Fa-f]{4}$',
);
const email = re(String.raw`^[^\s@<>()\[\]\\,;:"]+@[^\s@<>()\[\]\\,;:"]+$`);
const base64 = re('^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$');
const hexColor = re('^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$');
const rgbColor = re(
  String.raw`^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$`,
);
const ssn = re(String.raw`^\d{3}[- ]?\d{2}[- ]?\d{4}$`);
const bsonObjectId = re('^[0-9a-fA-F]{24}$');
const creditCard = re(
  String.raw`^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11}|6[27][0-9]{14})$`,
);

function isValidDate(s: string): boolean {
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** A request URI as Go's url.ParseRequestURI accepts it: absolute, or an absolute path. */
function isRequestURI(s: string): boolean {
  if (s.startsWith('/')) return !/\s/.test(s);
  try {
    const u = new URL(s);
    return u.protocol.length > 1 && !/\s/.test(s);
  } catch {
    return false;
  }
}

function isISBN10(s: string): boolean {
  const d = s.replace(/[\s-]/g, '');
  if (!/^\d{9}[\dX]$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (i + 1) * (d[i] === 'X' ? 10 : Number(d[i]));
  return sum % 11 === 0;
}

function isISBN13(s: string): boolean {
  const d = s.replace(/[\s-]/g, '');
  if (!/^\d{13}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(d[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(d[12]);
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

const checks: Record<string, (s: string) => boolean> = {
  bsonobjectid: bsonObjectId,
  uri: isRequestURI,
  email,
  hostname,
  ipv4: (s) => !s.includes(':') && parseIPSloppy(s)?.is4 === true,
  ipv6: (s) => s.includes(':') && parseIPSloppy(s) !== undefined,
  cidr: (s) => parseCIDRSloppy(s) !== undefined,
  mac,
  uuid,
  uuid3,
  uuid4,
  uuid5,
  isbn: (s) => isISBN10(s) || isISBN13(s),
  isbn10: isISBN10,
  isbn13: isISBN13,
  creditcard: (s) => {
    const digits = s.replace(/[^0-9]/g, '');
    return creditCard(digits) && luhn(digits);
  },
  ssn,
  hexcolor: hexColor,
  rgbcolor: rgbColor,
  byte: base64,
  password: () => true,
  date: (s) => date(s) && isValidDate(s),
  duration: (s) => goDuration(s) || scalaDuration(s),
  datetime: (s) => (dateTime(s) || localDateTime(s)) && isValidDate(s),
};

/** The checker for a schema `format`, or undefined when upstream does not validate that format. */
export function formatChecker(format: string): ((value: string) => boolean) | undefined {
  return checks[format.replaceAll('-', '')];
}
