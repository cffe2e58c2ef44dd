import { isJsonObject, readKey, type JsonObject, type JsonValue } from '../base/json';

/** Two values of a multi-valued attribute are the same value when their `value` sub-attributes are (a member's id). */
function identityOf(value: JsonValue): string {
  const inner = isJsonObject(value) ? readKey(value, 'value') : undefined;
  return inner === undefined ? `json:${JSON.stringify(value)}` : `value:${JSON.stringify(inner)}`;
}

/**
 * `existing` with `added` merged in, in linear time (a PATCH may add 10,000 members): a value already there is
 * updated rather than repeated, and a value added with `primary: true` leaves no other value primary (RFC 7644 §3.5.2.1).
 */
export function unionValues(existing: readonly JsonValue[], added: readonly JsonValue[]): JsonValue[] {
  const result = [...existing];
  const positions = new Map(result.map((value, index) => [identityOf(value), index]));
  let primary: JsonValue | undefined;
  for (const value of added) {
    const element = isJsonObject(value) ? withoutNulls(value) : value;
    const identity = identityOf(element);
    const at = positions.get(identity);
    const merged = at === undefined ? element : mergeValue(result[at], element);
    if (at === undefined) {
      positions.set(identity, result.length);
      result.push(merged);
    } else {
      result[at] = merged;
    }
    if (isJsonObject(element) && element.primary === true) primary = merged;
  }
  return primary === undefined ? result : result.map(value => (value !== primary && isPrimary(value) ? { ...value, primary: false } : value));
}

/** `existing` without the values `removed` names (Entra ID removes members by listing them). */
export function withoutValues(existing: readonly JsonValue[], removed: readonly JsonValue[]): JsonValue[] {
  const identities = new Set(removed.map(identityOf));
  return existing.filter(value => !identities.has(identityOf(value)));
}

/** A complex value with `changes` applied: sub-attributes set, or removed where `changes` holds null. */
export function mergeObject(existing: JsonObject, changes: JsonObject): JsonObject {
  const result = { ...existing };
  for (const [name, value] of Object.entries(changes)) {
    const key = Object.keys(result).find(candidate => candidate.toLowerCase() === name.toLowerCase()) ?? name;
    delete result[key];
    if (value !== null) result[name] = value;
  }
  return result;
}

export function withoutNulls(value: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== null));
}

function mergeValue(existing: JsonValue, added: JsonValue): JsonValue {
  return isJsonObject(existing) && isJsonObject(added) ? mergeObject(existing, added) : added;
}

function isPrimary(value: JsonValue): value is JsonObject {
  return isJsonObject(value) && value.primary === true;
}
