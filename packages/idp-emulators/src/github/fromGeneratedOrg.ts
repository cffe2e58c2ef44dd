import type { GeneratedOrg } from '../core';
import type { GithubFixture, GithubOrganization, GithubTeam, GithubUser } from './fixture';
import { legacyNodeId, teamSlug, toGithubLogin } from './ids';

export interface GithubFromGeneratedOptions {
  /** Organisation login. Default `acme`. */
  org?: string;
  /** Verified email domain of the org. Default `example.com` (the generator's default). */
  verifiedDomain?: string;
  /** Installation id of the GitHub App on the org. Default 1. */
  installationId?: number;
}

const EPOCH = Date.parse('2020-01-01T00:00:00Z');

/**
 * Converts a generated org. Logins are made GitHub-legal (`.` → `-`) and
 * unique case-insensitively (GitHub logins are); deprovisioned people keep
 * their account but are not org members; suspended people get `suspended_at`
 * (GHES); a third of the people hide their public email; each team's first
 * member is its maintainer; every 50th person is an org owner.
 */
export function githubFixtureFromGeneratedOrg(org: GeneratedOrg, options: GithubFromGeneratedOptions = {}): GithubFixture {
  const orgLogin = options.org ?? 'acme';
  const users: GithubUser[] = [];
  const loginByKey = new Map<string, string>();
  const taken = new Set<string>();
  const memberKeys = new Set<string>();
  org.people.forEach((person, index) => {
    const base = toGithubLogin(person.login) || `user-${index}`;
    let login = base;
    for (let n = 2; taken.has(login.toLowerCase()); n++) login = `${base.slice(0, 36)}${n}`;
    taken.add(login.toLowerCase());
    loginByKey.set(person.key, login);
    if (person.status !== 'deprovisioned') memberKeys.add(person.key);
    const id = 10_000 + index;
    const stamp = new Date(EPOCH + index * 60_000).toISOString().replace('.000', '');
    users.push({
      login,
      id,
      node_id: legacyNodeId('User', id),
      name: person.displayName,
      email: index % 3 === 0 ? null : (person.email ?? null),
      company: person.department,
      location: null,
      bio: person.title,
      blog: '',
      site_admin: false,
      created_at: stamp,
      updated_at: stamp,
      suspended_at: person.status === 'suspended' ? '2024-01-01T00:00:00Z' : null,
      verified_emails: person.email ? [person.email] : [],
    });
  });

  const slugByKey = new Map<string, string>();
  const slugs = new Set<string>();
  const teams: GithubTeam[] = org.teams.map((team, index) => {
    const id = 500 + index;
    const base = teamSlug(team.name) || `team-${id}`;
    let slug = base;
    for (let n = 2; slugs.has(slug); n++) slug = `${base}-${n}`;
    slugs.add(slug);
    slugByKey.set(team.key, slug);
    const stamp = new Date(EPOCH + index * 60_000).toISOString().replace('.000', '');
    return {
      id,
      node_id: legacyNodeId('Team', id),
      name: team.name,
      slug,
      description: team.description,
      privacy: 'closed',
      notification_setting: 'notifications_enabled',
      permission: 'pull',
      parent_slug: null,
      created_at: stamp,
      updated_at: stamp,
    };
  });
  org.teams.forEach((team, index) => {
    if (team.parentKey) teams[index].parent_slug = slugByKey.get(team.parentKey) ?? null;
  });

  const teamMembers: GithubOrganization['team_members'] = {};
  org.teams.forEach(team => {
    const slug = slugByKey.get(team.key)!;
    teamMembers[slug] = team.memberKeys
      .filter(key => memberKeys.has(key))
      .map((key, position) => ({ login: loginByKey.get(key)!, role: position === 0 ? 'maintainer' : 'member' }));
  });

  const orgId = 100;
  const organization: GithubOrganization = {
    login: orgLogin,
    id: orgId,
    node_id: legacyNodeId('Organization', orgId),
    name: orgLogin.charAt(0).toUpperCase() + orgLogin.slice(1),
    description: `The ${orgLogin} organisation`,
    email: null,
    created_at: '2019-01-01T00:00:00Z',
    updated_at: '2019-01-01T00:00:00Z',
    verified_domains: [options.verifiedDomain ?? 'example.com'],
    installation_id: options.installationId ?? 1,
    members: org.people
      .map((person, index) => ({ person, index }))
      .filter(({ person }) => memberKeys.has(person.key))
      .map(({ person, index }) => ({ login: loginByKey.get(person.key)!, role: index % 50 === 0 ? 'admin' : 'member' })),
    teams,
    team_members: teamMembers,
  };
  return { users, orgs: [organization] };
}
