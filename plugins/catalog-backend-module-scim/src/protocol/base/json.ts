/** A JSON value as SCIM resources and request bodies carry it. @public */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
/** A JSON object: a SCIM resource as stored, a request body. @public */
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The key of `object` that names `name`: SCIM attribute names are case-insensitive (RFC 7643 §2.1). */
export function findKey(object: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(object, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find(key => key.toLowerCase() === lower);
}

export function readKey(object: JsonObject, name: string): JsonValue | undefined {
  const key = findKey(object, name);
  return key === undefined ? undefined : object[key];
}

/** Unassigned in SCIM's sense (RFC 7644 §3.5.2): absent, null or an empty list. */
export function isUnassigned(value: JsonValue | undefined): value is undefined | null | [] {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

export function jsonEquals(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => jsonEquals(item, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every(key => Object.hasOwn(b, key) && jsonEquals(a[key], b[key]));
  }
  return false;
}
