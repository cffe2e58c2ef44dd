/** The error an aborted signal stands for: its reason when that is an Error. @alpha */
export function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  return reason instanceof Error ? reason : new Error('the read was aborted');
}

/**
 * A signal that aborts when `signal` does or after `timeoutMs`, whichever is
 * first: one request's budget inside a run. Its reason names the request and
 * the setting, so a hung or trickling response ends with a message an
 * operator can act on.
 *
 * @alpha
 */
export function requestSignal(signal: AbortSignal | undefined, timeoutMs: number, what: string, setting = 'requestTimeout'): AbortSignal {
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new Error(`${what} did not complete within ${timeoutMs} ms (${setting}); the run stops and the catalog keeps what it had`)),
    timeoutMs,
  );
  timer.unref?.();
  const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
  combined.addEventListener('abort', () => clearTimeout(timer), { once: true });
  return combined;
}
