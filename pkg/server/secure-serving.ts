/**
 * HTTPS serving (mirrors apiserver's server/secure_serving.go). The listener is opened early, at
 * config time, so "port in use" fails the start before anything else happens; `serve` attaches
 * the TLS server to it, and `runServer` owns the graceful close.
 */
import https from 'node:https';
import type { Socket } from 'node:net';
import type { HandlerFunc } from './mux/mux.js';
import * as klog from '../klog/klog.js';

export interface ServingCertificate {
  certPEM: string;
  keyPEM: string;
}

export interface SecureServingInfo {
  /** The TLS server, already listening; it answers nothing until `serve` gives it a certificate and a handler. */
  listener: https.Server;
  /** host:port the listener is bound to (the real port when 0 was asked). */
  address: string;
  port: number;
  cert: ServingCertificate;
  /** PEM bundle of CAs whose client certificates are accepted. */
  clientCA: string;
  /** Runs `handler` on the listener until `stopSignal` aborts; see runServer. */
  serve(handler: HandlerFunc, shutdownTimeoutMs: number, stopSignal: AbortSignal): ServingResult;
}

export interface ServingResult {
  /** Resolves when the listener is closed: no new connections are accepted from then on. */
  listenerStopped: Promise<void>;
  /** Resolves when every connection is closed (or was cut after the shutdown timeout). */
  stopped: Promise<void>;
}

/**
 * Opens the listener: `failed to listen on 0.0.0.0:6443: address already in use` is the error a
 * user sees when the port is taken. The listener is the HTTPS server itself, so Node tracks its
 * connections (idle keep-alive ones can be closed at shutdown); certificates come later, in serve.
 */
export async function createListener(bindAddress: string, port: number): Promise<https.Server> {
  const server = https.createServer({
    minVersion: 'TLSv1.2',
    // Ask for a client certificate but let the request through without one (or with a bad one):
    // the authentication filter decides, so a bad certificate gets a 401 Status instead of a
    // failed handshake, as with upstream.
    requestCert: true,
    rejectUnauthorized: false,
    // Upstream offers h2 and http/1.1; we serve HTTP/1.1, which every client speaks.
    ALPNProtocols: ['http/1.1'],
    keepAliveTimeout: 60_000,
    // Node's default 300 s request timeout would cut long watches; timeouts are ours to apply.
    requestTimeout: 0,
    headersTimeout: 60_000,
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      const why =
        err.code === 'EADDRINUSE'
          ? 'address already in use'
          : err.code === 'EACCES'
            ? 'permission denied'
            : err.code === 'EADDRNOTAVAIL'
              ? 'cannot assign requested address'
              : err.message;
      reject(new Error(`failed to listen on ${joinHostPort(bindAddress, port)}: ${why}`));
    };
    server.once('error', onError);
    server.listen({ host: bindAddress, port, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  return server;
}

export function newSecureServingInfo(
  listener: https.Server,
  cert: ServingCertificate,
  clientCA: string,
): SecureServingInfo {
  const bound = listener.address();
  if (!bound || typeof bound === 'string') throw new Error('listener has no TCP address');
  const info: SecureServingInfo = {
    listener,
    address: joinHostPort(bound.address, bound.port),
    port: bound.port,
    cert,
    clientCA,
    serve: (handler, shutdownTimeoutMs, stopSignal) => {
      listener.setSecureContext({ cert: cert.certPEM, key: cert.keyPEM, ca: clientCA });
      listener.on('request', (req, res) => void handler(req, res));
      klog.info('Serving securely on', { address: info.address });
      return runServer(listener, shutdownTimeoutMs, stopSignal);
    },
  };
  return info;
}

/**
 * Serves until `stopSignal` aborts, then closes the listener at once and lets open connections
 * finish: idle keep-alive connections are closed now, busy ones after their current response (the
 * wait-group filter marks it `Connection: close`). Whatever is still open after
 * `shutdownTimeoutMs` is cut.
 */
export function runServer(server: https.Server, shutdownTimeoutMs: number, stopSignal: AbortSignal): ServingResult {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', (err) => klog.v(4).info('TLS handshake error', { err: err.message }));

  let markListenerStopped!: () => void;
  const listenerStopped = new Promise<void>((resolve) => (markListenerStopped = resolve));
  const stopped = new Promise<void>((resolve) => {
    const onStop = (): void => {
      // close() stops accepting and, since Node 19, closes idle keep-alive connections too.
      server.close(() => undefined);
      markListenerStopped();
      const deadline = setTimeout(() => {
        if (sockets.size > 0)
          klog.warning('Shutdown timeout reached, closing remaining connections', { connections: sockets.size });
        for (const s of sockets) s.destroy();
      }, shutdownTimeoutMs);
      // Connections turn idle as their last response finishes; sweep until none remain.
      const sweep = setInterval(() => {
        server.closeIdleConnections();
        if (sockets.size === 0) {
          clearInterval(sweep);
          clearTimeout(deadline);
          resolve();
        }
      }, 50);
    };
    if (stopSignal.aborted) onStop();
    else stopSignal.addEventListener('abort', onStop, { once: true });
  });
  return { listenerStopped, stopped };
}

export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
