import type { LoggerService } from '@backstage/backend-plugin-api';
import type { GithubClient, RequestStats } from '../client/createOctokit';
import { queryGraphql } from '../client/graphql';
import type { GithubPageSizes } from '../config';
import { forEachWithConcurrency, type ReadBounds } from '@orgsync/plugin-catalog-org-sync-node';
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
import { readConnection } from './readConnection';
import { readSamlIdentities, type SamlNameIds } from './readSamlIdentities';

export interface OrgRead {
  /** The org login as configured. */
  org: string;
  members: MemberNode[];
  teams: Array<Omit<TeamNode, 'members'> & { members: TeamMemberNode[] }>;
  /** Members' SAML NameIDs by user node id, when they were read (identity linking). */
  samlNameIds?: SamlNameIds;
}

export interface ReadOrganizationOptions {
  org: string;
  client: GithubClient;
  pageSizes: GithubPageSizes;
  /** Public emails are read only with a personal token, as the official module does. */
  includeEmail: boolean;
  includeVerifiedEmails: boolean;
  includeSuspendedAt: boolean;
  /** Read the members' SAML identities; `setting` names the config that asked (`<provider>.linkTo.match`). */
  samlIdentities?: { setting: string };
  concurrency: number;
  logger: LoggerService;
  stats: RequestStats;
  signal?: AbortSignal;
  /** Most users and groups a listing may return before the read is not trusted. */
  bounds: ReadBounds;
  onProgress(done: { members?: number; teams?: number }): void;
}

/** Reads one org completely, or throws. */
export async function readOrganization(options: ReadOrganizationOptions): Promise<OrgRead> {
  const { org, client, signal, bounds } = options;
  const ctx = { logger: options.logger, stats: options.stats, signal };

  // A conditional REST read: confirms the org and the credentials before paging, and costs nothing when unchanged (304).
  await client.rest.orgs.get({ org, request: { signal } });

  // First: a refusal (missing permission) fails the read before the long listings.
  const samlNameIds = options.samlIdentities
    ? await readSamlIdentities({ ...ctx, org, client, setting: options.samlIdentities.setting, maxItems: bounds.maxUsers })
    : undefined;

  const members: MemberNode[] = [];
  const query = membersQuery({ suspendedAt: options.includeSuspendedAt });
  await readConnection<MemberNode>({
    what: `GitHub org "${org}" members`,
    maxItems: bounds.maxUsers,
    signal,
    fetchPage: async cursor => {
      const variables = { org, cursor, pageSize: options.pageSizes.organizationMembers, email: options.includeEmail, verified: options.includeVerifiedEmails };
      const data = await queryGraphql<MembersResponse>(client, query, variables, ctx);
      const connection = data.organization?.membersWithRole;
      if (!connection) throw new Error(`GitHub returned no organization "${org}" (members)`);
      return connection;
    },
    onPage: nodes => {
      members.push(...nodes);
      options.onProgress({ members: members.length });
    },
  });

  const teams: TeamNode[] = [];
  await readConnection<TeamNode>({
    what: `GitHub org "${org}" teams`,
    maxItems: bounds.maxGroups,
    signal,
    fetchPage: async cursor => {
      const variables = { org, cursor, pageSize: options.pageSizes.teams, membersPageSize: options.pageSizes.teamMembers };
      const data = await queryGraphql<TeamsResponse>(client, TEAMS_QUERY, variables, ctx);
      const connection = data.organization?.teams;
      if (!connection) throw new Error(`GitHub returned no organization "${org}" (teams)`);
      return connection;
    },
    onPage: nodes => {
      teams.push(...nodes);
      options.onProgress({ teams: teams.length });
    },
  });

  // Each team's first member page came with the teams page; longer lists need follow-up queries.
  const noMembersYet = (): TeamMemberNode[] => [];
  const complete = teams.map(team => ({ ...team, members: noMembersYet() }));
  const withFirstPages = complete.map((team, index) => ({ team, firstPage: teams[index].members }));
  await forEachWithConcurrency(withFirstPages, options.concurrency, async ({ team, firstPage }) => {
    await readConnection<TeamMemberNode>({
      what: `GitHub team "${org}/${team.slug}" members`,
      maxItems: bounds.maxUsers,
      signal,
      firstPage,
      fetchPage: async cursor => {
        const variables = { org, slug: team.slug, cursor, pageSize: options.pageSizes.teamMembers };
        const data = await queryGraphql<TeamMembersResponse>(client, TEAM_MEMBERS_QUERY, variables, ctx);
        const connection = data.organization?.team?.members;
        if (!connection) throw new Error(`GitHub team "${org}/${team.slug}" disappeared while its members were read`);
        return connection;
      },
      onPage: nodes => team.members.push(...nodes),
    });
  });
  return { org, members, teams: complete, ...(samlNameIds ? { samlNameIds } : {}) };
}
