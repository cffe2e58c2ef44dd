/**
 * IdP-neutral records. A module's source turns whatever its IdP returns into
 * these; everything after that (naming, membership, hierarchy, guarding,
 * applying) is shared.
 */
import { firstReadBounds, type ReadBounds } from './util/pagedListing';

/**
 * A person as the IdP knows them. `TRaw` is the IdP's own object (an Okta
 * `User`, a Graph `User`, a GitHub user), carried next to the neutral fields
 * for the module's transformers.
 *
 * @public
 */
export interface OrgUserRecord<TRaw = unknown> {
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
  /** Why an inactive person is inactive, in the IdP's words (`status: DEPROVISIONED`, `accountEnabled: false`): shown on a departed entity. */
  inactiveReason?: string;
  /** IdP annotations to put on the entity (`okta.com/user-id`, ...). */
  annotations?: Record<string, string>;
  /** Employee number or id, when the IdP has one (matched across IdPs by `linkTo.match: [employeeId]`). */
  employeeId?: string;
  /** What this account can be matched to a person of another source by (`linkTo`); set by sources that can be linked. */
  identityClaims?: OrgUserIdentityClaims;
  /** The IdP's object as read (plain JSON: it is kept in the record store). */
  raw?: TRaw;
  /** Free IdP attributes, for naming strategies. */
  attributes?: Record<string, unknown>;
}

/**
 * What a linked source's account says about who holds it, by how much it can
 * be trusted (identity linking, `linkTo`). Matched case-insensitively against
 * the people source's `login` and `email`.
 *
 * @public
 */
export interface OrgUserIdentityClaims {
  /** SAML NameIDs / usernames the account signs in to the org with (GitHub's SAML external identities): `match: saml`. */
  samlNameIds?: string[];
  /** Emails the IdP has verified for the org's domains (GitHub's verified-domain emails, a directory's mail): `match: verifiedEmail`. */
  verifiedEmails?: string[];
  /**
   * True when `verifiedEmails` are on the org's own verified domains (GitHub's verified-domain emails): an account whose
   * verified email names nobody in the people source then belongs to someone who left. A directory's admin-owned
   * emails are trusted for matching but may name people outside the people source (guests, service accounts).
   */
  orgDomainEmails?: boolean;
  /** Emails the account holder set themselves (a public profile email): only with `match: email`, off by default. */
  emails?: string[];
  /** Where the account lives, for reports ("still a member of GitHub org acme"). */
  where?: string;
}

/** A team or group as the IdP knows it; `TRaw` as for users. @public */
export interface OrgGroupRecord<TRaw = unknown> {
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
  /** The IdP's object as read (plain JSON). */
  raw?: TRaw;
  attributes?: Record<string, unknown>;
}

/**
 * A user or a group record, told apart by `kind`: how the engine handles the two together (a record-store row,
 * a record that left). `TUser` and `TGroup` are the IdP's raw objects, as for the records.
 *
 * @public
 */
export type KindedRecord<TUser = unknown, TGroup = unknown> =
  | { kind: 'user'; record: OrgUserRecord<TUser> }
  | { kind: 'group'; record: OrgGroupRecord<TGroup> };

/** Which of the two a record is: `user` or `group`. @public */
export type RecordKind = KindedRecord['kind'];

/**
 * A complete picture of the org at one moment. A source returns this or throws. `TUser` and `TGroup` are the
 * IdP's raw user and group objects (the records' `raw`); the engine itself reads only the neutral fields.
 *
 * @public
 */
export interface OrgSnapshot<TUser = unknown, TGroup = unknown> {
  users: OrgUserRecord<TUser>[];
  groups: OrgGroupRecord<TGroup>[];
}

