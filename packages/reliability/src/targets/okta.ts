import { startOktaEmulator, type OktaFixture } from '@orgsync/idp-emulators';
import { createOktaOrgEntityProviders } from '@orgsync/plugin-catalog-backend-module-okta-org';
import { CapturingLogger, startCatalogTestBackend } from '@orgsync/test-utils';
import { spreadPick } from './spread';
import { providerTestModule } from '@orgsync/test-utils';
import { fullReadsOnly, manualSchedule, requestTimeout, type SyncTarget, type TargetOptions } from './types';

// The Okta SDK sends every request through HTTPS_PROXY when set, even to 127.0.0.1.
for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete process.env[name];

/** Okta provider `okta:main` (OAuth service app unless `credentials.auth` is `token`) on an emulated org. */
export async function startOktaTarget(options: TargetOptions & { auth?: 'oauth' | 'token' }): Promise<SyncTarget> {
  const okta = await startOktaEmulator({
    ...(options.fixture ? { fixture: options.fixture as OktaFixture } : { generate: { hostileShare: 0, ...options.generate } }),
    pageSizes: { users: { default: 20, max: 20 } },
    ...(options.credentials?.token ? { apiToken: options.credentials.token } : {}),
    ...(options.credentials?.privateKey ? { oauth: { privateKey: options.credentials.privateKey } } : {}),
  });
  const { orgUrl, token, oauth } = okta.info;
  const auth = options.auth === 'token' ? { token } : { oauth: { clientId: oauth.clientId, keyId: oauth.keyId, privateKey: oauth.privateKey } };
  const logger = new CapturingLogger();
  const test = providerTestModule('okta-org-reliability', logger, deps => createOktaOrgEntityProviders(deps));
  const backend = await startCatalogTestBackend({
    features: [test.feature],
    database: options.database,
    config: {
      catalog: {
        processingInterval: { seconds: 1 },
        providers: { okta: { main: { orgUrl, ...auth, schedule: manualSchedule, incremental: fullReadsOnly, maxRetries: 1, requestTimeout, ...options.providerConfig } } },
      },
    },
  }).catch(async error => {
    await okta.close();
    throw error;
  });
  return {
    module: 'okta',
    provider: test.providers[0],
    backend,
    logger,
    server: okta.server,
    pageRoute: 'GET /api/v1/users',
    pageIndex: 1,
    memberRoute: 'GET /api/v1/groups/:id/users',
    secrets: [token, oauth.privateKey],
    revokeTokens: () => void okta.org.revokeAccessTokens(),
    setEmpty: empty => void okta.org.setReadEmpty(empty),
    shrinkUsers(share) {
      const active = okta.org.users().filter(u => u.status === 'ACTIVE');
      const taken = spreadPick(active, share);
      for (const u of taken) okta.org.deactivateUser(u.id);
      return () => taken.forEach(u => okta.org.activateUser(u.id));
    },
    async stop() {
      await backend.stop();
      await okta.close();
    },
  };
}
