import type { DirectoryRecord } from './store';

/** What `GET /users` returns without `$select` (Graph v1.0's default user properties). */
export const DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

/**
 * A user or group as Graph serialises it: the default properties, or exactly
 * the `$select`ed ones (null when the object lacks a value), optionally
 * tagged with `@odata.type` as in directoryObject collections.
 */
export function project(record: DirectoryRecord, select: string[] | undefined, withType = false): Record<string, unknown> {
  const object = record.object as Record<string, unknown>;
  const out: Record<string, unknown> = withType ? { '@odata.type': `#microsoft.graph.${record.kind}` } : {};
  const properties = select ?? (record.kind === 'user' ? DEFAULT_USER_PROPERTIES : Object.keys(object));
  for (const property of properties) {
    if (property === 'members' || property === '*') continue;
    out[property] = property in object ? structuredClone(object[property]) : null;
  }
  if (select?.includes('*')) Object.assign(out, structuredClone(object));
  return out;
}
