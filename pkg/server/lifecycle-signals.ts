/**
 * Named one-shot events that mark the stages of the server's life (mirrors apiserver's
 * lifecycle_signals.go). Each stage of the shutdown waits on the one before it, and tests and
 * health checks can observe them by name.
 */
export class LifecycleSignal {
  private readonly controller = new AbortController();

  constructor(readonly name: string) {}

  /** Marks the event as happened; later calls do nothing. */
  fire(): void {
    if (!this.controller.signal.aborted) this.controller.abort(new Error(this.name));
  }

  get fired(): boolean {
    return this.controller.signal.aborted;
  }

  /** Aborts when the event happens. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Resolves when the event happens. */
  wait(): Promise<void> {
    if (this.fired) return Promise.resolve();
    return new Promise((resolve) => this.controller.signal.addEventListener('abort', () => resolve(), { once: true }));
  }
}

export interface LifecycleSignals {
  /** The stop signal arrived: /readyz starts failing. */
  shutdownInitiated: LifecycleSignal;
  /** --shutdown-delay-duration has passed since then: load balancers had time to notice. */
  afterShutdownDelayDuration: LifecycleSignal;
  /** The listener is closed: no new connections. */
  notAcceptingNewRequest: LifecycleSignal;
  /** Every non-long-running request that was in flight has finished (or the shutdown timeout passed). */
  inFlightRequestsDrained: LifecycleSignal;
  /** Every connection is closed: the HTTP server has stopped. */
  httpServerStoppedListening: LifecycleSignal;
}

export function newLifecycleSignals(): LifecycleSignals {
  return {
    shutdownInitiated: new LifecycleSignal('ShutdownInitiated'),
    afterShutdownDelayDuration: new LifecycleSignal('AfterShutdownDelayDuration'),
    notAcceptingNewRequest: new LifecycleSignal('NotAcceptingNewRequest'),
    inFlightRequestsDrained: new LifecycleSignal('InFlightRequestsDrained'),
    httpServerStoppedListening: new LifecycleSignal('HTTPServerStoppedListening'),
  };
}
