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
  const cursor = value as Partial<DeltaCursor> | null;
  if (!cursor || typeof cursor !== 'object' || cursor.version !== CURSOR_VERSION) {
    return 'the saved cursor is from another version of this module';
  }
  if (typeof cursor.users !== 'string' || typeof cursor.groups !== 'string') return 'the saved cursor has no delta links';
  if (cursor.key !== key) return 'the read settings changed since the saved cursor was made';
  return cursor as DeltaCursor;
}
