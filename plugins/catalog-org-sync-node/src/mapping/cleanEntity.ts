import type { Entity } from '@backstage/catalog-model';

/**
 * Limits on what reaches an entity, so one hostile or broken record cannot
 * make a multi-megabyte entity (stored, stitched and served for every query).
 *
 * @public
 */
export const FIELD_LIMITS = {
  /** Characters of any string (name, title, description, annotation, email, …). */
  text: 4096,
  /** Characters of an `https:` picture URL. */
  pictureUrl: 2048,
  /** Characters of a `data:image/…` picture (Graph photos are a few KB to tens of KB). */
  pictureData: 256 * 1024,
} as const;

/** One field of one entity that was changed to be safe. @public */
export interface CleanedField {
  /** Dotted path in the entity, e.g. `spec.profile.displayName` or `metadata.annotations.okta.com/login`. */
  field: string;
  change: string;
}

// Every C0/C1 control but tab and line breaks: PostgreSQL refuses NUL in text, and none of them belong in a catalog.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const PICTURE_PATHS = new Set(['spec.profile.picture']);

/**
 * Makes every string of an entity safe to store and serve, in place: control
 * characters removed (in keys too), strings cut to `FIELD_LIMITS`, pictures
 * kept only as `https:` URLs or `data:image/` URIs. Returns what it changed,
 * for the run's report. Relations are left alone: the catalog writes them.
 *
 * @public
 */
export function cleanEntity(entity: Entity): CleanedField[] {
  const cleaned: CleanedField[] = [];
  // Copies, cleaned in place: what a transformer returned may be shared or frozen.
  entity.metadata = { ...entity.metadata };
  cleanObject(entity.metadata, 'metadata', cleaned);
  if (entity.spec) {
    entity.spec = { ...entity.spec };
    cleanObject(entity.spec, 'spec', cleaned);
  }
  return cleaned;
}

function cleanValue(value: unknown, path: string, cleaned: CleanedField[]): unknown {
  if (typeof value === 'string') return PICTURE_PATHS.has(path) ? cleanPicture(value, path, cleaned) : cleanText(value, path, cleaned);
  if (Array.isArray(value)) return value.map((item, i) => cleanValue(item, `${path}[${i}]`, cleaned));
  if (!isObject(value)) return value;
  const copy = { ...value };
  cleanObject(copy, path, cleaned);
  return copy;
}

/** In place, on a copy: keys without control characters, values cleaned, fields cleaned away (a dropped picture) removed. */
function cleanObject(object: Record<string, unknown>, path: string, cleaned: CleanedField[]): void {
  for (const [key, child] of Object.entries(object)) {
    const safeKey = key.replace(CONTROL, '');
    if (safeKey !== key) {
      cleaned.push({ field: `${path}.${safeKey}`, change: 'control characters removed from the key' });
      delete object[key];
    }
    const next = cleanValue(child, path ? `${path}.${safeKey}` : safeKey, cleaned);
    if (next !== undefined) object[safeKey] = next;
    else delete object[safeKey];
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function cleanText(value: string, path: string, cleaned: CleanedField[]): string {
  let out = value.replace(CONTROL, '');
  if (out !== value) cleaned.push({ field: path, change: 'control characters removed' });
  if (out.length > FIELD_LIMITS.text) {
    cleaned.push({ field: path, change: `cut from ${out.length} to ${FIELD_LIMITS.text} characters` });
    out = out.slice(0, FIELD_LIMITS.text);
  }
  return out;
}

function cleanPicture(value: string, path: string, cleaned: CleanedField[]): string | undefined {
  const url = value.replace(CONTROL, '').trim();
  if (/^data:image\/[a-z0-9.+-]+[;,]/i.test(url)) {
    if (url.length <= FIELD_LIMITS.pictureData) return url;
    cleaned.push({ field: path, change: `picture dropped: a data URI of ${url.length} characters (limit ${FIELD_LIMITS.pictureData})` });
    return undefined;
  }
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
  } catch {
    cleaned.push({ field: path, change: 'picture dropped: not a URL' });
    return undefined;
  }
  if (scheme !== 'https:') {
    cleaned.push({ field: path, change: `picture dropped: ${scheme} URLs are not allowed (only https: and data:image/)` });
    return undefined;
  }
  if (url.length > FIELD_LIMITS.pictureUrl) {
    cleaned.push({ field: path, change: `picture dropped: a URL of ${url.length} characters (limit ${FIELD_LIMITS.pictureUrl})` });
    return undefined;
  }
  return url;
}
