import type { GithubExternalIdentity, GithubFixture, GithubOrganization, GithubOrgRole, GithubTeam, GithubTeamRole, GithubUser } from './fixture';
import { legacyNodeId, teamSlug } from './ids';
import { GithubAdminError } from './adminError';
import { identitySnapshot, loadSamlProvider, samlProviderSnapshot, setSamlIdentity, type SamlIdentityInput, type SamlProviderRecord } from './samlIdentities';

export { GithubAdminError };

export interface TeamRecord extends Omit<GithubTeam, 'parent_slug'> {
  parentId: number | null;
}

export interface OrgRecord extends Omit<GithubOrganization, 'members' | 'teams' | 'team_members' | 'saml_identity_provider'> {
  /** Lower-cased login → role. */
  members: Map<string, GithubOrgRole>;
  teams: Map<number, TeamRecord>;
  /** Team id → lower-cased login → role (direct memberships only). */
  teamMembers: Map<number, Map<string, GithubTeamRole>>;
  /** SAML SSO and its external identities; null when the org has none. */
  saml: SamlProviderRecord | null;
}

export interface CreateUserInput {
  login: string;
  name?: string | null;
  email?: string | null;
  verified_emails?: string[];
  /** Org to join (default: the first org); null joins none. */
  org?: string | null;
  role?: GithubOrgRole;
}

/**
 * Profile fields `updateUser` sets verbatim: no validation at all, so tests can
 * serve what a misbehaving or compromised IdP might (NUL and control
 * characters, megabyte-long values, `javascript:` avatar URLs, an illegal login).
 */
export type UserFieldsUpdate = Partial<Pick<GithubUser, 'login' | 'name' | 'email' | 'bio' | 'company' | 'location' | 'avatar_url'>>;

const UPDATABLE_USER_FIELDS = ['login', 'name', 'email', 'bio', 'company', 'location', 'avatar_url'] as const;

export interface CreateTeamInput {
  name: string;
  description?: string | null;
  privacy?: 'closed' | 'secret';
  parentSlug?: string | null;
}

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The emulated GitHub state. Its public mutating methods are the in-process
 * org handle and back the admin HTTP API one to one. Every `org` parameter
 * defaults to the first organisation.
 */
export class GithubStore {
  readonly users = new Map<string, GithubUser>();
  readonly orgs = new Map<string, OrgRecord>();
  /** When true every org reads as having no members and no teams. */
  empty = false;
  private nextUserId: number;
  private nextTeamId: number;

  constructor(fixture: GithubFixture) {
    if (fixture.orgs.length === 0) throw new Error('a GitHub fixture needs at least one org');
    for (const user of fixture.users) this.users.set(user.login.toLowerCase(), { ...user, verified_emails: [...(user.verified_emails ?? [])] });
    for (const org of fixture.orgs) this.orgs.set(org.login.toLowerCase(), this.loadOrg(org));
    this.nextUserId = Math.max(0, ...[...this.users.values()].map(u => u.id)) + 1;
    this.nextTeamId = Math.max(0, ...[...this.orgs.values()].flatMap(o => [...o.teams.keys()])) + 1;
  }

  private loadOrg(org: GithubOrganization): OrgRecord {
    const { members, teams, team_members, saml_identity_provider, ...rest } = org;
    const saml = loadSamlProvider(saml_identity_provider, login => this.users.get(login.toLowerCase())?.id, org.login);
    const record: OrgRecord = { ...rest, verified_domains: [...(org.verified_domains ?? [])], members: new Map(), teams: new Map(), teamMembers: new Map(), saml };
    for (const member of members) {
      if (!this.users.has(member.login.toLowerCase())) throw new Error(`org ${org.login}: member ${member.login} is not in users`);
      record.members.set(member.login.toLowerCase(), member.role);
    }
    const idBySlug = new Map(teams.map(t => [t.slug, t.id]));
    for (const { parent_slug, ...team } of teams) {
      const parentId = parent_slug ? idBySlug.get(parent_slug) : null;
      if (parentId === undefined) throw new Error(`team ${team.slug}: unknown parent ${parent_slug}`);
      record.teams.set(team.id, { ...team, parentId });
      const direct = new Map<string, GithubTeamRole>();
      for (const m of team_members[team.slug] ?? []) direct.set(m.login.toLowerCase(), m.role);
      record.teamMembers.set(team.id, direct);
    }
    return record;
  }

  // ---- reads ----------------------------------------------------------------

  defaultOrgLogin(): string {
    return [...this.orgs.values()][0].login;
  }

