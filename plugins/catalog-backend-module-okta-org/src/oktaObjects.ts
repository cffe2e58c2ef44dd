/**
 * The Okta user and group objects transformers receive: the parts of Okta's
 * `/api/v1/users` and `/api/v1/groups` objects this module relies on, as our
 * own types, so a consumer compiles without the Okta SDK's declarations.
 */

/** A user's profile: Okta's base attributes and any custom ones. @public */
export interface OktaUserProfile {
  login?: string;
  email?: string;
  firstName?: string | null;
  lastName?: string | null;
  displayName?: string | null;
  [attribute: string]: unknown;
}

/** An Okta user as `GET /api/v1/users` returns it (timestamps as `Date`). @public */
export interface OktaUser {
  id?: string;
  status?: string;
  created?: Date;
  activated?: Date | null;
  statusChanged?: Date | null;
  lastLogin?: Date | null;
  lastUpdated?: Date;
  passwordChanged?: Date | null;
  type?: { id?: string };
  profile?: OktaUserProfile;
}

/** A group's profile: `name`, `description` and any custom attributes. @public */
export interface OktaGroupProfile {
  name?: string;
  description?: string;
  [attribute: string]: unknown;
}

/** An Okta group as `GET /api/v1/groups` returns it (timestamps as `Date`). @public */
export interface OktaGroup {
  id?: string;
  /** `OKTA_GROUP`, `APP_GROUP` or `BUILT_IN`. */
  type?: string;
  created?: Date;
  lastUpdated?: Date;
  lastMembershipUpdated?: Date;
  objectClass?: string[];
  profile?: OktaGroupProfile;
}
