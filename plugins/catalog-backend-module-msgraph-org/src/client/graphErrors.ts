/** Turns what the Graph client throws into an error that names the request and Graph's code. */
export function graphReadError(what: string, error: unknown): Error {
  const e = error as { statusCode?: number; code?: string; message?: string };
  const status = e?.statusCode !== undefined && e.statusCode !== -1 ? `${e.statusCode} ` : '';
  const code = e?.code ? `${e.code} - ` : '';
  // The client reports a body it could not parse (cut short, reset) as status 200 with no message.
  const message = e?.message || (e?.statusCode === 200 ? 'the response body could not be read (cut short, reset, or not JSON)' : String(error));
  return new Error(`Error while reading ${what} from Microsoft Graph: ${status}${code}${message}`, { cause: error });
}

/** Statuses Graph uses for throttling and transient overload; retried after Retry-After. */
export const RETRIABLE_STATUSES = new Set([429, 503, 504]);

/**
 * Error codes of those statuses. An inner `$batch` response can carry one in
 * a 200 answer; it is retried as its status would be.
 */
export const RETRIABLE_ERROR_CODES = new Set(['toomanyrequests', 'activitylimitreached', 'servicenotavailable', 'serviceunavailable', 'gatewaytimeout', 'timeout']);

/** Graph's `{"error": {"code", "message"}}` in a body, or undefined. */
export function graphErrorOf(body: unknown): { code?: string; message?: string } | undefined {
  const error = (body as { error?: unknown } | null | undefined)?.error;
  return error && typeof error === 'object' ? (error as { code?: string; message?: string }) : undefined;
}

/** Graph's error code and message from a body, for error messages. */
export function errorText(body: unknown): string {
  const error = graphErrorOf(body);
  return error ? `${error.code ?? ''} - ${error.message ?? ''}` : 'no error detail';
}

/** Seconds to wait from a Retry-After value (seconds, possibly fractional, or an HTTP date). */
export function retryAfterSeconds(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, (date - Date.now()) / 1000) : fallback;
}
