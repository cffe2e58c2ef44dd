import type { LoggerService } from '@backstage/backend-plugin-api';
import { forEachWithConcurrency, type OrgRecordRequest } from '@orgsync/plugin-catalog-org-sync-node';
import type { GithubClient, RequestStats } from '../client/createOctokit';
import { queryGraphql } from '../client/graphql';
import type { GithubIdentityClaimsOptions, GithubOrgProviderConfig } from '../config';
import type { GithubUser } from '../extensionPoint';
import { githubTeamRaw, githubUserRaw, type GithubOrgDelta, type GithubRecordReader, type GithubTeamRecord } from './githubRecords';
import {
  TEAM_MEMBERS_QUERY,
  TEAM_NODES_QUERY,
  userNodesQuery,
  type MemberNode,
  type TeamMemberNode,
  type TeamMembersResponse,
  type TeamNode,
  type TeamNodesResponse,
  type UserNodesResponse,
} from './queries';
import { readConnection } from './readConnection';
import { readMemberships, type MembershipToRead } from './readMemberships';
import { readSamlIdentitiesOf, type SamlNameIds } from './readSamlIdentities';
import type { OrgRead } from './readOrganization';
import { TeamEdits } from './teamEdits';
import { toRecords } from './toRecords';

/** GitHub answers at most 100 ids per `nodes(ids:)`. */
const NODES_PER_QUERY = 100;

export interface ReadRecordsOptions {
  config: GithubOrgProviderConfig;
  /** The orgs this provider reads, in configured order (a person's first org is their `org`). */
  orgs: string[];
  clientFor(org: string): GithubClient;
  /** Whether public emails are read for the org (personal tokens only, as in the full read). */
  includeEmail(org: string): Promise<boolean>;
  includeVerifiedEmails: boolean;
  /** Give user records `identityClaims` as the full read does (the provider has `linkTo`). */
  identityClaims?: GithubIdentityClaimsOptions;
  records: GithubRecordReader;
  logger: LoggerService;
  stats: RequestStats;
  signal: AbortSignal;
  /** Most members a team's list may have before it is not trusted. */
  maxUsers: number;
}

type Outcome = 'found' | 'NOT_FOUND' | 'FORBIDDEN';

/**
 * Re-reads users and teams by GraphQL node id (`nodes(ids:)`, 100 per query)
 * in every configured org: a user who is a member of none of them, or a team
 * found in none, is deleted; the rest are upserted as the full read would make
 * them, teams with their complete member lists. A named membership is read
 * by itself (`readMemberships`) and applied to the stored team, so a change
 * costs a request, not the team's member pages; a team the store cannot edit
 * that way is read whole, as are the teams of a user who left (GitHub drops
 * them from every team). An id GitHub refuses
 * to show (FORBIDDEN) and finds nowhere else fails the read: it is not proof
 * that the record is gone. With `identityClaims`, the SAML identities of the
 * users found are read by login, so their claims are the full read's.
 */
export async function readRecords(request: OrgRecordRequest, options: ReadRecordsOptions): Promise<GithubOrgDelta> {
  // A membership's user is searched for by login: from the store, else (new to the store) re-read here.
  const storedUsers = await storedUsersOf(request, options);
  const learn = (request.memberships ?? []).map(m => m.user).filter(id => !storedUsers.has(id));
  const { members, samlNameIds, deletedUsers } = await readUsers([...new Set([...request.users, ...learn])], options);

  // Memberships named by changes are read one by one; a team named whole, or one the store cannot edit, is read whole.
  const wholeTeams = new Set(request.groups);
  for (const id of await teamsOfLeavers(deletedUsers, options)) wholeTeams.add(id);
  const foundUsers = new Map([...members.values()].flatMap(list => list.map(node => [node.id, node] as const)));
  const edits = await readNamedMemberships(request, { options, deletedUsers, foundUsers, storedUsers, wholeTeams });
  const { teams, deletedTeams } = await readWholeTeams(wholeTeams, options);

  const reads: OrgRead[] = options.orgs.map(org => ({ org, members: members.get(org)!, teams: teams.get(org)!, samlNameIds: samlNameIds.get(org) }));
  const records = toRecords(reads, {
    useVerifiedEmails: options.config.useVerifiedEmails,
    excludeSuspendedUsers: options.config.excludeSuspendedUsers,
    knownUsers: await knownMembersOf(teams, options),
    identityClaims: !!options.identityClaims,
  });
  const users = new Map([...storedUsers, ...records.users.map(user => [user.id, user.raw!.github] as const)]);
  records.groups.push(...edits.changedTeams(users, wholeTeams));
  return {
    users: { upserted: records.users, deleted: deletedUsers },
    groups: { upserted: records.groups, deleted: deletedTeams },
  };
}

