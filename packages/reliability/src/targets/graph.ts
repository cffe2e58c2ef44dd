import { graphProviderConnection, startGraphEmulator, type GraphFixture } from '@orgsync/idp-emulators';
import { createMsGraphOrgEntityProviders } from '@orgsync/plugin-catalog-backend-module-msgraph-org';
import { CapturingLogger, startCatalogTestBackend } from '@orgsync/test-utils';
import { spreadPick } from './spread';
import { providerTestModule } from '@orgsync/test-utils';
import { fullReadsOnly, manualSchedule, requestTimeout, type SyncTarget, type TargetOptions } from './types';

/** Microsoft Graph provider `main` (client secret) on an emulated tenant. Needs NODE_EXTRA_CA_CERTS (see README). */
export async function startGraphTarget(options: TargetOptions): Promise<SyncTarget> {
  const graph = await startGraphEmulator({
    ...(options.fixture ? { fixture: options.fixture as GraphFixture } : { generate: { hostileShare: 0, ...options.generate } }),
    ...(options.credentials?.clientSecret ? { clientSecret: options.credentials.clientSecret } : {}),
  });
  const { info } = graph;
  const logger = new CapturingLogger();
  const test = providerTestModule('msgraph-org-reliability', logger, ({ config, ...deps }) => createMsGraphOrgEntityProviders({ rootConfig: config, ...deps }));
  const backend = await startCatalogTestBackend({
    features: [test.feature],
    database: options.database,
    config: {
      catalog: {
        processingInterval: { seconds: 1 },
        providers: {
          microsoftGraphOrg: {
            main: {
              ...graphProviderConnection(info),
              schedule: manualSchedule,
              incremental: fullReadsOnly,
              requestTimeout,
              ...options.providerConfig,
              user: { loadPhotos: false, ...(options.providerConfig?.user as object) },
            },
          },
        },
      },
    },
  }).catch(async error => {
    await graph.close();
    throw error;
  });
  return {
    module: 'msgraph',
    provider: test.providers[0],
    backend,
    logger,
    server: graph.server,
    pageRoute: 'GET /v1.0/users',
    pageIndex: 0,
    memberRoute: 'GET /v1.0/groups/:id/members',
    secrets: [info.clientSecret],
    revokeTokens: () => void graph.org.revokeTokens(),
    setEmpty: empty => graph.org.setEmpty(empty),
    shrinkUsers(share) {
      const enabled = graph.org.users().filter(u => u.accountEnabled !== false);
      const taken = spreadPick(enabled, share);
      for (const u of taken) graph.org.disableUser(u.id);
      return () => taken.forEach(u => graph.org.enableUser(u.id));
    },
    async stop() {
      await backend.stop();
      await graph.close();
    },
  };
}
