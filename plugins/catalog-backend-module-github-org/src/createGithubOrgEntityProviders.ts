import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  createOrgEntityProvidersFromConfig,
  type OrgProviderModuleDeps,
  readProviderEntries,
  type GroupEntity,
  type OrgEntityProvider,
  type UserEntity,
} from '@orgsync/plugin-catalog-org-sync-node';
import { GithubEventSubscriber } from './changes/GithubEventSubscriber';
import { GithubInstanceCredentials } from './client/credentials';
import { CONFIG_ROOT, GITHUB_ORG_PROVIDER_ENTRIES, officialNamespacingRule, readGithubOrgProviderConfig } from './config';
import { DEFAULT_GROUP_NAMING, DEFAULT_GROUP_TYPE, DEFAULT_USER_NAMING, GITHUB_IDP } from './defaults';
import type { TeamTransformer, TransformerContext, UserTransformer } from './extensionPoint';
import { GithubOrgSource } from './source/GithubOrgSource';
import { githubTeamRaw, githubUserRaw, type GithubTeamRecord, type GithubUserRecord } from './source/githubRecords';

/**
 * The engine's module dependencies and the transformers. `events` (optional here) is where GitHub webhook deliveries
 * (`github.*` topics) arrive; GitHub's signals need no `httpRouter`.
 *
 * @alpha
 */
export interface CreateGithubOrgEntityProvidersOptions
  extends Omit<OrgProviderModuleDeps, 'httpRouter' | 'events'>,
    Partial<Pick<OrgProviderModuleDeps, 'httpRouter' | 'events'>> {
  userTransformer?: UserTransformer;
  teamTransformer?: TeamTransformer;
}

/** One scheduled provider (`github:<id>`) per entry of `catalog.providers.githubOrg`; none when it is absent. @alpha */
export function createGithubOrgEntityProviders(options: CreateGithubOrgEntityProvidersOptions): OrgEntityProvider[] {
  const { userTransformer, teamTransformer } = options;
  const entries = readProviderEntries(options.config, CONFIG_ROOT, GITHUB_ORG_PROVIDER_ENTRIES);
  const namespaceByDefault = officialNamespacingRule(entries);
  return createOrgEntityProvidersFromConfig({
    idp: GITHUB_IDP,
    configRoot: CONFIG_ROOT,
    rootConfig: options.config,
    logger: options.logger,
    scheduler: options.scheduler,
    database: options.database,
    events: options.events,
    defaults: { userNaming: DEFAULT_USER_NAMING, groupNaming: DEFAULT_GROUP_NAMING, groupType: DEFAULT_GROUP_TYPE },
    readProviders: () => entries,
    build: ({ id, config, configPath }) => {
      const github = readGithubOrgProviderConfig(config, id, configPath, options.logger);
      const credentials = GithubInstanceCredentials.fromConfig(options.config, github.githubUrl);
      credentials.checkApiBaseUrl({ allowInsecureHttp: github.allowInsecureHttp, optInSetting: `${configPath}.allowInsecureHttp` });
      const logger = options.logger.child({ provider: `GithubMultiOrgEntityProvider:${id}` });
      if (!credentials.integration) {
        logger.warn(`${configPath}: no integrations.github entry matches ${github.githubUrl}; every run will fail until one is added`);
      }
      const source = new GithubOrgSource({
        config: github,
        credentials,
        logger,
        readVerifiedEmails: github.useVerifiedEmails || !!userTransformer,
      });
      const namespaceGroups = github.namespaceGroupsByOrg ?? namespaceByDefault;
      // The official module's location values: `url:https://<host>/<login>` and `url:https://<host>/orgs/<org>/teams/<slug>`.
      const webBase = () => `https://${credentials.integration?.host ?? new URL(github.githubUrl).host}`;
      const located = <E extends UserEntity | GroupEntity>(entity: E, location: string): E => {
        entity.metadata.annotations = { ...entity.metadata.annotations, [ANNOTATION_LOCATION]: location, [ANNOTATION_ORIGIN_LOCATION]: location };
        return entity;
      };
      const contextFor = (org: string): TransformerContext => ({
        client: (query, parameters) => source.clientFor(org).graphql(query, parameters),
        query: '',
        org,
      });
      return {
        source,
        secrets: credentials.secrets(),
        absentReason: { user: 'no longer a member of the organization', group: 'team deleted in GitHub' },
        // The official module's provider name and location key: switching packages hands its entities over without a gap or a conflict.
        providerName: `GithubMultiOrgEntityProvider:${id}`,
        locationKey: `github-multi-org-provider:${id}`,
        // Webhooks arrive through Backstage's events service; GitHub has no change feed to poll for members and teams.
        changes: github.eventsEnabled ? { subscriber: new GithubEventSubscriber(github.orgs, { batchTeamChanges: github.batchTeamChanges }) } : undefined,
        mapping: {
          // The records the engine hands back are this source's own (GithubOrgSource's OrgSource<GithubUserRaw, GithubTeamRaw>).
          transformUser: async (entity, record: GithubUserRecord) => {
            const raw = githubUserRaw(record);
            let result: UserEntity | undefined = entity;
            if (userTransformer) {
              result = (await userTransformer(raw.github, contextFor(raw.org))) as UserEntity | undefined;
            } else if (raw.github.bio) {
              entity.metadata.description = raw.github.bio;
            }
            return result && located(result, `url:${webBase()}/${raw.github.login}`);
          },
          transformGroup: async (entity, record: GithubTeamRecord) => {
            const raw = githubTeamRaw(record);
            let result: GroupEntity | undefined = entity;
            if (teamTransformer) {
              result = (await teamTransformer(raw.github, contextFor(raw.org))) as GroupEntity | undefined;
            } else if (namespaceGroups) {
              entity.metadata.namespace = raw.org.toLowerCase();
            }
            return result && located(result, `url:${webBase()}/orgs/${raw.org}/teams/${raw.github.slug}`);
          },
        },
      };
    },
  });
}
