/**
 * Static bearer tokens from `--token-auth-file` (mirrors apiserver's token/tokenfile): a CSV file
 * with lines `token,user,uid[,"group1,group2,…"]`; blank lines and lines starting with '#' are
 * skipped, as upstream does.
 */
import { readFileSync } from 'node:fs';
import type { UserInfo } from '../user/user.js';

export type TokenAuthenticator = (token: string) => UserInfo | undefined;

export function loadTokenFile(path: string): TokenAuthenticator {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`failed to read token file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return newTokenAuthenticator(parseTokenCSV(text, path));
}

export function newTokenAuthenticator(tokens: ReadonlyMap<string, UserInfo>): TokenAuthenticator {
  return (token) => tokens.get(token);
}

export function parseTokenCSV(text: string, source: string): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = splitCSVLine(line);
    if (fields.length < 3) {
      throw new Error(
        `token file ${source}, line ${i + 1}: expected at least 3 columns (token,user,uid), got ${fields.length}`,
      );
    }
    const [token = '', name = '', uid = '', groups = ''] = fields;
    if (token === '') throw new Error(`token file ${source}, line ${i + 1}: empty token`);
    if (tokens.has(token)) throw new Error(`token file ${source}, line ${i + 1}: duplicate token`);
    tokens.set(token, { name, uid, groups: groups === '' ? [] : groups.split(',').map((g) => g.trim()) });
  });
  return tokens;
}

/** RFC 4180 fields: commas separate, double quotes enclose, "" is a literal quote. */
function splitCSVLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}
