import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a value a caller sent equals a configured secret, compared in
 * constant time whatever the lengths (both sides are hashed first): for
 * push receivers checking a shared secret (Okta's Authorization header,
 * Graph's clientState).
 *
 * @alpha
 */
export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
