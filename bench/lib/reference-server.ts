/**
 * The reference every bench compares against: a bare `node:https` server, run as its own Node
 * process like the apiserver bundle, that answers fixed bodies with no routing, no auth and no
 * storage. It is the ceiling for Node on this machine: what the apiserver could reach if its own
 * work cost nothing.
 *
 * The script is written to a temp dir (so it loads nothing but Node's own modules) with a JSON
 * config beside it; `node <dir>/reference-server.mjs <config.json> <port>` serves it.
 *
 * @example
 *   const ref = writeReferenceServer(dir, { ...servingCertificateFrom(apiserverDataDir), routes: { 'GET /readyz': { status: 200, body: 'ok' } } });
 *   const child = startProcess(process.execPath, ref.args(port));
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface FixedResponse {
  status: number;
  body: string;
  contentType?: string;
}

export interface ReferenceConfig {
  certPEM: string;
  keyPEM: string;
  /** Fixed answers keyed by "METHOD /path" (query ignored); anything else gets a 404. */
  routes: Record<string, FixedResponse>;
  /**
   * Watch emulation: a GET of `path` with `watch` in its query stays open (chunked, like a
   * Kubernetes watch); every POST to `path` then writes `event` plus a newline to each open one.
   */
  watch?: { path: string; event: string };
}

export interface ReferenceServer {
  /** The script's path. */
  script: string;
  /** Node arguments that serve the config on `port` (127.0.0.1). */
  args(port: number): string[];
}

/** Writes the script and `config` into `dir`. */
export function writeReferenceServer(dir: string, config: ReferenceConfig): ReferenceServer {
  const script = path.join(dir, 'reference-server.mjs');
  const configFile = path.join(dir, 'reference-config.json');
  writeFileSync(script, referenceScript);
  writeFileSync(configFile, JSON.stringify(config));
  return { script, args: (port) => [script, configFile, String(port)] };
}

/**
 * The serving certificate and key an apiserver generated in `dataDir` (pki/apiserver.*): the
 * reference uses the same key type and chain, so its TLS handshakes cost what the apiserver's do.
 */
export function servingCertificateFrom(dataDir: string): { certPEM: string; keyPEM: string } {
  return {
    certPEM: readFileSync(path.join(dataDir, 'pki', 'apiserver.crt'), 'utf8'),
    keyPEM: readFileSync(path.join(dataDir, 'pki', 'apiserver.key'), 'utf8'),
  };
}

// Plain JavaScript on purpose: it runs as written, with nothing to load but node:https and node:fs.
const referenceScript = `import { readFileSync } from 'node:fs';
import https from 'node:https';

const [configFile, port] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configFile, 'utf8'));
const routes = new Map(Object.entries(config.routes).map(([key, r]) => [key, { ...r, body: Buffer.from(r.body) }]));
const watchers = new Set();
const watchEvent = config.watch ? Buffer.from(config.watch.event + '\\n') : undefined;

const server = https.createServer({ cert: config.certPEM, key: config.keyPEM, keepAliveTimeout: 60_000 }, (req, res) => {
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  if (config.watch && req.method === 'GET' && path === config.watch.path && q >= 0 && /(^|&)watch=/.test(req.url.slice(q + 1))) {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    watchers.add(res);
    res.on('close', () => watchers.delete(res));
    return;
  }
  // Drain the request body before answering, as every real handler must.
  req.resume();
  req.on('end', () => {
    const route = routes.get(req.method + ' ' + path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(route.status, { 'content-type': route.contentType ?? 'application/json', 'content-length': route.body.length });
    res.end(route.body);
    if (watchEvent && req.method === 'POST' && path === config.watch.path) for (const w of watchers) w.write(watchEvent);
  });
});
server.listen(Number(port), '127.0.0.1');
const stop = () => {
  for (const w of watchers) w.end();
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
`;
