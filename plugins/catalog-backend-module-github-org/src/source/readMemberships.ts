import type { LoggerService } from '@backstage/backend-plugin-api';
import type { GithubClient, RequestStats } from '../client/createOctokit';
import { queryGraphql } from '../client/graphql';
import { teamMembershipsQuery, type TeamMembershipsResponse } from './queries';

/** One user's membership of one team, with what GitHub's search needs: the login, and the org whose credentials see the team. */
export interface MembershipToRead {
  user: string;
  login: string;
  team: string;
  org: string;
}

/** `unresolved`: the team was not found or not shown, or the login matched more members than one page holds: read the team whole. */
export type MembershipAnswer = 'member' | 'not-member' | 'unresolved';

/** Pairs per query: 50 member searches of at most 100 nodes each stay far below GitHub's node limit. */
const MEMBERSHIPS_PER_QUERY = 50;

export interface ReadMembershipsOptions {
  clientFor(org: string): GithubClient;
  logger: LoggerService;
  stats: RequestStats;
  signal: AbortSignal;
}

/** Whether each user is now an immediate member of each team, in the order asked; 50 pairs per GraphQL query. */
export async function readMemberships(memberships: MembershipToRead[], options: ReadMembershipsOptions): Promise<MembershipAnswer[]> {
  const answers: MembershipAnswer[] = new Array(memberships.length);
  const byOrg = new Map<string, number[]>();
  memberships.forEach((m, i) => byOrg.set(m.org, [...(byOrg.get(m.org) ?? []), i]));
  for (const [org, indexes] of byOrg) {
    for (let start = 0; start < indexes.length; start += MEMBERSHIPS_PER_QUERY) {
      const batch = indexes.slice(start, start + MEMBERSHIPS_PER_QUERY);
      const variables: Record<string, string> = {};
      batch.forEach((index, i) => {
        variables[`t${i}`] = memberships[index].team;
        variables[`l${i}`] = memberships[index].login;
      });
      const data = await queryAllowingUnresolved(options, org, teamMembershipsQuery(batch.length), variables);
      batch.forEach((index, i) => (answers[index] = answerOf(data[`m${i}`], memberships[index].user)));
    }
  }
  return answers;
}

function answerOf(team: TeamMembershipsResponse[string] | undefined, user: string): MembershipAnswer {
  const members = team?.members;
  if (!team?.id || !members) return 'unresolved';
  if (members.nodes.some(node => node.id === user)) return 'member';
  return members.pageInfo.hasNextPage ? 'unresolved' : 'not-member';
}

/** The query's data, where a team GitHub cannot resolve or will not show (NOT_FOUND, FORBIDDEN at its alias) is null, not a failure. */
async function queryAllowingUnresolved(
  options: ReadMembershipsOptions,
  org: string,
  query: string,
  variables: Record<string, string>,
): Promise<TeamMembershipsResponse> {
  try {
    return await queryGraphql<TeamMembershipsResponse>(options.clientFor(org), query, variables, options);
  } catch (error) {
    const e = error as { errors?: Array<{ type?: string; path?: Array<string | number> }>; data?: TeamMembershipsResponse };
    const perTeam = e.errors?.every(x => x.path?.length === 1 && /^m\d+$/.test(String(x.path[0])) && (x.type === 'NOT_FOUND' || x.type === 'FORBIDDEN'));
    if (!perTeam || !e.data) throw error;
    return e.data;
  }
}
