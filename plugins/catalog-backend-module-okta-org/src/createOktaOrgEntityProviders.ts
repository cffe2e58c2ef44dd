import type { Config } from '@backstage/config';
import { createOrgEntityProvidersFromConfig, type OrgEntityProvider, type OrgProviderModuleDeps } from '@orgsync/plugin-catalog-org-sync-node';
import { CONFIG_ROOT, readOktaProviderConfig, readOktaProviderEntries } from './config';
import {
  DEFAULT_GROUP_NAMING,
  DEFAULT_GROUP_TYPE,
  DEFAULT_USER_NAMING,
  OKTA_IDP,
  oktaGroupNamingStrategies,
  profileAttributeStrategies,
} from './defaults';
import type { OktaGroupTransformer, OktaUserTransformer } from './extensionPoint';
import { toOktaGroup, toOktaUser, type OktaGroupRecord, type OktaUserRecord } from './source/rawObjects';
import { privateKeySecrets } from './client/oauthPrivateKey';
import { OktaOrgSource } from './source/OktaOrgSource';
import { OktaEventHookReceiver } from './changes/OktaEventHookReceiver';
import { readOktaEventsConfig } from './changes/eventsConfig';
import { OktaLogPoller } from './changes/OktaLogPoller';

/**
 * The engine's module dependencies and the module's transformers. `httpRouter` (optional here) is where the Event Hook
 * receiver (`events.push`) is mounted, at `/api/catalog/org-sync/okta/<id>`; `events` is unused by Okta's signals today.
 *
 * @alpha
 */
export interface CreateOktaOrgEntityProvidersOptions
  extends Omit<OrgProviderModuleDeps, 'httpRouter' | 'events'>,
    Partial<Pick<OrgProviderModuleDeps, 'httpRouter' | 'events'>> {
  userTransformer?: OktaUserTransformer;
  groupTransformer?: OktaGroupTransformer;
}

/** One scheduled provider (`okta:<id>`) per entry under `catalog.providers.okta`; none when it is absent. @alpha */
export function createOktaOrgEntityProviders(options: CreateOktaOrgEntityProvidersOptions): OrgEntityProvider[] {
  const { userTransformer, groupTransformer } = options;
  const readProviders = (root: Config) => readOktaProviderEntries(root);
  const profileStrategies = profileAttributeStrategies(readProviders(options.config));
  return createOrgEntityProvidersFromConfig({
    idp: OKTA_IDP,
    configRoot: CONFIG_ROOT,
    rootConfig: options.config,
    logger: options.logger,
    scheduler: options.scheduler,
    database: options.database,
    httpRouter: options.httpRouter,
    events: options.events,
    defaults: { userNaming: DEFAULT_USER_NAMING, groupNaming: DEFAULT_GROUP_NAMING, groupType: DEFAULT_GROUP_TYPE },
    userNamingStrategies: profileStrategies.users,
    groupNamingStrategies: { ...oktaGroupNamingStrategies, ...profileStrategies.groups },
    readProviders,
    build: ({ id, config, configPath }) => {
      const okta = readOktaProviderConfig(config, id, configPath);
      const events = readOktaEventsConfig(config, configPath);
      if (events.push && !options.httpRouter) {
        throw new Error(`${configPath}.events.push.enabled needs the catalog's HTTP router to receive Event Hook deliveries; pass httpRouter to createOktaOrgEntityProviders`);
      }
      const secrets = [
        ...(okta.auth.kind === 'token' ? [okta.auth.token] : privateKeySecrets(okta.auth.privateKey)),
        ...(events.push ? [events.push.authorization] : []),
      ];
      const providerName = okta.providerName ?? `${OKTA_IDP}:${id}`;
      const logger = options.logger.child({ provider: providerName });
      return {
        providerName: okta.providerName,
        source: new OktaOrgSource(okta, logger),
        secrets,
        // Okta's user list leaves out DEPROVISIONED people (unless users.statuses keeps them), and deleted ones are gone.
        absentReason: { user: 'status: DEPROVISIONED or deleted (no longer listed by Okta)', group: 'deleted in Okta (or outside groups.filter/search)' },
        changes: {
          poller: events.poll ? new OktaLogPoller(okta, logger) : undefined,
          receiver: events.push ? new OktaEventHookReceiver(events.push.authorization, providerName) : undefined,
        },
        mapping: {
          pruneEmptyGroups: okta.groups.pruneEmpty,
          // The records the engine hands back are this source's own (OktaOrgSource's OrgSource<OktaRawUser, OktaRawGroup>).
          transformUser: userTransformer && ((entity, record: OktaUserRecord) => userTransformer(entity, toOktaUser(record.raw))),
          transformGroup: groupTransformer && ((entity, record: OktaGroupRecord) => groupTransformer(entity, toOktaGroup(record.raw))),
        },
      };
    },
  });
}
