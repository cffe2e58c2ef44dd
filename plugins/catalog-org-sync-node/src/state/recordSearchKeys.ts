import type { OrgGroupRecord, OrgUserRecord } from '../records';

/** Width of the search-key columns. Longer values are cut to it, and so is the query: a hit is then checked against the record. */
export const SEARCH_KEY_WIDTH = 255;

/** The record store's indexed columns `GET …/explain` finds a record by (besides its IdP id, the primary key). */
export interface RecordSearchKeys {
  /** A user's login, or a group's name. */
  search_name: string | null;
  search_email: string | null;
  search_ref: string | null;
}

/**
 * A value as the search-key columns hold it and as a query is compared with them: lower-cased, without NUL characters
 * (PostgreSQL's text refuses them, and a hostile IdP record may hold them) and cut to the column.
 */
export function searchKey(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return value.replaceAll('\u0000', '').toLowerCase().slice(0, SEARCH_KEY_WIDTH) || null;
}

/** The search keys of a record and the entity applied from it, filled whenever the record store writes a row. */
export function searchKeysOf(kind: string, record: Partial<OrgUserRecord & OrgGroupRecord> | undefined, entityRef: string | undefined | null): RecordSearchKeys {
  return {
    search_name: searchKey(kind === 'group' ? record?.name : record?.login),
    search_email: searchKey(record?.email),
    search_ref: searchKey(entityRef),
  };
}
