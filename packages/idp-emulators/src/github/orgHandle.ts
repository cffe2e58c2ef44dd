import type { GithubCredentials } from './credentials';
import type { GithubExternalIdentity, GithubFixture, GithubOrgRole, GithubTeamRole, GithubUser } from './fixture';
import type { SamlIdentityInput } from './samlIdentities';
import type { CreateTeamInput, CreateUserInput, GithubStore, TeamRecord, UserFieldsUpdate } from './store';

/**
 * In-process control of the emulated GitHub, one method per admin route.
 * `org` (an org login) defaults to the first organisation everywhere.
 * Failures throw `GithubAdminError` (with the admin API's status).
 */
export interface GithubOrgHandle {
  snapshot(): GithubFixture;
  createUser(input: CreateUserInput): GithubUser;
  renameUser(login: string, name: string | null): GithubUser;
  /** Sets profile fields verbatim, hostile values included (see `UserFieldsUpdate`). */
  updateUser(login: string, fields: UserFieldsUpdate): GithubUser;
  deleteUser(login: string): void;
  suspendUser(login: string): GithubUser;
  unsuspendUser(login: string): GithubUser;
  addOrgMember(login: string, role?: GithubOrgRole, org?: string): void;
  removeOrgMember(login: string, org?: string): void;
  createTeam(input: CreateTeamInput, org?: string): TeamRecord;
  renameTeam(slug: string, name: string, org?: string): TeamRecord;
  setTeamParent(slug: string, parentSlug: string | null, org?: string): TeamRecord;
  deleteTeam(slug: string, org?: string): void;
  addTeamMember(slug: string, login: string, role?: GithubTeamRole, org?: string): void;
  removeTeamMember(slug: string, login: string, org?: string): void;
  setEmpty(empty: boolean): void;
  /**
   * Sets the SAML external identity linked to an account (creating one when it
   * has none: an account that signed in through SSO), or removes it with null
   * (the link revoked). Returns the identity as set. 422 when the org has no SAML SSO.
   */
  setSamlIdentity(login: string, identity: SamlIdentityInput | null, org?: string): GithubExternalIdentity | undefined;
  /**
   * `false` makes `samlIdentityProvider` answer as GitHub does to credentials
   * that may not read it (FORBIDDEN for an App installation without `members`
   * read, INSUFFICIENT_SCOPES for a token without `read:org`); `true` undoes it.
   */
  setSamlReadable(readable: boolean, org?: string): void;
  /** Invalidates every installation token issued so far; returns how many. */
  revokeInstallationTokens(): number;
}

export function createOrgHandle(store: GithubStore, credentials: GithubCredentials): GithubOrgHandle {
  return {
    snapshot: () => store.snapshot(),
    createUser: input => store.createUser(input),
    renameUser: (login, name) => store.renameUser(login, name),
    updateUser: (login, fields) => store.updateUser(login, fields),
    deleteUser: login => store.deleteUser(login),
    suspendUser: login => store.suspendUser(login),
    unsuspendUser: login => store.unsuspendUser(login),
    addOrgMember: (login, role, org) => store.addOrgMember(login, role, org),
    removeOrgMember: (login, org) => store.removeOrgMember(login, org),
    createTeam: (input, org) => store.createTeam(input, org),
    renameTeam: (slug, name, org) => store.renameTeam(slug, name, org),
    setTeamParent: (slug, parentSlug, org) => store.setTeamParent(slug, parentSlug, org),
    deleteTeam: (slug, org) => store.deleteTeam(slug, org),
    addTeamMember: (slug, login, role, org) => store.addTeamMember(slug, login, role, org),
    removeTeamMember: (slug, login, org) => store.removeTeamMember(slug, login, org),
    setEmpty: empty => store.setEmpty(empty),
    setSamlIdentity: (login, identity, org) => store.setSamlIdentity(login, identity, org),
    setSamlReadable: (readable, org) => store.setSamlReadable(readable, org),
    revokeInstallationTokens: () => credentials.revokeInstallationTokens(),
  };
}
