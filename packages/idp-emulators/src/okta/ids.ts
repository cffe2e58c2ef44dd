import { randomInt } from 'node:crypto';
import type { SeededRandom } from '../core';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Okta object-id prefixes: users `00u`, groups `00g`, user types `oty`, OAuth clients `0oa`, event hooks `who`. */
export type OktaIdPrefix = '00u' | '00g' | 'oty' | '0oa' | 'oae' | 'who';

/** A 20-character Okta-style id (`00ub0oNGTSWTBKOLGLNR`), deterministic when `random` is seeded. */
export function oktaId(prefix: OktaIdPrefix, random?: SeededRandom, length = 20): string {
  let out: string = prefix;
  while (out.length < length) out += ALPHABET[random ? random.int(ALPHABET.length) : randomInt(ALPHABET.length)];
  return out;
}

/** A random opaque secret of `length` characters (API tokens, access tokens). */
export function randomSecret(length: number): string {
  let out = '';
  while (out.length < length) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
