/**
 * Request routing inside one GenericAPIServer (mirrors apiserver's server/mux PathRecorderMux and
 * APIServerHandler): exact paths and path prefixes this server serves, and everything else handed
 * to the delegate — the next server in the chain, ending in a Status 404. A leaf package (it needs
 * only Node's http types), so the endpoints layer can route without importing the generic server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type HandlerFunc = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Wraps a handler with one concern (authentication, timeouts, …). */
export type Filter = (next: HandlerFunc) => HandlerFunc;

export class PathRecorderMux {
  private readonly exact = new Map<string, HandlerFunc>();
  /** Longest prefix first, so /apis/apps/ wins over /apis/. */
  private prefixes: Array<[string, HandlerFunc]> = [];

  constructor(
    readonly name: string,
    private notFound: HandlerFunc,
  ) {}

  /** Serves exactly `path`. Registering a path twice is a programming error. */
  handle(path: string, handler: HandlerFunc): void {
    if (this.exact.has(path)) throw new Error(`${this.name}: path ${path} is registered twice`);
    this.exact.set(path, handler);
  }

  /** Serves `prefix` (which ends in '/') and everything below it. */
  handlePrefix(prefix: string, handler: HandlerFunc): void {
    if (!prefix.endsWith('/')) throw new Error(`${this.name}: prefix ${prefix} must end in /`);
    if (this.prefixes.some(([p]) => p === prefix))
      throw new Error(`${this.name}: prefix ${prefix} is registered twice`);
    this.prefixes = [...this.prefixes, [prefix, handler] as [string, HandlerFunc]].sort(
      (a, b) => b[0].length - a[0].length,
    );
  }

  /** True when this mux (not its delegate) serves `path`. */
  serves(path: string): boolean {
    return this.exact.has(path) || this.prefixes.some(([p]) => path.startsWith(p));
  }

  listedPaths(): string[] {
    return [...this.exact.keys(), ...this.prefixes.map(([p]) => p)].sort();
  }

  setNotFoundHandler(handler: HandlerFunc): void {
    this.notFound = handler;
  }

  readonly serveHTTP: HandlerFunc = (req, res) => {
    const path = pathOf(req);
    const handler = this.exact.get(path) ?? this.prefixes.find(([p]) => path.startsWith(p))?.[1] ?? this.notFound;
    return handler(req, res);
  };
}

/** The URL path without the query string. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
