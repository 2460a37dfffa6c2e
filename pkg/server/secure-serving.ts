/**
 * HTTPS serving (mirrors apiserver's server/secure_serving.go). The listener is opened early, at
 * config time, so "port in use" fails the start before anything else happens; `serve` gives it
 * the certificates and the handler, and `runServer` owns the graceful close.
 */
import { constants as cryptoConstants } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import https from 'node:https';
import { Server as NetServer, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import * as klog from '../klog/klog.js';
import { clientErrorResponse, headerReadLimit } from './client-error.js';
import type { HandlerFunc } from './mux/mux.js';
import { servingTLSOptions, type ServingTLSOptions } from '../cli/flag/ciphersuites-flag.js';

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
  /** Minimum version and cipher suites (--tls-min-version, --tls-cipher-suites). */
  tls: ServingTLSOptions;
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
 * user sees when the port is taken. The listener is the HTTPS server itself, so its connections
 * can be tracked for the graceful close; certificates and TLS settings come later, in serve.
 */
export async function createListener(bindAddress: string, port: number): Promise<https.Server> {
  const server = https.createServer({
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
    // Node's default is 16 KiB; upstream accepts a request line and headers up to 1 MiB (long
    // label selectors, many impersonation headers).
    maxHeaderSize: headerReadLimit,
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
  tls: ServingTLSOptions = servingTLSOptions([], ''),
): SecureServingInfo {
  const bound = listener.address();
  if (!bound || typeof bound === 'string') throw new Error('listener has no TCP address');
  const info: SecureServingInfo = {
    listener,
    address: joinHostPort(bound.address, bound.port),
    port: bound.port,
    cert,
    clientCA,
    tls,
    serve: (handler, shutdownTimeoutMs, stopSignal) => {
      // setSecureContext replaces every TLS setting of the listener, so all of them are given here.
      listener.setSecureContext({
        cert: cert.certPEM,
        key: cert.keyPEM,
        ca: clientCA,
        minVersion: tls.minVersion,
        ciphers: tls.ciphers,
        // Go's server picks the suite by its own preference, not the client's.
        honorCipherOrder: true,
        // Go's server refuses renegotiation (it answers a second ClientHello with an alert):
        // renegotiating costs a full handshake the client can ask for as often as it likes.
        secureOptions: cryptoConstants.SSL_OP_NO_RENEGOTIATION,
      });
      for (const name of tls.insecureSuites) klog.warning(`Use of insecure cipher '${name}' detected.`);
      klog.info('Serving securely on', { address: info.address });
      return runServer(listener, handler, shutdownTimeoutMs, stopSignal);
    },
  };
  return info;
}

/**
 * How long a connection must have been idle before the graceful close may close it. Go closes
 * idle connections at once, so a client that sends its next request on a keep-alive connection
 * just as it is closed sees a reset it cannot tell from a lost request; waiting this long first
 * lets every client that is actively sending get one more answer, marked `Connection: close`,
 * and close the connection itself. (Go likewise spares new connections that have not sent their
 * first request yet, for 5 s.)
 */
const idleGraceMs = 1_000;
const sweepIntervalMs = 50;

/** One TLS connection: its responses in flight and, when there are none, since when (and at which byte count) it is idle. */
interface ConnectionState {
  inFlight: number;
  idleSince: number;
  bytesReadAtIdle: number;
}

/**
 * Serves `handler` until `stopSignal` aborts, then shuts down the way Go's http.Server.Shutdown
 * does: the listener closes at once, every response not yet started and every request read from
 * then on is answered with `Connection: close` (so the client closes that connection after the
 * answer and never has a request on it cut), and connections are closed only once idle — no
 * request in flight, nothing arriving, for `idleGraceMs`. Whatever is still open after
 * `shutdownTimeoutMs` is cut.
 */
export function runServer(
  server: https.Server,
  handler: HandlerFunc,
  shutdownTimeoutMs: number,
  stopSignal: AbortSignal,
): ServingResult {
  const sockets = new Set<Socket>();
  const connections = new Map<TLSSocket, ConnectionState>();
  const responses = new Set<ServerResponse>();
  let draining = false;

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    connections.set(socket, { inFlight: 0, idleSince: performance.now(), bytesReadAtIdle: socket.bytesRead });
    socket.once('close', () => connections.delete(socket));
  });
  server.on('tlsClientError', (err) => klog.v(4).info('TLS handshake error', { err: err.message }));
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const state = connections.get(socket as TLSSocket);
    const response = clientErrorResponse(err);
    // An answer can only be written where no other response is under way on the connection.
    if (response !== undefined && socket.writable && (state?.inFlight ?? 0) === 0) socket.end(response);
    else socket.destroy();
    klog.v(4).info('HTTP client error', { err: err.message });
  });
  server.on('request', (req, res) => {
    const state = connections.get(req.socket as TLSSocket);
    responses.add(res);
    if (state) state.inFlight++;
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      responses.delete(res);
      if (!state) return;
      state.inFlight--;
      if (state.inFlight === 0) {
        state.idleSince = performance.now();
        state.bytesReadAtIdle = req.socket.bytesRead;
      }
    });
    void handler(req, res);
  });

  let markListenerStopped!: () => void;
  const listenerStopped = new Promise<void>((resolve) => (markListenerStopped = resolve));
  const stopped = new Promise<void>((resolve) => {
    const onStop = (): void => {
      draining = true;
      for (const res of responses) if (!res.headersSent) res.setHeader('Connection', 'close');
      // net.Server's close stops accepting and nothing more: https.Server's own close would also
      // drop every idle keep-alive connection on the spot, racing requests already on their way.
      NetServer.prototype.close.call(server);
      markListenerStopped();
      const deadline = setTimeout(() => {
        if (sockets.size > 0)
          klog.warning('Shutdown timeout reached, closing remaining connections', { connections: sockets.size });
        for (const s of sockets) s.destroy();
      }, shutdownTimeoutMs);
      const sweep = setInterval(() => {
        const now = performance.now();
        for (const [socket, state] of connections) {
          const receiving = socket.bytesRead !== state.bytesReadAtIdle;
          if (state.inFlight === 0 && !receiving && now - state.idleSince >= idleGraceMs) socket.destroy();
          else if (receiving && state.inFlight === 0) {
            // Bytes of a request arrived but it is not complete yet: it is active, as Go counts it.
            state.idleSince = now;
            state.bytesReadAtIdle = socket.bytesRead;
          }
        }
        if (sockets.size === 0) {
          clearInterval(sweep);
          clearTimeout(deadline);
          resolve();
        }
      }, sweepIntervalMs);
    };
    if (stopSignal.aborted) onStop();
    else stopSignal.addEventListener('abort', onStop, { once: true });
  });
  return { listenerStopped, stopped };
}

export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
