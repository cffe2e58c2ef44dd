/** Entra object ids are GUIDs; anything else named by a change signal is not an object of this tenant. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGraphId(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}
