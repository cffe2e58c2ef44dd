/**
 * The GitHub emulator's fixture: users, organisations and teams with the
 * fields GitHub's REST API returns for them (snake_case, as on the wire), plus
 * the membership lists. URL fields (`url`, `html_url`, `avatar_url`, ...) are
 * not stored: they are derived from the emulator's base URL when served.
 */
export interface GithubUser {
  login: string;
  id: number;
  node_id: string;
  /** Display name; only `GET /users/{login}` and GraphQL expose it. */
  name: string | null;
  /** The public profile email (null when the user keeps it private). */
  email: string | null;
  company: string | null;
  location: string | null;
  bio: string | null;
  blog: string;
  site_admin: boolean;
  created_at: string;
  updated_at: string;
  /** GHES: set when a site admin suspended the account. */
  suspended_at: string | null;
  /**
   * Verified email addresses (private). GraphQL
   * `organizationVerifiedDomainEmails(login:)` returns those on the org's
   * `verified_domains`.
   */
  verified_emails: string[];
  /**
   * Served as the avatar URL instead of the emulator's own `/avatars/u/{id}`
   * (for hostile-input tests: any string, e.g. `javascript:alert(1)`).
   */
  avatar_url?: string | null;
}

export type GithubOrgRole = 'admin' | 'member';
export type GithubTeamRole = 'member' | 'maintainer';

export interface GithubTeam {
  id: number;
  node_id: string;
  name: string;
  slug: string;
  description: string | null;
  privacy: 'closed' | 'secret';
  notification_setting: 'notifications_enabled' | 'notifications_disabled';
  permission: string;
  /** Slug of the parent team, null for a root team. */
  parent_slug: string | null;
  created_at: string;
  updated_at: string;
}

export interface GithubOrganization {
  login: string;
  id: number;
  node_id: string;
  name: string | null;
  description: string | null;
  email: string | null;
  created_at: string;
  updated_at: string;
  /** Email domains the org has verified (for `organizationVerifiedDomainEmails`). */
  verified_domains: string[];
  /** Id of the GitHub App installation on this org. */
  installation_id: number;
  /** Org members (logins of `users`) and their org role. Order is irrelevant. */
  members: { login: string; role: GithubOrgRole }[];
  teams: GithubTeam[];
  /** Direct team memberships, keyed by team slug. */
  team_members: Record<string, { login: string; role: GithubTeamRole }[]>;
  /** The org's SAML single sign-on and its external identities; absent or null when the org has no SAML SSO. */
  saml_identity_provider?: GithubSamlIdentityProvider | null;
}

/** An org's SAML identity provider (GraphQL `Organization.samlIdentityProvider`). */
export interface GithubSamlIdentityProvider {
  sso_url: string;
  identities: GithubExternalIdentity[];
}

/**
 * A SAML external identity (GraphQL `ExternalIdentity` with its
 * `samlIdentity`): who the IdP says signs in to the org with a GitHub account.
 */
export interface GithubExternalIdentity {
  guid: string;
  /** The SAML NameID the IdP asserts (usually the person's email or IdP login). */
  name_id: string | null;
  /** The SAML `userName` attribute. */
  username: string | null;
  emails: string[];
  /** Login of the GitHub account linked to the identity (a user of the fixture); null when no account has claimed it. */
  login: string | null;
}

export interface GithubFixture {
  /** Every account the emulator knows (members or not). */
  users: GithubUser[];
  /** One or more organisations; the first is `info.org`. */
  orgs: GithubOrganization[];
}
