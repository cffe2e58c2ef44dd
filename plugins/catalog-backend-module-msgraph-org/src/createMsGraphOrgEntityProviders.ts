import type { Config } from '@backstage/config';
import { createOrgEntityProvidersFromConfig, readProviderEntries, type OrgEntityProvider, type OrgProviderModuleDeps } from '@orgsync/plugin-catalog-org-sync-node';
import { CONFIG_ROOT, MSGRAPH_PROVIDER_ENTRIES, readMicrosoftGraphProviderConfig, secretsOf } from './config';
import { MSGRAPH_IDP, msgraphDefaults, msgraphGroupNamingStrategies, msgraphUserNamingStrategies } from './defaults';
import { transformerFor, type TransformerSetting } from './extensionPoint';
import { readMsGraphEventsConfig } from './changes/eventsConfig';
import { MsGraphChangeReceiver } from './changes/MsGraphChangeReceiver';
import { MsGraphDeltaPoller } from './changes/MsGraphDeltaPoller';
import { deltaBlockers } from './source/delta/deltaQueries';
import { MsGraphOrgSource } from './source/MsGraphOrgSource';
import { createEntityTransformers } from './transform/mapping';
import type { GroupTransformer, OrganizationTransformer, ProviderConfigTransformer, UserTransformer } from './transform/types';

/** @alpha */
export interface MsGraphTransformerSettings {
  userTransformer?: TransformerSetting<UserTransformer>;
  groupTransformer?: TransformerSetting<GroupTransformer>;
  organizationTransformer?: TransformerSetting<OrganizationTransformer>;
  providerConfigTransformer?: TransformerSetting<ProviderConfigTransformer>;
}

/** The official provider's name and location key, so a switch takes over its entities instead of conflicting with them. */
export const officialProviderName = (id: string) => `MicrosoftGraphOrgEntityProvider:${id}`;
export const officialLocationKey = (id: string) => `msgraph-org-provider:${id}`;

/**
 * The engine's module dependencies and the transformers. `httpRouter` (optional here) is where the change notification
 * route (events.push) is mounted. `rootConfig` is the engine's `config`, under the name this module has always used.
 *
 * @alpha
 */
export interface CreateMsGraphOrgEntityProvidersOptions
  extends Omit<OrgProviderModuleDeps, 'config' | 'httpRouter' | 'events'>,
    Partial<Pick<OrgProviderModuleDeps, 'httpRouter' | 'events'>> {
  rootConfig: Config;
  transformers?: MsGraphTransformerSettings;
}

/** One provider per entry of `catalog.providers.microsoftGraphOrg`; none when it is absent. @alpha */
export function createMsGraphOrgEntityProviders(options: CreateMsGraphOrgEntityProvidersOptions): OrgEntityProvider[] {
  const t = options.transformers ?? {};
  return createOrgEntityProvidersFromConfig({
    idp: MSGRAPH_IDP,
    configRoot: CONFIG_ROOT,
    rootConfig: options.rootConfig,
    logger: options.logger,
    scheduler: options.scheduler,
    database: options.database,
    httpRouter: options.httpRouter,
    events: options.events,
    defaults: msgraphDefaults,
    userNamingStrategies: msgraphUserNamingStrategies,
    groupNamingStrategies: msgraphGroupNamingStrategies,
    readProviders: root => readProviderEntries(root, CONFIG_ROOT, MSGRAPH_PROVIDER_ENTRIES),
    build: ({ id, config, configPath }) => {
      const providerConfig = readMicrosoftGraphProviderConfig(config, id, configPath, options.logger);
      const transformers = {
        userTransformer: transformerFor(t.userTransformer, id),
        groupTransformer: transformerFor(t.groupTransformer, id),
        organizationTransformer: transformerFor(t.organizationTransformer, id),
        providerConfigTransformer: transformerFor(t.providerConfigTransformer, id),
      };
      const providerName = officialProviderName(id);
      const blockers = deltaBlockers(providerConfig);
      const incremental = config.getOptionalBoolean('incremental.enabled') !== false;
      if (blockers.length && incremental) {
        options.logger.info(
          `${providerName}: incremental reads are off: Microsoft Graph delta queries cannot express ${blockers.join(', ')}; every run reads everything`,
        );
      }
      const events = readMsGraphEventsConfig(config, configPath, id);
      if (events.poll && blockers.length) {
        throw new Error(
          `${configPath}.events.poll.enabled needs Microsoft Graph delta queries, which cannot express ${blockers.map(b => `${configPath}.${b}`).join(', ')}; ` +
            'turn polling off or use events.push (change notifications) instead',
        );
      }
      const source = new MsGraphOrgSource({
        config: providerConfig,
        providerConfigTransformer: transformers.providerConfigTransformer,
        incremental,
        logger: options.logger,
        name: providerName,
      });
      return {
        source,
        absentReason: { user: 'deleted in Entra ID (or outside the configured user query)', group: 'deleted in Entra ID (or outside the configured group query)' },
        changes: {
          poller: events.poll ? new MsGraphDeltaPoller(source) : undefined,
          receiver: events.push ? new MsGraphChangeReceiver({ source, ...events.push, name: providerName }) : undefined,
        },
        secrets: [...secretsOf(providerConfig), ...(events.push ? [events.push.clientState] : [])],
        providerName,
        locationKey: officialLocationKey(id),
        mapping: {
          ...createEntityTransformers(id, transformers),
          // As the official module 0.10.6 in effect: its buildMemberOf means to add ancestors but looks groups up by
          // name with full refs, so users end up with their direct groups only (checked by official.e2e.test.ts).
          userMemberOf: 'direct',
        },
      };
    },
  });
}
