/**
 * Decoding a watch response (mirrors client-go rest/watch + apimachinery watch.StreamWatcher):
 * the body is a stream of JSON watch events, one per line, as the apiserver frames them. Events
 * are parsed one at a time as bytes arrive, so a long watch holds only the current line.
 */
import { StringDecoder } from 'node:string_decoder';
import { StatusError } from '../../api/errors/errors.js';
import type { Status, WatchEventType } from '../../apis/meta/v1/types.js';
import { isStatus } from './errors.js';

/** A decoded event; ERROR events never appear here: the stream throws them as StatusError. */
export interface WatchEvent<T> {
  type: Exclude<WatchEventType, 'ERROR'>;
  object: T;
}

export interface WatchStream<T> extends AsyncIterable<WatchEvent<T>> {
  /** Ends the watch: the iteration finishes without an error. Idempotent. */
  stop(): void;
}

/** The body of a watch response: anything yielding byte chunks (undici's body is). */
export type ByteStream = AsyncIterable<Uint8Array>;

export function decodeWatchStream<T>(body: ByteStream, controller: AbortController): WatchStream<T> {
  return {
    stop: () => controller.abort(),
    [Symbol.asyncIterator]: () => iterate<T>(body, controller),
  };
}

async function* iterate<T>(body: ByteStream, controller: AbortController): AsyncGenerator<WatchEvent<T>> {
  const decoder = new StringDecoder('utf8');
  let buffered = '';
  try {
    for await (const chunk of body) {
      buffered += decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) yield parseEvent<T>(line);
        newline = buffered.indexOf('\n');
      }
    }
    const rest = (buffered + decoder.end()).trim();
    if (rest) yield parseEvent<T>(rest);
  } catch (err) {
    if (err instanceof StatusError || err instanceof WatchDecodeError) throw err;
    // stop() aborts the body: that is the end of the watch, not a failure. A connection cut
    // mid-stream ends the watch too (client-go's StreamWatcher treats a reset as EOF): the caller
    // watches again from the last resourceVersion it saw, and nothing is lost.
    if (controller.signal.aborted || isConnectionCut(err)) return;
    throw err;
  } finally {
    controller.abort();
  }
}

function isConnectionCut(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED';
}

/** The stream carried something that is not a watch event. */
export class WatchDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WatchDecodeError';
  }
}

const eventTypes: ReadonlySet<string> = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

function parseEvent<T>(line: string): WatchEvent<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    throw new WatchDecodeError(`unable to decode watch event: ${err instanceof Error ? err.message : String(err)}`);
  }
  const ev = parsed as { type?: unknown; object?: unknown };
  if (typeof ev !== 'object' || ev === null || typeof ev.type !== 'string' || !eventTypes.has(ev.type)) {
    throw new WatchDecodeError(`unable to decode watch event: unexpected type ${JSON.stringify(ev?.type)}`);
  }
  if (typeof ev.object !== 'object' || ev.object === null) {
    throw new WatchDecodeError(`unable to decode watch event: ${ev.type} event without an object`);
  }
  if (ev.type === 'ERROR') {
    throw new StatusError(isStatus(ev.object) ? ev.object : unknownWatchError(ev.object));
  }
  return { type: ev.type as WatchEvent<T>['type'], object: ev.object as T };
}

function unknownWatchError(object: object): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code: 500,
    reason: 'InternalError',
    message: `an error on the server ("${JSON.stringify(object)}") has prevented the request from succeeding`,
  };
}