  org(login?: string): OrgRecord | undefined {
    return this.orgs.get((login ?? this.defaultOrgLogin()).toLowerCase());
  }

  user(login: string): GithubUser | undefined {
    return this.users.get(login.toLowerCase());
  }

  userById(id: number): GithubUser | undefined {
    for (const user of this.users.values()) if (user.id === id) return user;
    return undefined;
  }

  /** Org members sorted by id, with their role. */
  members(org: OrgRecord): { user: GithubUser; role: GithubOrgRole }[] {
    if (this.empty) return [];
    const out: { user: GithubUser; role: GithubOrgRole }[] = [];
    for (const [login, role] of org.members) {
      const user = this.users.get(login);
      if (user) out.push({ user, role });
    }
    return out.sort((a, b) => a.user.id - b.user.id);
  }

  /** Teams sorted by name (case-insensitive), then id — GitHub's listing order. */
  teams(org: OrgRecord): TeamRecord[] {
    if (this.empty) return [];
    return [...org.teams.values()].sort(compareTeams);
  }

  team(org: OrgRecord, slug: string): TeamRecord | undefined {
    if (this.empty) return undefined;
    for (const team of org.teams.values()) if (team.slug === slug.toLowerCase()) return team;
    return undefined;
  }

  children(org: OrgRecord, team: TeamRecord): TeamRecord[] {
    return this.teams(org).filter(t => t.parentId === team.id);
  }

  descendants(org: OrgRecord, team: TeamRecord): TeamRecord[] {
    const out: TeamRecord[] = [];
    const walk = (parent: TeamRecord) => {
      for (const child of this.children(org, parent)) {
        out.push(child);
        walk(child);
      }
    };
    walk(team);
    return out;
  }

  ancestors(org: OrgRecord, team: TeamRecord): TeamRecord[] {
    const out: TeamRecord[] = [];
    for (let p = team.parentId; p !== null; ) {
      const parent = org.teams.get(p);
      if (!parent) break;
      out.push(parent);
      p = parent.parentId;
    }
    return out;
  }

  /**
   * Team members sorted by user id. `immediate` = direct members only;
   * `childTeams` = only members inherited from child teams; otherwise both.
   * A direct membership wins over an inherited one.
   */
  teamMembers(
    org: OrgRecord,
    team: TeamRecord,
    membership: 'all' | 'immediate' | 'childTeams' = 'all',
  ): { user: GithubUser; role: GithubTeamRole; inherited: boolean }[] {
    if (this.empty) return [];
    const found = new Map<string, { user: GithubUser; role: GithubTeamRole; inherited: boolean }>();
    const direct = org.teamMembers.get(team.id) ?? new Map();
    if (membership !== 'childTeams') {
      for (const [login, role] of direct) {
        const user = this.users.get(login);
        if (user) found.set(login, { user, role, inherited: false });
      }
    }
    if (membership !== 'immediate') {
      for (const child of this.descendants(org, team)) {
        for (const [login, role] of org.teamMembers.get(child.id) ?? []) {
          if (found.has(login) || (membership === 'childTeams' && direct.has(login))) continue;
          const user = this.users.get(login);
          if (user) found.set(login, { user, role, inherited: true });
        }
      }
    }
    return [...found.values()].sort((a, b) => a.user.id - b.user.id);
  }

  /** Orgs the user belongs to. */
  orgsOf(user: GithubUser): OrgRecord[] {
    return [...this.orgs.values()].filter(o => o.members.has(user.login.toLowerCase()));
  }

  /** The current state as a fixture. */
  snapshot(): GithubFixture {
    return {
      users: [...this.users.values()].map(u => ({ ...u, verified_emails: [...u.verified_emails] })),
      orgs: [...this.orgs.values()].map(org => {
        const { members, teams, teamMembers, saml, ...rest } = org;
        const list = [...teams.values()];
        return {
          ...rest,
          verified_domains: [...org.verified_domains],
          members: [...members].map(([login, role]) => ({ login: this.users.get(login)?.login ?? login, role })),
          teams: list.map(({ parentId, ...t }) => ({ ...t, parent_slug: parentId === null ? null : (teams.get(parentId)?.slug ?? null) })),
          team_members: Object.fromEntries(
            list.map(t => [t.slug, [...(teamMembers.get(t.id) ?? [])].map(([login, role]) => ({ login: this.users.get(login)?.login ?? login, role }))]),
          ),
          saml_identity_provider: samlProviderSnapshot(saml, id => this.userById(id)?.login),
        };
      }),
    };
  }

  // ---- mutations (the org handle) -------------------------------------------

