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
