/**
 * Watches are async generators, but an async generator's return() waits until the generator next
 * reaches a yield: a consumer that stops an idle watch (for-await break, iterator.return()) would
 * wait for the next event. This wrapper gives the generator its own signal, aborted by the outer
 * signal or by return(), so stopping always takes effect at once and `finally` blocks run.
 */
export function abortableIterable<T>(
  signal: AbortSignal,
  start: (signal: AbortSignal) => AsyncGenerator<T, void, undefined>,
): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const stop = new AbortController();
      const onAbort = () => stop.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) stop.abort();
      const inner = start(stop.signal);
      const detach = () => signal.removeEventListener('abort', onAbort);
      return {
        async next() {
          try {
            const r = await inner.next();
            if (r.done) detach();
            return r;
          } catch (err) {
            detach();
            throw err;
          }
        },
        async return() {
          stop.abort();
          detach();
          return inner.return(undefined);
        },
      };
    },
  };
}
