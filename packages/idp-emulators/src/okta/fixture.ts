/**
 * The Okta emulator's fixture: Okta users and groups exactly as the
 * Management API returns them (minus `_links`, which the emulator derives
 * from its own URL), plus group memberships.
 */

export type OktaUserStatus =
  | 'STAGED'
  | 'PROVISIONED'
  | 'ACTIVE'
  | 'RECOVERY'
  | 'LOCKED_OUT'
  | 'PASSWORD_EXPIRED'
  | 'SUSPENDED'
  | 'DEPROVISIONED';

export type OktaGroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

export interface OktaUserProfile {
  login: string;
  /** Required by Okta's default schema; absent only for deliberately hostile records. */
  email?: string;
  firstName: string | null;
  lastName: string | null;
  displayName?: string | null;
  secondEmail?: string | null;
  mobilePhone?: string | null;
  title?: string | null;
  department?: string | null;
  employeeNumber?: string | null;
  managerId?: string | null;
  manager?: string | null;
  /** Custom profile attributes. */
  [attribute: string]: unknown;
}

export interface OktaUserCredentials {
  password?: Record<string, never>;
  emails?: { value: string; status: 'VERIFIED' | 'UNVERIFIED'; type: 'PRIMARY' | 'SECONDARY' }[];
  provider: { type: 'OKTA' | 'ACTIVE_DIRECTORY' | 'LDAP' | 'FEDERATION' | 'SOCIAL' | 'IMPORT'; name: string };
}

export interface OktaLink {
  href: string;
  method?: string;
  name?: string;
  type?: string;
}

export interface OktaUser {
  id: string;
  status: OktaUserStatus;
  /** ISO 8601 with milliseconds, UTC (`2024-01-01T00:00:00.000Z`). */
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  type: { id: string };
  profile: OktaUserProfile;
  credentials: OktaUserCredentials;
  _links?: Record<string, OktaLink>;
}

export interface OktaGroupProfile {
  name: string;
  description: string | null;
  /** Custom group profile attributes. */
  [attribute: string]: unknown;
}

export interface OktaGroup {
  id: string;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  objectClass: string[];
  type: OktaGroupType;
  profile: OktaGroupProfile;
  _links?: Record<string, OktaLink | OktaLink[]>;
  _embedded?: Record<string, unknown>;
}

export interface OktaFixture {
  /** In list order (the order `GET /api/v1/users` pages through them). */
  users: OktaUser[];
  /** In list order. */
  groups: OktaGroup[];
  /** Group id → ids of its member users. */
  memberships: Record<string, string[]>;
}