  /** GHES site-admin suspension: sets `suspended_at`; the user stays an org member. */
  suspendUser(login: string): GithubUser {
    const user = this.requireUser(login);
    user.suspended_at = now();
    user.updated_at = now();
    return user;
  }

  unsuspendUser(login: string): GithubUser {
    const user = this.requireUser(login);
    user.suspended_at = null;
    user.updated_at = now();
    return user;
  }

  /** Deletes the account and every membership it had. */
  deleteUser(login: string): void {
    const user = this.requireUser(login);
    const key = user.login.toLowerCase();
    for (const org of this.orgs.values()) this.dropMember(org, key);
    this.users.delete(key);
  }

  /** Changes the display name (`name`). */
  renameUser(login: string, name: string | null): GithubUser {
    const user = this.requireUser(login);
    user.name = name;
    user.updated_at = now();
    return user;
  }

  /** Sets profile fields as given (see `UserFieldsUpdate`); a new login keeps every membership. */
  updateUser(login: string, fields: UserFieldsUpdate): GithubUser {
    const user = this.requireUser(login);
    const unknown = Object.keys(fields).filter(key => !(UPDATABLE_USER_FIELDS as readonly string[]).includes(key));
    if (unknown.length) throw new GithubAdminError(400, `cannot set ${unknown.join(', ')}; settable: ${UPDATABLE_USER_FIELDS.join(', ')}`);
    const { login: newLogin, ...profile } = fields;
    for (const [key, value] of Object.entries(profile)) {
      if (value !== null && typeof value !== 'string') throw new GithubAdminError(400, `${key} must be a string or null`);
    }
    if (newLogin !== undefined) this.changeLogin(user, newLogin);
    Object.assign(user, profile, { updated_at: now() });
    return user;
  }

  private changeLogin(user: GithubUser, login: unknown): void {
    if (typeof login !== 'string' || login === '') throw new GithubAdminError(400, 'login must be a non-empty string');
    const from = user.login.toLowerCase();
    const to = login.toLowerCase();
    if (to !== from && this.users.has(to)) throw new GithubAdminError(422, `login ${login} is already taken`);
    this.users.delete(from);
    this.users.set(to, user);
    user.login = login;
    for (const org of this.orgs.values()) {
      for (const members of [org.members, ...org.teamMembers.values()] as Array<Map<string, string>>) {
        const role = members.get(from);
        if (role === undefined) continue;
        members.delete(from);
        members.set(to, role);
      }
    }
  }

  createUser(input: CreateUserInput): GithubUser {
    if (!input.login || !/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/.test(input.login)) {
      throw new GithubAdminError(422, `invalid login "${input.login}"`);
    }
    if (this.users.has(input.login.toLowerCase())) throw new GithubAdminError(422, `login ${input.login} is already taken`);
    const id = this.nextUserId++;
    const user: GithubUser = {
      login: input.login,
      id,
      node_id: legacyNodeId('User', id),
      name: input.name ?? null,
      email: input.email ?? null,
      company: null,
      location: null,
      bio: null,
      blog: '',
      site_admin: false,
      created_at: now(),
      updated_at: now(),
      suspended_at: null,
      verified_emails: input.verified_emails ?? (input.email ? [input.email] : []),
    };
    this.users.set(input.login.toLowerCase(), user);
    if (input.org !== null) this.addOrgMember(user.login, input.role ?? 'member', input.org ?? undefined);
    return user;
  }

  addOrgMember(login: string, role: GithubOrgRole = 'member', orgLogin?: string): void {
    const user = this.requireUser(login);
    this.requireOrg(orgLogin).members.set(user.login.toLowerCase(), role);
  }

  /** Removes the user from the org and from all its teams, as GitHub does. */
  removeOrgMember(login: string, orgLogin?: string): void {
    const org = this.requireOrg(orgLogin);
    const key = login.toLowerCase();
    if (!org.members.has(key)) throw new GithubAdminError(404, `${login} is not a member of ${org.login}`);
    this.dropMember(org, key);
  }

  addTeamMember(slug: string, login: string, role: GithubTeamRole = 'member', orgLogin?: string): void {
    const org = this.requireOrg(orgLogin);
    const team = this.requireTeam(org, slug);
    const key = this.requireUser(login).login.toLowerCase();
    if (!org.members.has(key)) throw new GithubAdminError(422, `${login} is not a member of ${org.login}`);
    org.teamMembers.get(team.id)!.set(key, role);
  }

  removeTeamMember(slug: string, login: string, orgLogin?: string): void {
    const org = this.requireOrg(orgLogin);
    const team = this.requireTeam(org, slug);
    if (!org.teamMembers.get(team.id)!.delete(login.toLowerCase())) {
      throw new GithubAdminError(404, `${login} is not a direct member of ${slug}`);
    }
  }

