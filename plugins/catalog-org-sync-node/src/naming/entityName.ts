import { createHash } from 'node:crypto';

/** The catalog's limit for `metadata.name`. @public */
export const MAX_ENTITY_NAME_LENGTH = 63;
const HASH_LENGTH = 8;
const VALID_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]{0,61}[a-zA-Z0-9])?$/;

/** True when the catalog accepts `name` as `metadata.name` as it is. @public */
export function isValidEntityName(name: string): boolean {
  return name.length <= MAX_ENTITY_NAME_LENGTH && VALID_NAME.test(name);
}

/** A short hash of `text`, stable across runs and machines. @public */
export function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, HASH_LENGTH);
}

/**
 * Makes `raw` a valid entity name. A name that is already valid is returned
 * unchanged (so names the official modules produce stay as they are);
 * otherwise diacritics are folded, other characters become `-`, ends are
 * trimmed to alphanumerics, and an over-long name keeps its first characters
 * plus a hash of the whole raw value so distinct long names stay distinct.
 *
 * @public
 */
export function toValidEntityName(raw: string): string {
  if (isValidEntityName(raw)) return raw;
  let name = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-zA-Z0-9_.-]+/g, '-')
    .replace(/[-_.]{2,}/g, match => match[0])
    .replace(/^[^a-zA-Z0-9]+|[^a-zA-Z0-9]+$/g, '');
  if (!name) return `x-${shortHash(raw)}`;
  if (name.length > MAX_ENTITY_NAME_LENGTH) name = withSuffix(name, shortHash(raw));
  return name;
}

/** `name` shortened as needed and suffixed with `-suffix`, still valid. @public */
export function withSuffix(name: string, suffix: string): string {
  const room = MAX_ENTITY_NAME_LENGTH - suffix.length - 1;
  const head = name.slice(0, room).replace(/[^a-zA-Z0-9]+$/, '');
  return head ? `${head}-${suffix}` : `x-${suffix}`;
}
