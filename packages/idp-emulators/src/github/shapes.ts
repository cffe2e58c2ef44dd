import type { GithubTeamRole, GithubUser } from './fixture';
import type { GithubStore, OrgRecord, TeamRecord } from './store';

/** Builds REST objects in GitHub's shapes; URLs are GHES-style under `{web}/api/v3`. */
export class GithubShapes {
  constructor(
    private readonly baseUrl: () => string,
    private readonly store: GithubStore,
  ) {}

  /** The web root (`html_url`s); the emulator's base URL. */
  get web(): string {
    return this.baseUrl();
  }

  /** The REST root, GHES style. */
  get api(): string {
    return `${this.baseUrl()}/api/v3`;
  }

  avatarUrl(user: GithubUser): string {
    return user.avatar_url ?? `${this.web}/avatars/u/${user.id}`;
  }

  simpleUser(user: GithubUser) {
    const url = `${this.api}/users/${encodeURIComponent(user.login)}`;
    return {
      login: user.login,
      id: user.id,
      node_id: user.node_id,
      avatar_url: this.avatarUrl(user),
      gravatar_id: '',
      url,
      html_url: `${this.web}/${encodeURIComponent(user.login)}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type: 'User',
      site_admin: user.site_admin,
    };
  }

  teamMember(user: GithubUser, role: GithubTeamRole, inherited: boolean) {
    return { ...this.simpleUser(user), role, inherited };
  }

  /** `GET /users/{login}`: the only user shape with `name` and the public `email`. */
  publicUser(user: GithubUser) {
    return {
      ...this.simpleUser(user),
      name: user.name,
      company: user.company,
      blog: user.blog,
      location: user.location,
      email: user.email,
      hireable: null,
      bio: user.bio,
      twitter_username: null,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: user.created_at,
      updated_at: user.updated_at,
      suspended_at: user.suspended_at,
    };
  }

  private teamUrls(org: OrgRecord, team: TeamRecord) {
    const url = `${this.api}/organizations/${org.id}/team/${team.id}`;
    return {
      url,
      html_url: `${this.web}/orgs/${encodeURIComponent(org.login)}/teams/${team.slug}`,
      members_url: `${url}/members{/member}`,
      repositories_url: `${url}/repos`,
    };
  }

  teamSimple(org: OrgRecord, team: TeamRecord) {
    return {
      id: team.id,
      node_id: team.node_id,
      ...this.teamUrls(org, team),
      name: team.name,
      slug: team.slug,
      description: team.description,
      privacy: team.privacy,
      notification_setting: team.notification_setting,
      permission: team.permission,
      type: 'organization',
      organization_id: org.id,
    };
  }

  team(org: OrgRecord, team: TeamRecord) {
    const parent = team.parentId === null ? undefined : org.teams.get(team.parentId);
    return {
      ...this.teamSimple(org, team),
      permissions: { pull: true, triage: false, push: false, maintain: false, admin: false },
      parent: parent ? this.teamSimple(org, parent) : null,
    };
  }

  teamFull(org: OrgRecord, team: TeamRecord) {
    const { permissions: _permissions, ...rest } = this.team(org, team);
    return {
      ...rest,
      members_count: this.store.teamMembers(org, team, 'immediate').length,
      repos_count: 0,
      created_at: team.created_at,
      updated_at: team.updated_at,
      organization: this.organizationFull(org),
    };
  }

  organizationSimple(org: OrgRecord) {
    const url = `${this.api}/orgs/${encodeURIComponent(org.login)}`;
    return {
      login: org.login,
      id: org.id,
      node_id: org.node_id,
      url,
      repos_url: `${url}/repos`,
      events_url: `${url}/events`,
      hooks_url: `${url}/hooks`,
      issues_url: `${url}/issues`,
      members_url: `${url}/members{/member}`,
      public_members_url: `${url}/public_members{/member}`,
      avatar_url: `${this.web}/avatars/o/${org.id}`,
      description: org.description,
    };
  }

  organizationFull(org: OrgRecord) {
    return {
      ...this.organizationSimple(org),
      name: org.name,
      ...(org.email ? { email: org.email } : {}),
      twitter_username: null,
      is_verified: org.verified_domains.length > 0,
      has_organization_projects: true,
      has_repository_projects: true,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      html_url: `${this.web}/${encodeURIComponent(org.login)}`,
      type: 'Organization',
      created_at: org.created_at,
      updated_at: org.updated_at,
      archived_at: null,
      members_can_create_repositories: true,
      two_factor_requirement_enabled: false,
      members_can_create_teams: true,
    };
  }

  orgMembership(org: OrgRecord, user: GithubUser, role: string) {
    return {
      url: `${this.api}/orgs/${encodeURIComponent(org.login)}/memberships/${encodeURIComponent(user.login)}`,
      state: 'active',
      role,
      organization_url: `${this.api}/orgs/${encodeURIComponent(org.login)}`,
      organization: this.organizationSimple(org),
      user: this.simpleUser(user),
    };
  }

  installation(org: OrgRecord, appId: number, appSlug: string, clientId: string) {
    const account = {
      login: org.login,
      id: org.id,
      node_id: org.node_id,
      avatar_url: `${this.web}/avatars/o/${org.id}`,
      gravatar_id: '',
      url: `${this.api}/users/${encodeURIComponent(org.login)}`,
      html_url: `${this.web}/${encodeURIComponent(org.login)}`,
      followers_url: `${this.api}/users/${encodeURIComponent(org.login)}/followers`,
      following_url: `${this.api}/users/${encodeURIComponent(org.login)}/following{/other_user}`,
      gists_url: `${this.api}/users/${encodeURIComponent(org.login)}/gists{/gist_id}`,
      starred_url: `${this.api}/users/${encodeURIComponent(org.login)}/starred{/owner}{/repo}`,
      subscriptions_url: `${this.api}/users/${encodeURIComponent(org.login)}/subscriptions`,
      organizations_url: `${this.api}/users/${encodeURIComponent(org.login)}/orgs`,
      repos_url: `${this.api}/users/${encodeURIComponent(org.login)}/repos`,
      events_url: `${this.api}/users/${encodeURIComponent(org.login)}/events{/privacy}`,
      received_events_url: `${this.api}/users/${encodeURIComponent(org.login)}/received_events`,
      type: 'Organization',
      site_admin: false,
    };
    return {
      id: org.installation_id,
      client_id: clientId,
      account,
      repository_selection: 'all',
      access_tokens_url: `${this.api}/app/installations/${org.installation_id}/access_tokens`,
      repositories_url: `${this.api}/installation/repositories`,
      html_url: `${this.web}/organizations/${encodeURIComponent(org.login)}/settings/installations/${org.installation_id}`,
      app_id: appId,
      app_slug: appSlug,
      target_id: org.id,
      target_type: 'Organization',
      permissions: INSTALLATION_PERMISSIONS,
      events: [] as string[],
      created_at: org.created_at,
      updated_at: org.updated_at,
      single_file_name: null,
      has_multiple_single_files: false,
      single_file_paths: [] as string[],
      suspended_by: null,
      suspended_at: null,
    };
  }
}

export const INSTALLATION_PERMISSIONS = { members: 'read', metadata: 'read' } as const;