  /** Renames a team; like GitHub, the slug follows the new name. */
  renameTeam(slug: string, name: string, orgLogin?: string): TeamRecord {
    const org = this.requireOrg(orgLogin);
    const team = this.requireTeam(org, slug);
    const newSlug = teamSlug(name) || `team-${team.id}`;
    const clash = this.team(org, newSlug);
    if (clash && clash.id !== team.id) throw new GithubAdminError(422, `a team with slug ${newSlug} already exists`);
    team.name = name;
    team.slug = newSlug;
    team.updated_at = now();
    return team;
  }

  createTeam(input: CreateTeamInput, orgLogin?: string): TeamRecord {
    const org = this.requireOrg(orgLogin);
    if (!input.name) throw new GithubAdminError(422, 'name is required');
    const id = this.nextTeamId++;
    const slug = teamSlug(input.name) || `team-${id}`;
    if (this.team(org, slug)) throw new GithubAdminError(422, `a team with slug ${slug} already exists`);
    const parentId = input.parentSlug ? this.requireTeam(org, input.parentSlug).id : null;
    const team: TeamRecord = {
      id,
      node_id: legacyNodeId('Team', id),
      name: input.name,
      slug,
      description: input.description ?? null,
      privacy: input.privacy ?? 'closed',
      notification_setting: 'notifications_enabled',
      permission: 'pull',
      parentId,
      created_at: now(),
      updated_at: now(),
    };
    org.teams.set(id, team);
    org.teamMembers.set(id, new Map());
    return team;
  }

  /** Moves a team under another (or to the root with null). */
  setTeamParent(slug: string, parentSlug: string | null, orgLogin?: string): TeamRecord {
    const org = this.requireOrg(orgLogin);
    const team = this.requireTeam(org, slug);
    const parent = parentSlug ? this.requireTeam(org, parentSlug) : null;
    if (parent && (parent.id === team.id || this.descendants(org, team).some(d => d.id === parent.id))) {
      throw new GithubAdminError(422, 'a team cannot be nested under itself or its descendants');
    }
    team.parentId = parent?.id ?? null;
    team.updated_at = now();
    return team;
  }

  /** Deletes a team and, as GitHub does, all its child teams. */
  deleteTeam(slug: string, orgLogin?: string): void {
    const org = this.requireOrg(orgLogin);
    const team = this.requireTeam(org, slug);
    for (const doomed of [team, ...this.descendants(org, team)]) {
      org.teams.delete(doomed.id);
      org.teamMembers.delete(doomed.id);
    }
  }

  /** Sets the SAML identity linked to an account (created when it has none), or removes it (`identity` null). */
  setSamlIdentity(login: string, identity: SamlIdentityInput | null, orgLogin?: string): GithubExternalIdentity | undefined {
    const saml = this.requireSaml(orgLogin);
    const set = setSamlIdentity(saml, this.requireUser(login), identity);
    return set && identitySnapshot(set, id => this.userById(id)?.login);
  }

  /** False makes `samlIdentityProvider` answer as to credentials without the permission to read it; true undoes it. */
  setSamlReadable(readable: boolean, orgLogin?: string): void {
    this.requireSaml(orgLogin).readable = readable;
  }

  /** Makes every org read as empty (no members, no teams), or back. */
  setEmpty(empty: boolean): void {
    this.empty = empty;
  }

  // ---- helpers --------------------------------------------------------------

  private dropMember(org: OrgRecord, key: string): void {
    org.members.delete(key);
    for (const members of org.teamMembers.values()) members.delete(key);
  }

  requireOrg(login?: string): OrgRecord {
    const org = this.org(login);
    if (!org) throw new GithubAdminError(404, `no org ${login}`);
    return org;
  }

  private requireSaml(orgLogin?: string): SamlProviderRecord {
    const org = this.requireOrg(orgLogin);
    if (!org.saml) throw new GithubAdminError(422, `${org.login} has no SAML identity provider`);
    return org.saml;
  }

  private requireUser(login: string): GithubUser {
    const user = this.user(login);
    if (!user) throw new GithubAdminError(404, `no user ${login}`);
    return user;
  }

  private requireTeam(org: OrgRecord, slug: string): TeamRecord {
    for (const team of org.teams.values()) if (team.slug === slug.toLowerCase()) return team;
    throw new GithubAdminError(404, `no team ${slug} in ${org.login}`);
  }
}

function compareTeams(a: TeamRecord, b: TeamRecord): number {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.id - b.id;
}
