import type { GeneratedOrg } from '../core';
import type { GithubFixture, GithubUser } from './fixture';
import { legacyNodeId } from './ids';

/** Domain of the contractors' public emails: a webmail domain, not one the org verified. */
export const CONTRACTOR_EMAIL_DOMAIN = 'gmail.example';

/** How the generated people and teams were named in the fixture. */
export interface GeneratedNames {
  /** Person key → GitHub login. */
  loginByKey: ReadonlyMap<string, string>;
  /** Team key → slug. */
  slugByKey: ReadonlyMap<string, string>;
  /** Lower-cased logins in use (extras are added to it). */
  taken: Set<string>;
}

/**
 * Adds to the fixture's org the accounts identity linking must cope with, none
 * with a SAML identity:
 * - `contractor-1`, `contractor-2`: GitHub-only people with a public email on
 *   a webmail domain (`contractor-1@gmail.example`) and no verified-domain
 *   email; members of the first and the second team.
 * - `<org>-ci-bot`: a machine account with no email, member of the last team.
 * - `<login>-personal`: a second account of the first generated person (in
 *   generation order) who is active, not hostile, has an email and is in a
 *   team: member of that person's first team, no public email, but its
 *   verified-domain email is the person's company email, so two accounts claim
 *   one person. (GitHub verifies an address on one account only; this stands
 *   for e.g. an old company address or a wrong mapping, which linking must report.)
 *
 * A login already taken gets a number (`contractor-1-2`). All are org members
 * with role `member`.
 */
export function addLinkingExtras(fixture: GithubFixture, generated: GeneratedOrg, names: GeneratedNames): void {
  const org = fixture.orgs[0];
  const slugs = org.teams.map(team => team.slug);
  let nextId = Math.max(0, ...fixture.users.map(u => u.id)) + 1;
  const stamp = '2024-06-01T00:00:00Z';

  const add = (base: string, fields: Pick<GithubUser, 'name' | 'email' | 'verified_emails'>, slug: string | undefined): GithubUser => {
    let login = base.slice(0, 39);
    for (let n = 2; names.taken.has(login.toLowerCase()); n++) login = `${base.slice(0, 36)}-${n}`;
    names.taken.add(login.toLowerCase());
    const id = nextId++;
    const user: GithubUser = {
      login,
      id,
      node_id: legacyNodeId('User', id),
      company: null,
      location: null,
      bio: null,
      blog: '',
      site_admin: false,
      created_at: stamp,
      updated_at: stamp,
      suspended_at: null,
      ...fields,
    };
    fixture.users.push(user);
    org.members.push({ login, role: 'member' });
    if (slug) org.team_members[slug].push({ login, role: 'member' });
    return user;
  };

  for (const n of [1, 2]) {
    const email = `contractor-${n}@${CONTRACTOR_EMAIL_DOMAIN}`;
    add(`contractor-${n}`, { name: `Contractor ${n}`, email, verified_emails: [email] }, slugs[n - 1]);
  }
  add(`${org.login.toLowerCase()}-ci-bot`, { name: 'CI Bot', email: null, verified_emails: [] }, slugs[slugs.length - 1]);

  const teamOf = (key: string) => generated.teams.find(team => team.memberKeys.includes(key));
  const person = generated.people.find(p => p.status === 'active' && !p.hostile && p.email && teamOf(p.key));
  if (person) {
    const main = names.loginByKey.get(person.key)!;
    add(`${main.slice(0, 30)}-personal`, { name: person.displayName, email: null, verified_emails: [person.email!] }, names.slugByKey.get(teamOf(person.key)!.key));
  }
}
