/**
 * Mounts the OpenAPI v3 service (pkg/openapi/v3) on a server's mux (mirrors apiserver's
 * server/routes/openapi.go). The documents are built on first use — and warmed up a moment after
 * start — so they never delay the server becoming ready; every answer after that is a lookup.
 */
import type { OpenAPIV3Service } from '../../openapi/v3/service.js';
import { openAPIV3Root } from '../../openapi/v3/service.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathOf, type PathRecorderMux } from '../handler.js';

export function installOpenAPIV3(mux: PathRecorderMux, build: () => Promise<OpenAPIV3Service>): void {
  let service: Promise<OpenAPIV3Service> | undefined;
  const get = (): Promise<OpenAPIV3Service> => (service ??= build());
  // Warm up once start-up is over, so building (tens of ms) neither delays readiness nor the first client.
  setTimeout(() => void get().catch(() => undefined), 1000).unref();
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const answer = (await get()).serve({
      method: req.method ?? 'GET',
      path: pathOf(req),
      query: new URL(req.url ?? '/', 'http://x').searchParams,
      headers: {
        accept: req.headers.accept,
        'if-none-match': req.headers['if-none-match'],
        'if-modified-since': req.headers['if-modified-since'],
      },
    });
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  };
  mux.handle(openAPIV3Root, handler);
  mux.handlePrefix(`${openAPIV3Root}/`, handler);
}
