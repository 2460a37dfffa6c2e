/**
 * Resolves when `signal` aborts (at once if it already has). A pending promise alone does not keep
 * Node running, and signal listeners do not either, so a timer holds the event loop open until
 * then: otherwise a component with nothing else to do would exit (code 13) instead of waiting.
 */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  const keepAlive = setInterval(() => {}, 2 ** 30);
  return new Promise((resolve) =>
    signal.addEventListener(
      'abort',
      () => {
        clearInterval(keepAlive);
        resolve();
      },
      { once: true },
    ),
  );
}

/**
 * Waits `ms`, or less if `signal` aborts first: resolves true when the full time passed, false
 * when the signal aborted (at once if it already had). Never rejects, so a loop can be written
 * `while (await sleep(interval, signal)) …`. The timer is cleared on abort.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
