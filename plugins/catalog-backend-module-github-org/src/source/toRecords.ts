import type { OrgUserIdentityClaims } from '@orgsync/plugin-catalog-org-sync-node';
import { ANNOTATION_EDIT_URL, ANNOTATION_GITHUB_TEAM_SLUG, ANNOTATION_GITHUB_USER_ID, ANNOTATION_GITHUB_USER_LOGIN } from '../annotations';
import type { GithubTeam, GithubUser } from '../extensionPoint';
import type { GithubTeamRecord, GithubUserRecord } from './githubRecords';
import type { MemberNode } from './queries';
import type { OrgRead } from './readOrganization';
import { distinct } from './readSamlIdentities';

/** Records of one or more org reads. */
export interface GithubRecords {
  users: GithubUserRecord[];
  groups: GithubTeamRecord[];
}

export interface ToRecordsOptions {
  useVerifiedEmails: boolean;
  excludeSuspendedUsers: boolean;
  /**
   * GitHub users known from elsewhere (the record store), for team members
   * that are not among the users read: a re-read team's `members` then carry
   * the same fields as after a full read.
   */
  knownUsers?: ReadonlyMap<string, GithubUser>;
  /** Give each user record `identityClaims` (the provider has `linkTo`). */
  identityClaims?: boolean;
}

const orUndefined = <T>(value: T | null | undefined): T | undefined => (value === null || value === '' ? undefined : value);

/** The official default transformer's choice: the first verified-domain email without a `+tag`, else the public one. */
function verifiedEmail(node: MemberNode): string | undefined {
  const first = node.organizationVerifiedDomainEmails?.[0];
  return first ? first.replace(/\+[^@]*/, '') : undefined;
}

function toGithubUser(node: MemberNode): GithubUser {
  const user: GithubUser = { login: node.login, id: node.id };
  if (node.bio) user.bio = node.bio;
  if (node.avatarUrl) user.avatarUrl = node.avatarUrl;
  if (node.email) user.email = node.email;
  if (node.name) user.name = node.name;
  if (node.organizationVerifiedDomainEmails) user.organizationVerifiedDomainEmails = [...node.organizationVerifiedDomainEmails];
  if (node.suspendedAt) user.suspendedAt = node.suspendedAt;
  return user;
}

/**
 * Records from every org read: a person who is a member of several orgs is
 * one user record (merged by GitHub node id); teams stay per org. The GitHub
 * objects travel as each record's `raw`.
 */
export function toRecords(reads: OrgRead[], options: ToRecordsOptions): GithubRecords {
  const users = new Map<string, GithubUserRecord & { raw: NonNullable<GithubUserRecord['raw']> }>();
  for (const read of reads) {
    for (const node of read.members) {
      const existing = users.get(node.id);
      if (existing) {
        existing.raw.orgs.push(read.org);
        const github = existing.raw.github;
        // Verified-domain emails are per org: the first org that has one gives it.
        if (!github.organizationVerifiedDomainEmails?.length && node.organizationVerifiedDomainEmails?.length) {
          github.organizationVerifiedDomainEmails = [...node.organizationVerifiedDomainEmails];
          if (options.useVerifiedEmails) existing.email = verifiedEmail(node);
        }
        continue;
      }
      const github = toGithubUser(node);
      users.set(node.id, {
        id: node.id,
        login: node.login,
        email: (options.useVerifiedEmails ? verifiedEmail(node) : undefined) ?? orUndefined(node.email),
        displayName: orUndefined(node.name) ?? node.login,
        picture: orUndefined(node.avatarUrl),
        active: !(options.excludeSuspendedUsers && node.suspendedAt),
        inactiveReason: options.excludeSuspendedUsers && node.suspendedAt ? `suspended at ${node.suspendedAt}` : undefined,
        annotations: { [ANNOTATION_GITHUB_USER_LOGIN]: node.login, [ANNOTATION_GITHUB_USER_ID]: node.id },
        raw: { github, org: read.org, orgs: [read.org] },
      });
    }
  }

  const groups: GithubTeamRecord[] = [];
  for (const read of reads) {
    for (const team of read.teams) {
      const github: GithubTeam = {
        slug: team.slug,
        combinedSlug: team.combinedSlug,
        members: team.members.map(m => users.get(m.id)?.raw.github ?? options.knownUsers?.get(m.id) ?? { login: m.login, id: m.id }),
      };
      if (team.name) github.name = team.name;
      if (team.description) github.description = team.description;
      if (team.avatarUrl) github.avatarUrl = team.avatarUrl;
      if (team.editTeamUrl) github.editTeamUrl = team.editTeamUrl;
      if (team.parentTeam) github.parentTeam = { slug: team.parentTeam.slug, combinedSlug: `${read.org}/${team.parentTeam.slug}`, members: [] };
      const annotations: Record<string, string> = { [ANNOTATION_GITHUB_TEAM_SLUG]: team.combinedSlug };
      if (team.editTeamUrl) annotations[ANNOTATION_EDIT_URL] = team.editTeamUrl;
      groups.push({
        id: team.id,
        name: team.slug,
        displayName: orUndefined(team.name),
        description: orUndefined(team.description),
        picture: orUndefined(team.avatarUrl),
        parentIds: team.parentTeam ? [team.parentTeam.id] : [],
        memberUserIds: [...new Set(team.members.map(m => m.id))],
        annotations,
        raw: { github, org: read.org },
      });
    }
  }
  if (options.identityClaims) {
    const membersByRead = reads.map(read => ({ read, members: new Map(read.members.map(m => [m.id, m])) }));
    for (const user of users.values()) user.identityClaims = identityClaimsOf(user.id, user.raw.orgs, membersByRead);
  }
  return { users: [...users.values()], groups };
}

/**
 * What a member's account says about who holds it, from every org it was read
 * in: SAML NameIDs, verified-domain emails (per org on GitHub), the public email.
 */
function identityClaimsOf(id: string, orgs: string[], reads: Array<{ read: OrgRead; members: Map<string, MemberNode> }>): OrgUserIdentityClaims {
  const samlNameIds: string[] = [];
  const verifiedEmails: string[] = [];
  let publicEmail: string | undefined;
  for (const { read, members } of reads) {
    samlNameIds.push(...(read.samlNameIds?.get(id) ?? []));
    const node = members.get(id);
    verifiedEmails.push(...(node?.organizationVerifiedDomainEmails ?? []).filter(email => email.trim() !== ''));
    publicEmail ??= orUndefined(node?.email);
  }
  const claims: OrgUserIdentityClaims = { where: `GitHub org${orgs.length > 1 ? 's' : ''} ${orgs.join(', ')}` };
  if (samlNameIds.length) claims.samlNameIds = distinct(samlNameIds);
  if (verifiedEmails.length) {
    claims.verifiedEmails = distinct(verifiedEmails);
    // On the org's own verified domains: an address nobody in the people source has belongs to someone who left.
    claims.orgDomainEmails = true;
  }
  if (publicEmail) claims.emails = [publicEmail];
  return claims;
}
