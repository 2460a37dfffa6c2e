/**
 * An in-process generic API server on 127.0.0.1 with an ephemeral port and generated
 * certificates, for integration tests of the HTTP layer without a child process (like upstream's
 * testserver). The test installs what it wants on `server.mux` before `start()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { unionAuthenticator } from '../../../pkg/authentication/authenticator/interfaces.js';
import { x509Authenticator } from '../../../pkg/authentication/request/x509.js';
import { ensurePKI } from '../../../pkg/controlplane/pki/pki.js';
import { completeConfig } from '../../../pkg/server/config.js';
import { GenericAPIServer, newNotFoundDelegate } from '../../../pkg/server/genericapiserver.js';
import { createListener, newSecureServingInfo } from '../../../pkg/server/secure-serving.js';
import { newChainHandler } from '../../../pkg/admission/chain.js';
import { alwaysAllowAuthorizer } from '../../../pkg/authorization/authorizer/interfaces.js';

export interface TestServer {
  server: GenericAPIServer;
  url: string;
  start(): void;
  request(
    method: string,
    urlPath: string,
    opts?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string; json: unknown }>;
  /** Streams a long-running GET (a watch) line by line until `until` returns true or `timeoutMs` passes. */
  watchLines(urlPath: string, until: (lines: string[]) => boolean, timeoutMs?: number): Promise<string[]>;
  stop(): Promise<void>;
}

export async function newTestServer(): Promise<TestServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hyperkube-it-'));
  const pki = await ensurePKI(dir, ['127.0.0.1', 'localhost']);
  const listener = await createListener('127.0.0.1', 0);
  const config = completeConfig({
    secureServing: newSecureServingInfo(listener, pki.serving, pki.ca.certPEM),
    authenticator: unionAuthenticator([x509Authenticator]),
    anonymousAuth: true,
    authorizer: alwaysAllowAuthorizer,
    admission: newChainHandler([]),
    requestTimeoutMs: 10_000,
    maxRequestsInFlight: 400,
    maxMutatingRequestsInFlight: 200,
    shutdownDelayDurationMs: 0,
    shutdownTimeoutMs: 2_000,
    healthChecks: [],
  });
  const server = new GenericAPIServer('test', config, newNotFoundDelegate());
  const stop = new AbortController();
  let running: Promise<void> | undefined;
  const url = `https://127.0.0.1:${config.secureServing.port}`;
  const agent = new Agent({ connect: { ca: pki.ca.certPEM, cert: pki.admin.certPEM, key: pki.admin.keyPEM } });
  return {
    server,
    url,
    start: () => {
      running = server.prepareRun().run(stop.signal);
    },
    request: async (method, urlPath, opts = {}) => {
      const headers: Record<string, string> = { ...opts.headers };
      let body: string | undefined;
      if (opts.body !== undefined) {
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await request(`${url}${urlPath}`, { method: method as 'GET', headers, body, dispatcher: agent });
      const text = await res.body.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.statusCode, headers: res.headers, text, json };
    },
    watchLines: async (urlPath, until, timeoutMs = 20_000) => {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      const lines: string[] = [];
      try {
        const res = await request(`${url}${urlPath}`, { method: 'GET', dispatcher: agent, signal: abort.signal });
        let pending = '';
        for await (const chunk of res.body) {
          pending += Buffer.from(chunk as Uint8Array).toString('utf8');
          const parts = pending.split('\n');
          pending = parts.pop() ?? '';
          lines.push(...parts.filter((l) => l !== ''));
          if (until(lines)) break;
        }
      } catch (err) {
        if (!abort.signal.aborted) throw err;
      } finally {
        clearTimeout(timer);
        abort.abort();
      }
      return lines;
    },
    stop: async () => {
      stop.abort();
      await running;
      await agent.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
