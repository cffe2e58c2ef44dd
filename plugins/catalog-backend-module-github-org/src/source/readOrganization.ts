import type { LoggerService } from '@backstage/backend-plugin-api';
import type { GithubClient, RequestStats } from '../client/createOctokit';
import { queryGraphql } from '../client/graphql';
import type { GithubPageSizes } from '../config';
import { forEachWithConcurrency } from '@orgsync/plugin-catalog-org-sync-node';
import {
  membersQuery,
  TEAM_MEMBERS_QUERY,
  TEAMS_QUERY,
  type MemberNode,
  type MembersResponse,
  type TeamMemberNode,
  type TeamMembersResponse,
  type TeamNode,
  type TeamsResponse,
} from './queries';

export interface OrgRead {
  /** The org login as configured. */
  org: string;
  members: MemberNode[];
  teams: Array<Omit<TeamNode, 'members'> & { members: TeamMemberNode[] }>;
}

export interface ReadOrganizationOptions {
  org: string;
  client: GithubClient;
  pageSizes: GithubPageSizes;
  /** Public emails are read only with a personal token, as the official module does. */
  includeEmail: boolean;
  includeVerifiedEmails: boolean;
  includeSuspendedAt: boolean;
  concurrency: number;
  logger: LoggerService;
  stats: RequestStats;
  signal?: AbortSignal;
  onProgress(done: { members?: number; teams?: number }): void;
}

/** Reads one org completely, or throws. */
export async function readOrganization(options: ReadOrganizationOptions): Promise<OrgRead> {
  const { org, client } = options;
  const ctx = { logger: options.logger, stats: options.stats, signal: options.signal };
  const checkAborted = () => {
    if (options.signal?.aborted) throw new Error(`reading org "${org}" was aborted`);
  };

  // A conditional REST read: confirms the org and the credentials before paging, and costs nothing when unchanged (304).
  await client.rest.orgs.get({ org });

  const members: MemberNode[] = [];
  const query = membersQuery({ suspendedAt: options.includeSuspendedAt });
  for (let cursor: string | null = null; ; ) {
    checkAborted();
    const data: MembersResponse = await queryGraphql<MembersResponse>(
      client,
      query,
      { org, cursor, pageSize: options.pageSizes.organizationMembers, email: options.includeEmail, verified: options.includeVerifiedEmails },
      ctx,
    );
    const connection = data.organization?.membersWithRole;
    if (!connection) throw new Error(`GitHub returned no organization "${org}" (members)`);
    members.push(...connection.nodes);
    options.onProgress({ members: members.length });
    if (!connection.pageInfo.hasNextPage) break;
    cursor = connection.pageInfo.endCursor;
  }

  const teams: TeamNode[] = [];
  for (let cursor: string | null = null; ; ) {
    checkAborted();
    const data: TeamsResponse = await queryGraphql<TeamsResponse>(
      client,
      TEAMS_QUERY,
      { org, cursor, pageSize: options.pageSizes.teams, membersPageSize: options.pageSizes.teamMembers },
      ctx,
    );
    const connection = data.organization?.teams;
    if (!connection) throw new Error(`GitHub returned no organization "${org}" (teams)`);
    teams.push(...connection.nodes);
    options.onProgress({ teams: teams.length });
    if (!connection.pageInfo.hasNextPage) break;
    cursor = connection.pageInfo.endCursor;
  }

  const complete = teams.map(team => ({ ...team, members: [...team.members.nodes] }));
  const truncated = complete.filter((_, i) => teams[i].members.pageInfo.hasNextPage);
  await forEachWithConcurrency(truncated, options.concurrency, async team => {
    let cursor = teams.find(t => t.id === team.id)!.members.pageInfo.endCursor;
    while (cursor) {
      checkAborted();
      const data = await queryGraphql<TeamMembersResponse>(
        client,
        TEAM_MEMBERS_QUERY,
        { org, slug: team.slug, cursor, pageSize: options.pageSizes.teamMembers },
        ctx,
      );
      const connection = data.organization?.team?.members;
      if (!connection) throw new Error(`GitHub team "${org}/${team.slug}" disappeared while its members were read`);
      team.members.push(...connection.nodes);
      cursor = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    }
  });
  return { org, members, teams: complete };
}