/** Plain JSON, as kept in the database between runs. @public */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A list: the complete org at one moment (the engine works out removals, like
 * an informer's `Replace`), plus what the source wants back next run.
 *
 * @public
 */
export interface OrgListResult<TUser = unknown, TGroup = unknown> extends OrgSnapshot<TUser, TGroup> {
  /**
   * Opaque JSON handed back as `previous.cursor` on the next run (a Graph delta
   * link, Okta groups' `lastMembershipUpdated`, ...). Kept only once this run
   * is applied, so a refused or failed run is read again from the old cursor.
   */
  cursor?: JsonValue;
  /**
   * `full`: everything was read. `incremental`: still the complete org, but
   * parts were taken from the last run (e.g. member lists whose stamp did
   * not change). Default `full`.
   */
  readMode?: 'full' | 'incremental';
}

/**
 * Changes by IdP id. An upserted record replaces the stored one whole (a
 * group record carries its complete member list); a deleted id leaves, and
 * so does its entity. Ids the store does not hold are ignored on delete.
 *
 * @public
 */
export interface OrgDelta<TUser = unknown, TGroup = unknown> {
  users: { upserted: OrgUserRecord<TUser>[]; deleted: string[] };
  groups: { upserted: OrgGroupRecord<TGroup>[]; deleted: string[] };
}

/** A delta: only what changed since `previous.cursor`, plus the cursor to read on from. @public */
export interface OrgDeltaResult<TUser = unknown, TGroup = unknown> {
  readMode: 'delta';
  delta: OrgDelta<TUser, TGroup>;
  cursor: JsonValue;
}

/** What a source's `read` returns: a list or a delta. A bare snapshot is a full list. @public */
export type OrgReadResult<TUser = unknown, TGroup = unknown> = OrgListResult<TUser, TGroup> | OrgDeltaResult<TUser, TGroup>;

/** True when a read result is a delta. @public */
export function isDeltaResult<TUser, TGroup>(
  result: OrgSnapshot<TUser, TGroup> | OrgReadResult<TUser, TGroup>,
): result is OrgDeltaResult<TUser, TGroup> {
  return 'readMode' in result && result.readMode === 'delta';
}

/**
 * The records the last applied run left in the provider's record store
 * (records as the source returned them). Reading by id is cheap; reading
 * every user of a large org is not, and a delta should never need it.
 *
 * @public
 */
export interface OrgRecordReader<TUser = unknown, TGroup = unknown> {
  users(ids: readonly string[]): Promise<Map<string, OrgUserRecord<TUser>>>;
  groups(ids: readonly string[]): Promise<Map<string, OrgGroupRecord<TGroup>>>;
  /** Every stored group. */
  allGroups(): Promise<OrgGroupRecord<TGroup>[]>;
  /** Every stored record; for a source that must rebuild its whole state (costly at scale). */
  all(): Promise<OrgSnapshot<TUser, TGroup>>;
}

/** The last applied read of this provider, for an incremental or delta read. @public */
export interface PreviousRead<TUser = unknown, TGroup = unknown> {
  /** What the source returned as `cursor`. */
  cursor: JsonValue;
  /** The records as applied. */
  records: OrgRecordReader<TUser, TGroup>;
  /** When that read started. */
  readAt: string;
  /** When the most recent full read (the one the increments build on) started. */
  fullReadAt: string;
}

/** What a source may report while it reads, for progress log lines. @public */
export interface ReadProgress {
  users?: number;
  groups?: number;
  memberships?: number;
  /** IdP requests made so far in this read. */
  requests?: number;
  /** Answers the IdP throttled (429, or its equivalent) so far in this read. */
  rateLimited?: number;
  /** Free text, e.g. the current stage. */
  stage?: string;
}

/** What a source's `read` gets; `TUser` and `TGroup` as for `OrgSource`. @public */
export interface SourceReadContext<TUser = unknown, TGroup = unknown> {
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
  previous?: PreviousRead<TUser, TGroup>;
  /**
   * How many records a listing may return before the read is not trusted
   * (`PagedListing`); derived from the last applied run. Absent in sources'
   * own unit tests: use `readBoundsOf(context)`.
   */
  bounds?: ReadBounds;
}

/** The context's read bounds, or the first-read bounds when none were given. @public */
export function readBoundsOf(context: Pick<SourceReadContext, 'bounds'>): ReadBounds {
  return context.bounds ?? { ...firstReadBounds };
}

/** Records to re-read from the IdP because a change signal named them. @public */
export interface OrgRecordRequest {
  users: string[];
  groups: string[];
  /** Only for a source with `readsMemberships`: memberships to re-read, each as the IdP has it now (present or not). */
  memberships?: OrgMembershipHint[];
}

/** One user's membership of one group, by IdP ids. @public */
export interface OrgMembershipHint {
  user: string;
  group: string;
}

/** @public */
export interface RecordReadContext<TUser = unknown, TGroup = unknown> {
  /** Aborted when the run times out or the backend stops. */
  signal: AbortSignal;
  /** The stored records (e.g. a group's members as last read). */
  records: OrgRecordReader<TUser, TGroup>;
}

/**
 * An IdP module's source. `read` returns a complete list or a delta, or
 * throws: never a partial list, because a list replaces what the catalog holds.
 * `TUser` and `TGroup` are the IdP's raw user and group objects its records carry (`raw`): the stored records
 * it is handed back (`previous.records`, `records`) are the ones it returned, so they come back with the same types.
 *
 * @public
 */
export interface OrgSource<TUser = unknown, TGroup = unknown> {
  read(context: SourceReadContext<TUser, TGroup>): Promise<OrgSnapshot<TUser, TGroup> | OrgReadResult<TUser, TGroup>>;
  /**
   * Re-reads the named records from the IdP, as they are now: a record found
   * (and in scope) is upserted, one the IdP no longer has (404, deleted, out
   * of the configured filter) is deleted. Groups come with their complete
   * member lists. Throws when any read fails after retries: nothing is applied.
   * Needed for change signals (`changes` of a provider); batch where the API allows.
   */
  readRecords?(request: OrgRecordRequest, context: RecordReadContext<TUser, TGroup>): Promise<OrgDelta<TUser, TGroup>>;
  /**
   * The source re-reads `request.memberships` itself (upserting the stored group with that membership
   * as the IdP has it now). Otherwise the engine asks `readRecords` for each such membership's group.
   */
  readonly readsMemberships?: boolean;
}
