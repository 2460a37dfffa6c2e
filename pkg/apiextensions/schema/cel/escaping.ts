/**
 * Property-name escaping for CEL (k8s.io/apiserver/pkg/cel/escaping.go): CEL keywords become
 * `__keyword__` (`self.__namespace__`), and `__`, `.`, `-`, `/` inside names become
 * `__underscores__`, `__dot__`, `__dash__`, `__slash__`. Names with other characters, or starting
 * with a digit, cannot be reached from CEL.
 */
const reserved = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

const replacements: Record<string, string> = {
  __: '__underscores__',
  '.': '__dot__',
  '-': '__dash__',
  '/': '__slash__',
};

/** The CEL name of a property, or undefined when it cannot be escaped. */
export function escapeName(ident: string): string | undefined {
  if (ident === '' || /^[0-9]/.test(ident)) return undefined;
  if (reserved.has(ident)) return `__${ident}__`;
  if (!/^[a-zA-Z0-9_./-]+$/.test(ident)) return undefined;
  return ident.replace(/__|[./-]/g, (m) => replacements[m] ?? m);
}