/** The users found in each configured org (with their SAML identities when claims are read), and those found in none. */
async function readUsers(
  userIds: string[],
  options: ReadRecordsOptions,
): Promise<{ members: Map<string, MemberNode[]>; samlNameIds: Map<string, SamlNameIds>; deletedUsers: string[] }> {
  const members = new Map<string, MemberNode[]>(options.orgs.map(org => [org, []]));
  const userOutcomes = new Map<string, Outcome[]>();
  const samlNameIds = new Map<string, SamlNameIds>();
  await forEachWithConcurrency(options.orgs, options.config.concurrency, async org => {
    const email = await options.includeEmail(org);
    for (const ids of chunks(userIds)) {
      const variables = { ids, org, email, verified: options.includeVerifiedEmails };
      const { nodes, refused } = await queryNodes<UserNodesResponse>(options, org, userNodesQuery({ suspendedAt: options.config.excludeSuspendedUsers }), variables);
      ids.forEach((id, i) => {
        const node = nodes[i];
        const isMember = isNode(node) && !!node.memberOf;
        if (isMember) members.get(org)!.push(withoutMembership(node));
        note(userOutcomes, id, isMember ? 'found' : (refused.get(i) ?? 'NOT_FOUND'));
      });
    }
    if (options.identityClaims?.saml && members.get(org)!.length) {
      const context = { org, client: options.clientFor(org), logger: options.logger, stats: options.stats, signal: options.signal, setting: `${options.config.configPath}.linkTo.match` };
      samlNameIds.set(org, await readSamlIdentitiesOf(context, members.get(org)!.map(m => m.login)));
    }
  });
  return { members, samlNameIds, deletedUsers: settle(userOutcomes, 'user') };
}

/**
 * The stored teams of users who left: GitHub drops a member who leaves the org from every team of it. Those teams are
 * read whole, not edited: the store also holds teams kept as departed (leavers.mode retain), which an edit would bring back.
 */
async function teamsOfLeavers(deletedUsers: string[], options: ReadRecordsOptions): Promise<string[]> {
  if (!deletedUsers.length) return [];
  const gone = new Set(deletedUsers);
  return (await options.records.allGroups()).filter(group => group.memberUserIds?.some(id => gone.has(id))).map(group => group.id);
}

/** Teams read whole with every member: where the record store says they live, else in every org (a new team). */
async function readWholeTeams(teamIds: ReadonlySet<string>, options: ReadRecordsOptions): Promise<{ teams: Map<string, OrgRead['teams']>; deletedTeams: string[] }> {
  const stored = await options.records.groups([...teamIds]);
  const teams = new Map<string, OrgRead['teams']>(options.orgs.map(org => [org, []]));
  const teamOutcomes = new Map<string, Outcome[]>();
  await forEachWithConcurrency(options.orgs, options.config.concurrency, async org => {
    const ids = [...teamIds].filter(id => {
      const storedOrg = orgOf(stored.get(id));
      return !storedOrg || storedOrg === org.toLowerCase();
    });
    for (const batch of chunks(ids)) {
      const variables = { ids: batch, membersPageSize: options.config.pageSizes.teamMembers };
      const { nodes, refused } = await queryNodes<TeamNodesResponse>(options, org, TEAM_NODES_QUERY, variables);
      for (const [i, id] of batch.entries()) {
        const node = nodes[i];
        const here = isNode(node) && node.organization.login.toLowerCase() === org.toLowerCase();
        note(teamOutcomes, id, here ? 'found' : (refused.get(i) ?? 'NOT_FOUND'));
        if (here && isNode(node)) teams.get(org)!.push(await withAllMembers(options, org, node));
      }
    }
  });
  return { teams, deletedTeams: settle(teamOutcomes, 'team') };
}

