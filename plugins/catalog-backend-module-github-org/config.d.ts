import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import type { OrgProviderCommonConfig } from '@orgsync/plugin-catalog-org-sync-node';

/**
 * `namespace` (groups still follow namespaceGroupsByOrg), `groupType`, `guard.*`, `requestTimeout` (default 60 s, every
 * request to GitHub including App token requests, body included) and `allowInsecureHttp` (accept an `http:`
 * `integrations.github[].apiBaseUrl` that is not on this machine) come from OrgProviderCommonConfig.
 */
interface GithubOrgProviderConfig extends OrgProviderCommonConfig {
  /** Provider id; the provider is named `github:<id>`. */
  id: string;
  /** The GitHub instance, e.g. `https://github.com` or `https://ghe.example.com`. Credentials come from the matching `integrations.github` entry. */
  githubUrl: string;
  /** Org logins to read. Absent: every org the configured GitHub Apps are installed on. */
  orgs?: string[];
  /** Default: hourly. */
  schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
  /** GraphQL page sizes (1–100). Defaults: organizationMembers 100, teams 50, teamMembers 100. */
  pageSizes?: { teams?: number; teamMembers?: number; organizationMembers?: number };
  /** GHES: leave out suspended users. Default false. */
  excludeSuspendedUsers?: boolean;
  /** Prefer the org's verified-domain email. Default false. */
  useVerifiedEmails?: boolean;
  /** The official module's spelling of `useVerifiedEmails`. */
  defaultUserTransformer?: { useVerifiedEmails?: boolean };
  /** The official module's REST check for suspended users: not implemented here; accepted with a warning and ignored (use excludeSuspendedUsers). */
  experimental_checkForSuspendedUsersWithRest?: boolean;
  /** Requests in flight at once (orgs side by side, team member follow-ups). Default 2. */
  concurrency?: number;
  /** Groups in a namespace named after their org. Default: true unless there is exactly one provider with exactly one org (the official rule). */
  namespaceGroupsByOrg?: boolean;
  /**
   * GitHub webhooks through Backstage's events service (`@backstage/plugin-events-backend` with
   * `@backstage/plugin-events-backend-module-github`): topics `github.organization`, `github.membership`, `github.team`.
   */
  events?: {
    /** Apply webhook deliveries between scheduled runs. Default true (without the events backend nothing arrives and nothing changes). */
    enabled?: boolean;
    /**
     * Leave deliveries about teams, team memberships and people joining the org for the next change round
     * (`poll.interval`), so that what arrives over the interval is re-read together; people leaving the org
     * are still processed at once. Trades the latency of team changes for fewer GitHub requests. Default false.
     */
    batchTeamChanges?: boolean;
    /** How often queued changes are processed (engine setting), e.g. `{ seconds: 30 }`. Default 30 seconds; 1 second to 1 day. */
    poll?: { interval?: { [unit: string]: number } | string };
  };
  naming?: {
    /** Default `login`. */
    users?: string;
    /** Default `name` (the team slug). */
    groups?: string;
  };
}

export interface Config {
  catalog?: {
    providers?: {
      /** GitHub org members and teams; one provider object or an array of them (the official module's shape). */
      githubOrg?: GithubOrgProviderConfig | GithubOrgProviderConfig[];
    };
  };
}
