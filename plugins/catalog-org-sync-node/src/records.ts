/**
 * IdP-neutral records. A module's source turns whatever its IdP returns into
 * these; everything after that (naming, membership, hierarchy, guarding,
 * applying) is shared.
 */
import { firstReadBounds, type ReadBounds } from './util/pagedListing';

/** A person as the IdP knows them. */
export interface OrgUserRecord {
  /** Stable, immutable IdP id (Okta user id, Entra object id, GitHub node id). */
  id: string;
  /** Sign-in name (Okta login, UPN, GitHub login). */
  login?: string;
  email?: string;
  displayName?: string;
  givenName?: string;
  familyName?: string;
  /** URL of a picture. */
  picture?: string;
  /** False for people who must leave the catalog (deactivated, disabled, suspended when so configured). */
  active: boolean;
  /** IdP annotations to put on the entity (`okta.com/user-id`, ...). */
  annotations?: Record<string, string>;
  /** Free IdP attributes, for naming strategies and transformers. */
  attributes?: Record<string, unknown>;
}

/** A team or group as the IdP knows it. */
export interface OrgGroupRecord {
  id: string;
  /** Machine name (Okta group name, mailNickname, team slug). */
  name?: string;
  displayName?: string;
  description?: string;
  email?: string;
  picture?: string;
  /** Catalog group type; the provider's default when absent. */
  type?: string;
  /** Ids of parent groups. The catalog allows one parent: extras are dropped with a warning. */
  parentIds?: string[];
  /** Ids of direct member users. */
  memberUserIds?: string[];
  /** Ids of groups nested in this one (its children). */
  memberGroupIds?: string[];
  annotations?: Record<string, string>;
  attributes?: Record<string, unknown>;
}

/** A complete picture of the org at one moment. A source returns this or throws. */
export interface OrgSnapshot {
  users: OrgUserRecord[];
  groups: OrgGroupRecord[];
}

/** Plain JSON, as kept in the database between runs. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * What a source returns: a complete snapshot, plus what it wants back on the
 * next run to read only what changed since this one.
 */
export interface OrgReadResult extends OrgSnapshot {
  /**
   * Opaque JSON handed back as `previous.cursor` on the next run (a Graph delta
   * link, Okta groups' `lastMembershipUpdated`, ...). Kept only once this run
   * is applied, so a refused or failed run is read again from the old cursor.
   */
  cursor?: JsonValue;
  /** How this snapshot was read: `full` (everything listed) or `incremental` (the previous one plus what changed). Default `full`. */
  readMode?: 'full' | 'incremental';
  /**
   * Whether the next read needs this snapshot back as `previous.snapshot`
   * (Graph's delta does; Okta's cursor holds all it needs). Default true.
   * Keeping it costs a compressed copy of the org in the database at each run.
   */
  keepSnapshot?: boolean;
}

/** The last applied read of this provider, for an incremental read. */
export interface PreviousRead {
  /** What the source returned as `cursor`. */
  cursor: JsonValue;
  /** The snapshot that run applied; absent when the source said `keepSnapshot: false`. */
  snapshot?: OrgSnapshot;
  /** When that read started. */
  readAt: string;
  /** When the most recent full read (the one the increments build on) started. */
  fullReadAt: string;
}

/** What a source may report while it reads, for progress log lines. */
export interface ReadProgress {
  users?: number;
  groups?: number;
  memberships?: number;
  requests?: number;
  /** Free text, e.g. the current stage. */
  stage?: string;
}

export interface SourceReadContext {
  /** Aborted when the scheduled run times out or the backend stops. */
  signal: AbortSignal;
  reportProgress(progress: ReadProgress): void;
  /**
   * The last applied read, when the source may build on it. Absent on a first
   * run, when incremental reads are off, when the saved state cannot be read,
   * and when a full read is due (`incremental.fullReadEvery`): then read
   * everything. A source that finds the cursor unusable (expired, from another
   * config) also reads everything and says so with `readMode: 'full'`.
   */
  previous?: PreviousRead;
  /**
   * How many records a listing may return before the read is not trusted
   * (`PagedListing`); derived from the last applied run. Absent in sources'
   * own unit tests: use `readBoundsOf(context)`.
   */
  bounds?: ReadBounds;
}

/** The context's read bounds, or the first-read bounds when none were given. */
export function readBoundsOf(context: Pick<SourceReadContext, 'bounds'>): ReadBounds {
  return context.bounds ?? { ...firstReadBounds };
}

/**
 * An IdP module's source. `read` must return a complete snapshot or throw:
 * never a partial one, because the snapshot replaces what the catalog holds.
 */
export interface OrgSource {
  read(context: SourceReadContext): Promise<OrgSnapshot | OrgReadResult>;
}