/** Team members that were not re-read keep the GitHub fields the store has for them. */
async function knownMembersOf(teams: Map<string, OrgRead['teams']>, options: ReadRecordsOptions): Promise<Map<string, GithubUser>> {
  const memberIds = [...teams.values()].flatMap(list => list.flatMap(team => team.members.map(m => m.id)));
  const knownUsers = new Map<string, GithubUser>();
  for (const [id, record] of await options.records.users([...new Set(memberIds)])) {
    // Records stored by an earlier version carry no raw: such members keep login and id only until a full read.
    if (record.raw) knownUsers.set(id, githubUserRaw(record).github);
  }
  return knownUsers;
}

interface NamedMemberships {
  options: ReadRecordsOptions;
  deletedUsers: string[];
  /** Users re-read this round, found in a configured org. */
  foundUsers: ReadonlyMap<string, MemberNode>;
  /** Stored GitHub users of memberships' users not named for a re-read. */
  storedUsers: ReadonlyMap<string, GithubUser>;
  /** Teams to read whole; a membership that cannot be read by itself adds its team. */
  wholeTeams: Set<string>;
}

/**
 * Reads the memberships named by changes, as edits of the stored teams. One that cannot be
 * read by itself makes its team read whole: a team the store does not hold
 * (new) or holds without its org, a user whose login is unknown, a team
 * GitHub does not show.
 */
async function readNamedMemberships(request: OrgRecordRequest, named: NamedMemberships): Promise<TeamEdits> {
  const { options, wholeTeams, foundUsers, storedUsers } = named;
  const edits = new TeamEdits();
  const gone = new Set(named.deletedUsers);
  const memberships = (request.memberships ?? []).filter(m => !wholeTeams.has(m.group) && !gone.has(m.user));
  if (!memberships.length) return edits;
  const storedTeams = await options.records.groups([...new Set(memberships.map(m => m.group))]);

  const toRead: Array<MembershipToRead & { record: GithubTeamRecord }> = [];
  for (const m of memberships) {
    const record = storedTeams.get(m.group);
    const org = options.orgs.find(o => o.toLowerCase() === orgOf(record));
    const login = foundUsers.get(m.user)?.login ?? storedUsers.get(m.user)?.login;
    if (!record || !org || !login) {
      wholeTeams.add(m.group);
      continue;
    }
    toRead.push({ user: m.user, login, team: m.group, org, record });
  }
  const answers = await readMemberships(toRead, { clientFor: options.clientFor, logger: options.logger, stats: options.stats, signal: options.signal });
  toRead.forEach((m, i) => {
    if (answers[i] === 'member') edits.join(m.record, m.user);
    else if (answers[i] === 'not-member') edits.leave(m.record, m.user);
    else wholeTeams.add(m.team);
  });
  return edits;
}

/** The stored GitHub users of the memberships' users that are not named for a re-read (records with a GitHub user only). */
async function storedUsersOf(request: OrgRecordRequest, options: ReadRecordsOptions): Promise<Map<string, GithubUser>> {
  const named = new Set(request.users);
  const ids = [...new Set((request.memberships ?? []).map(m => m.user).filter(id => !named.has(id)))];
  const stored = new Map<string, GithubUser>();
  if (!ids.length) return stored;
  for (const [id, record] of await options.records.users(ids)) if (record.raw) stored.set(id, githubUserRaw(record).github);
  return stored;
}

