/**
 * IdP-neutral records. A module's source turns whatever its IdP returns into
 * these; everything after that (naming, membership, hierarchy, guarding,
 * applying) is shared.
 */

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
}

/**
 * An IdP module's source. `read` must return a complete snapshot or throw:
 * never a partial one, because the snapshot replaces what the catalog holds.
 */
export interface OrgSource {
  read(context: SourceReadContext): Promise<OrgSnapshot>;
}
