import { randomBytes } from 'node:crypto';
import { GraphError } from '../errors';

/** Graph's answer when a notification URL fails validation (400 ValidationError). */
function validationFailed(message: string): GraphError {
  return new GraphError(400, 'ValidationError', message);
}

/**
 * Graph's rule for notification URLs: `https:`. The emulator also takes
 * `http:` on loopback hosts, where a test backend listens.
 */
export function checkNotificationUrl(value: unknown, property: string): string {
  if (typeof value !== 'string' || !value) throw new GraphError(400, 'InvalidRequest', `${property} is required.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new GraphError(400, 'InvalidRequest', `${property} '${value}' is not a valid URL.`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new GraphError(400, 'InvalidRequest', `${property} must be an https URL.`);
  }
  return value;
}

/** POSTs to a subscriber's URL; resolves with the status (0 when nothing answered in time) and the body text. */
export async function post(
  url: string,
  body: string | undefined,
  timeoutMs: number,
  contentType = 'application/json; charset=utf-8',
): Promise<{ status: number; text: string; contentType: string }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': body === undefined ? 'text/plain; charset=utf-8' : contentType },
      body: body ?? '',
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') ?? '' };
  } catch {
    return { status: 0, text: '', contentType: '' };
  }
}

/**
 * Graph's validation of a notification URL at creation: a POST with
 * `?validationToken=<token>`, which must be answered within the timeout with
 * 200, `text/plain`, and the token as the body.
 */
export async function validateEndpoint(url: string, timeoutMs: number, record: (status: number) => void): Promise<void> {
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomBytes(8).toString('hex')}`;
  const target = new URL(url);
  target.searchParams.set('validationToken', token);
  const answer = await post(target.toString(), undefined, timeoutMs);
  record(answer.status);
  if (answer.status === 0) throw validationFailed('Subscription validation request timed out.');
  if (answer.status !== 200) {
    throw validationFailed('Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.');
  }
  if (!/^text\/plain/i.test(answer.contentType) || answer.text !== token) {
    throw validationFailed('Subscription validation request failed. Response must exactly match validationToken query parameter.');
  }
}
