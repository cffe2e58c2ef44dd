import type { JsonValue } from '@orgsync/plugin-catalog-org-sync-node';

/** Bumped whenever the cursor or the snapshot records change meaning: older cursors then lead to a full read. */
export const CURSOR_VERSION = 1;

/** What the source keeps between runs (in the engine's state, in the database). */
export interface DeltaCursor {
  version: number;
  /** `readShapeKey` of the settings the links were made under. */
  key: string;
  /** The `@odata.deltaLink` of users and of groups. */
  users: string;
  groups: string;
}

export function toCursor(key: string, links: { users: string; groups: string }): JsonValue {
  return { version: CURSOR_VERSION, key, users: links.users, groups: links.groups };
}

/** The cursor, or why it cannot be used. */
export function readCursor(value: JsonValue, key: string): DeltaCursor | string {
  if (!value || typeof value !== 'object' || Array.isArray(value) || value.version !== CURSOR_VERSION) {
    return 'the saved cursor is from another version of this module';
  }
  const { users, groups } = value;
  if (typeof users !== 'string' || typeof groups !== 'string') return 'the saved cursor has no delta links';
  if (value.key !== key) return 'the read settings changed since the saved cursor was made';
  return { version: CURSOR_VERSION, key, users, groups };
}
