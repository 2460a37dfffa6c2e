import { describe, expect, it } from 'vitest';
import { Path } from './field/errors.js';
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isDomainPrefixedPath,
  isFullyQualifiedDomainName,
  isHTTPHeaderName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidGroupID,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
} from './validation.js';

const root = Path.root('f');

describe('DNS names', () => {
  it('accepts RFC 1123 labels and rejects everything else', () => {
    for (const ok of ['a', 'a-1', 'a--1--2--b', '0', '1-a', 'x'.repeat(63)]) expect(isDNS1123Label(ok)).toEqual([]);
    for (const bad of ['', 'A', 'a-', '-a', 'a_b', 'a b', 'x'.repeat(64)])
      expect(isDNS1123Label(bad).length).toBeGreaterThan(0);
  });

  it('says "must not contain dots" for a subdomain used as a label', () => {
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
  });

  it('uses upstream wording with examples and the regex for a bad label', () => {
    expect(isDNS1123Label('Foo')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('uses upstream wording for a bad subdomain', () => {
    expect(isDNS1123Subdomain('Bad_Name')).toEqual([
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });

  it('reports both the length and the pattern when a subdomain is too long and malformed', () => {
    const errs = isDNS1123Subdomain(`${'a'.repeat(253)}-`);
    expect(errs[0]).toBe('must be no more than 253 characters');
    expect(errs).toHaveLength(2);
    expect(isDNS1123Subdomain('a.b.c-d.e')).toEqual([]);
    expect(isDNS1123Subdomain('a..b')).toHaveLength(1);
  });

  it('requires DNS-1035 labels to start with a letter', () => {
    expect(isDNS1035Label('abc-123')).toEqual([]);
    expect(isDNS1035Label('1abc')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('accepts one leading wildcard label only', () => {
    expect(isWildcardDNS1123Subdomain('*.example.com')).toEqual([]);
    for (const bad of ['*.*.bar.com', '*bar.com', 'f*.bar.com', '*'])
      expect(isWildcardDNS1123Subdomain(bad).length).toBe(1);
  });

  it('checks fully qualified domain names by segment count', () => {
    expect(isFullyQualifiedDomainName(root, 'k8s.io.')).toEqual([]);
    expect(isFullyQualifiedDomainName(root, 'com').length).toBe(1);
  });

  it('checks domain-prefixed paths', () => {
    expect(isDomainPrefixedPath(root, 'k8s.io/foo/bar')).toEqual([]);
    expect(isDomainPrefixedPath(root, 'com').map(String)).toEqual([
      'f: Invalid value: "com": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
    expect(isDomainPrefixedPath(root, 'a.b/foo?a=b').length).toBe(1);
    expect(isDomainPrefixedPath(root, 'Bad_host/foo').length).toBe(1);
  });
});

describe('qualified names and label values', () => {
  it('accepts optional DNS prefixes and mixed-case names', () => {
    for (const ok of [
      'simple',
      'example.com/Uppercase_Is_OK_123',
      '1.2.3.4/5678',
      `${'a'.repeat(253)}/${'b'.repeat(63)}`,
    ])
      expect(isQualifiedName(ok)).toEqual([]);
  });

  it('explains each broken part', () => {
    expect(isQualifiedName('example.com/')).toEqual([
      'name part must be non-empty',
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(isQualifiedName('/simple')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('Example.com/abc')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
    expect(isQualifiedName('a'.repeat(64))[0]).toBe('name part must be no more than 63 characters');
    expect(isQualifiedName('only/one/slash')[0]).toMatch(
      /^a valid label key must consist of .* with an optional DNS subdomain prefix and '\/' \(e.g. 'example.com\/MyName'\)$/,
    );
  });

  it('allows empty label values but not leading dashes or non-ASCII', () => {
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('end-with-num-1')).toEqual([]);
    expect(isValidLabelValue('-x')).toEqual([
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
    expect(isValidLabelValue('Māori').length).toBe(1);
    expect(isValidLabelValue('a'.repeat(64))[0]).toBe('must be no more than 63 characters');
  });
});

describe('ports and numbers', () => {
  it('accepts ports 1..65535 only', () => {
    expect(isValidPortNum(1)).toEqual([]);
    expect(isValidPortNum(65535)).toEqual([]);
    for (const bad of [0, -1, 65536, 1.5])
      expect(isValidPortNum(bad)).toEqual(['must be between 1 and 65535, inclusive']);
  });

  it('checks IANA port names', () => {
    for (const ok of ['http', 're-mail-ck', 'a-1', '1-a']) expect(isValidPortName(ok)).toEqual([]);
    expect(isValidPortName('12345')).toEqual(['must contain at least one letter (a-z)']);
    expect(isValidPortName('two--hyphens')).toEqual(['must not contain consecutive hyphens']);
    expect(isValidPortName('end-')).toEqual(['must not begin or end with a hyphen']);
    expect(isValidPortName('longerthan15characters')[0]).toBe('must be no more than 15 characters');
    expect(isValidPortName('whois++')[0]).toBe(
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    );
  });

  it('checks percents, IDs and header names', () => {
    expect(isValidPercent('25%')).toEqual([]);
    expect(isValidPercent('2.5%').length).toBe(1);
    expect(isValidGroupID(0xffffffff)).toEqual([]);
    expect(isValidGroupID(-1)).toEqual(['must be between 0 and 4294967295, inclusive']);
    expect(isHTTPHeaderName('X-Forwarded-For')).toEqual([]);
    expect(isHTTPHeaderName('Host:').length).toBe(1);
  });
});

describe('keys and env names', () => {
  it('checks ConfigMap keys including the dot rules', () => {
    for (const ok of ['a', '.so.is.this', 'THIS_IS_GOOD']) expect(isConfigMapKey(ok)).toEqual([]);
    expect(isConfigMapKey('.')).toEqual(["must not be '.'"]);
    expect(isConfigMapKey('..')).toEqual(["must not be '..'"]);
    expect(isConfigMapKey('..bad')).toEqual(["must not start with '..'"]);
    expect(isConfigMapKey('b*d')).toEqual([
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  it('checks relaxed env var names', () => {
    expect(isRelaxedEnvVarName('0 a')).toEqual([]);
    expect(isRelaxedEnvVarName('a=b')).toEqual([
      "a valid environment variable name must consist only of printable ASCII characters other than '='",
    ]);
    expect(isRelaxedEnvVarName('')).toEqual(['environment variable name must be non-empty']);
  });
});