/** A `nodes(ids:)` query whose unresolvable ids (GitHub: null plus a NOT_FOUND or FORBIDDEN error at `nodes.<i>`) are reported, not thrown. */
async function queryNodes<T extends { nodes: unknown[] }>(
  options: ReadRecordsOptions,
  org: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ nodes: T['nodes']; refused: Map<number, Outcome> }> {
  const context = { logger: options.logger, stats: options.stats, signal: options.signal };
  try {
    const data = await queryGraphql<T>(options.clientFor(org), query, variables, context);
    return { nodes: data.nodes ?? [], refused: new Map() };
  } catch (error) {
    const e = error as { errors?: Array<{ type?: string; path?: Array<string | number> }>; data?: T };
    const refused = new Map<number, Outcome>();
    const perNode = e.errors?.every(x => {
      const [field, index] = x.path ?? [];
      if (field !== 'nodes' || typeof index !== 'number' || (x.type !== 'NOT_FOUND' && x.type !== 'FORBIDDEN')) return false;
      refused.set(index, x.type);
      return true;
    });
    if (!perNode || !e.data?.nodes) throw error;
    return { nodes: e.data.nodes, refused };
  }
}

async function withAllMembers(options: ReadRecordsOptions, org: string, node: TeamNode): Promise<OrgRead['teams'][number]> {
  const { members: firstPage, ...team } = node;
  const members: TeamMemberNode[] = [];
  await readConnection<TeamMemberNode>({
    what: `GitHub team "${org}/${team.slug}" members`,
    maxItems: options.maxUsers,
    signal: options.signal,
    firstPage,
    fetchPage: async cursor => {
      const variables = { org, slug: team.slug, cursor, pageSize: options.config.pageSizes.teamMembers };
      const data = await queryGraphql<TeamMembersResponse>(options.clientFor(org), TEAM_MEMBERS_QUERY, variables, {
        logger: options.logger,
        stats: options.stats,
        signal: options.signal,
      });
      const connection = data.organization?.team?.members;
      if (!connection) throw new Error(`GitHub team "${org}/${team.slug}" disappeared while its members were read`);
      return connection;
    },
    onPage: nodes => members.push(...nodes),
  });
  return { ...team, members };
}

/** The lower-cased org of a stored team; undefined when unknown (a new team, or stored without raw by an earlier version). */
function orgOf(record: GithubTeamRecord | undefined): string | undefined {
  return record?.raw ? githubTeamRaw(record).org.toLowerCase() : undefined;
}

/** A node of the asked type (another type's node, through the inline fragment, is `{}`). */
function isNode<N extends { id: string }>(node: N | Record<string, never> | null | undefined): node is N {
  return !!node && typeof node.id === 'string';
}

function withoutMembership(node: MemberNode & { memberOf?: unknown }): MemberNode {
  const { memberOf: _memberOf, ...member } = node;
  return member;
}

function note(outcomes: Map<string, Outcome[]>, id: string, outcome: Outcome): void {
  outcomes.set(id, [...(outcomes.get(id) ?? []), outcome]);
}

/** Ids found in no org; throws for one that some org refused to show. */
function settle(outcomes: Map<string, Outcome[]>, kind: 'user' | 'team'): string[] {
  const deleted: string[] = [];
  for (const [id, seen] of outcomes) {
    if (seen.includes('found')) continue;
    if (seen.includes('FORBIDDEN')) {
      throw new Error(`GitHub refused to show ${kind} ${id} (FORBIDDEN) and no configured org has it; check the credentials' permissions. Nothing was applied`);
    }
    deleted.push(id);
  }
  return deleted;
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += NODES_PER_QUERY) out.push(items.slice(i, i + NODES_PER_QUERY));
  return out;
}
