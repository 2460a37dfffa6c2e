/**
 * /healthz, /livez and /readyz (mirrors apiserver's server/healthz): each is a list of named
 * checks. `GET /readyz` answers "ok", or 500 with every check listed when one fails;
 * `?verbose` lists them on success too; `?exclude=name` skips a check; `/readyz/<name>` runs one.
 * Failure reasons stay out of the public response (they are logged), as upstream does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathOf, type PathRecorderMux } from '../mux/mux.js';
import { writePlain } from '../../endpoints/handlers/responsewriters/writers.js';
import * as klog from '../../klog/klog.js';
import { queryOf } from '../../endpoints/request/context.js';

export interface HealthChecker {
  name: string;
  /** Resolves when healthy; rejects (or throws) with the reason when not. */
  check(): void | Promise<void>;
}

export const pingHealthz: HealthChecker = { name: 'ping', check: () => undefined };

/** Reports the log sink broken once a write to stderr has failed. */
export function logHealthz(): HealthChecker {
  let failure: Error | undefined;
  process.stderr.on('error', (err) => {
    failure = err;
  });
  return {
    name: 'log',
    check: () => {
      if (failure) throw new Error(`logging is blocked: ${failure.message}`);
    },
  };
}

/** A check that fails once `signal` aborts: readyz's `shutdown` check. */
export function signalHealthz(name: string, signal: AbortSignal, reason: string): HealthChecker {
  return {
    name,
    check: () => {
      if (signal.aborted) throw new Error(reason);
    },
  };
}

/** Installs `/<name>` and `/<name>/<check>` for `checks` on `mux`. */
export function installPathHandler(mux: PathRecorderMux, name: string, checks: () => readonly HealthChecker[]): void {
  mux.handle(`/${name}`, (req, res) => handleRootHealth(name, checks(), req, res));
  mux.handlePrefix(`/${name}/`, (req, res) => {
    const checkName = pathOf(req).slice(name.length + 2);
    const check = checks().find((c) => c.name === checkName);
    if (!check) {
      writePlain(res, 404, '404 page not found\n');
      return;
    }
    return runCheck(check).then((err) =>
      err ? writePlain(res, 500, `internal server error: ${err.message}\n`) : writePlain(res, 200, 'ok'),
    );
  });
}

async function handleRootHealth(
  name: string,
  checks: readonly HealthChecker[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const query = queryOf(req);
  const excluded = new Set(query.getAll('exclude'));
  const results = await Promise.all(
    checks.filter((c) => !excluded.delete(c.name)).map(async (c) => ({ name: c.name, err: await runCheck(c) })),
  );
  let listing = '';
  const failed: string[] = [];
  let failures = '';
  for (const { name: checkName, err } of results) {
    if (err) {
      listing += `[-]${checkName} failed: reason withheld\n`;
      failures += `[-]${checkName} failed: ${err.message}\n`;
      failed.push(checkName);
    } else {
      listing += `[+]${checkName} ok\n`;
    }
  }
  for (const missing of excluded)
    listing += `warn: some health checks cannot be excluded: no matches for "${missing}"\n`;
  if (failed.length > 0) {
    klog.v(2).info(`${failed.join(',')} check failed: ${name}\n${failures}`);
    writePlain(res, 500, `${listing}${name} check failed\n`);
    return;
  }
  writePlain(res, 200, query.has('verbose') ? `${listing}${name} check passed\n` : 'ok');
}

async function runCheck(check: HealthChecker): Promise<Error | undefined> {
  try {
    await check.check();
    return undefined;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}
