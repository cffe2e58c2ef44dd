import type { GeneratedOrg } from '../core';
import type { GithubFixture, GithubOrganization, GithubTeam, GithubUser } from './fixture';
import { legacyNodeId, teamSlug, toGithubLogin } from './ids';
import { addLinkingExtras } from './linkingExtras';
import { stableGuid } from './samlIdentities';

export interface GithubFromGeneratedOptions {
  /** Organisation login. Default `acme`. */
  org?: string;
  /** Verified email domain of the org. Default `example.com` (the generator's default). */
  verifiedDomain?: string;
  /** Installation id of the GitHub App on the org. Default 1. */
  installationId?: number;
  /**
   * Gives the org SAML single sign-on with one external identity per member
   * (a generated person who is not deprovisioned): NameID = the person's email,
   * the value the Okta and the Graph emulators both hold for them (except
   * Graph's guests, whom Entra knows by a partner address), or their Okta login
   * `<login>@<verifiedDomain>` when they have none; `username` = that Okta
   * login; `emails` = the email. Default true; false: the org has no SAML
   * SSO (`samlIdentityProvider` is null). Member and team counts are the same either way.
   */
  saml?: boolean;
  /**
   * Adds the accounts identity linking must cope with (default false: they
   * change the member and team counts). See `addLinkingExtras` for the
   * accounts: `contractor-1` and `contractor-2` (GitHub-only, webmail public
   * email), `<org>-ci-bot` (a machine account), `<login>-personal` (a second
   * account of one person, claiming the person's company email as its verified-domain email).
   */
  linkingExtras?: boolean;
}

const EPOCH = Date.parse('2020-01-01T00:00:00Z');

/**
 * Converts a generated org. Logins are made GitHub-legal (`.` → `-`) and
 * unique case-insensitively (GitHub logins are); deprovisioned people keep
 * their account but are not org members; suspended people get `suspended_at`
 * (GHES); a third of the people hide their public email; each team's first
 * member is its maintainer; every 50th person is an org owner. Members have
 * SAML identities (`saml`); `linkingExtras` adds accounts that are not people
 * of the generated org.
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
  const domain = options.verifiedDomain ?? 'example.com';
  const organization: GithubOrganization = {
    login: orgLogin,
    id: orgId,
    node_id: legacyNodeId('Organization', orgId),
    name: orgLogin.charAt(0).toUpperCase() + orgLogin.slice(1),
    description: `The ${orgLogin} organisation`,
    email: null,
    created_at: '2019-01-01T00:00:00Z',
    updated_at: '2019-01-01T00:00:00Z',
    verified_domains: [domain],
    installation_id: options.installationId ?? 1,
    members: org.people
      .map((person, index) => ({ person, index }))
      .filter(({ person }) => memberKeys.has(person.key))
      .map(({ person, index }) => ({ login: loginByKey.get(person.key)!, role: index % 50 === 0 ? 'admin' : 'member' })),
    teams,
    team_members: teamMembers,
    saml_identity_provider:
      options.saml === false
        ? null
        : {
            sso_url: `https://sso.${domain}/app/github-${orgLogin.toLowerCase()}/saml`,
            identities: org.people
              .filter(person => memberKeys.has(person.key))
              .map(person => {
                const oktaLogin = `${person.login}@${domain}`;
                const login = loginByKey.get(person.key)!;
                return { guid: stableGuid(orgId, login), name_id: person.email ?? oktaLogin, username: oktaLogin, emails: person.email ? [person.email] : [], login };
              }),
          },
  };
  const fixture = { users, orgs: [organization] };
  if (options.linkingExtras) addLinkingExtras(fixture, org, { loginByKey, slugByKey, taken });
  return fixture;
}
