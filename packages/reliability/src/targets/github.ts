import { startGithubEmulator, type GithubFixture } from '@orgsync/idp-emulators';
import { createGithubOrgEntityProviders } from '@orgsync/plugin-catalog-backend-module-github-org';
import { CapturingLogger, startCatalogTestBackend } from '@orgsync/test-utils';
import { spreadPick } from './spread';
import { providerTestModule } from '@orgsync/test-utils';
import { manualSchedule, requestTimeout, type SyncTarget, type TargetOptions } from './types';

for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete process.env[name];

/** GitHub org provider `main` (GitHub App unless `auth` is `token`), suspended users left out, on an emulated org. */
export async function startGithubTarget(options: TargetOptions & { auth?: 'app' | 'token' }): Promise<SyncTarget> {
  const github = await startGithubEmulator({
    ...(options.fixture ? { fixture: options.fixture as GithubFixture } : { generate: { hostileShare: 0, ...options.generate } }),
    ...(options.credentials?.token ? { token: options.credentials.token } : {}),
    ...(options.credentials?.privateKey ? { app: { privateKey: options.credentials.privateKey } } : {}),
  });
  const { url, apiBaseUrl, token, app, org } = github.info;
  const host = new URL(url).host;
  const clientSecret = options.credentials?.clientSecret ?? 'unused-client-secret';
  const integration =
    options.auth === 'token' ? { host, apiBaseUrl, token: options.credentials?.configuredToken ?? token } : { host, apiBaseUrl, apps: [{ appId: app.appId, privateKey: app.privateKey, clientId: app.clientId, clientSecret }] };
  const logger = new CapturingLogger();
  const test = providerTestModule('github-org-reliability', logger, deps => createGithubOrgEntityProviders(deps));
  const backend = await startCatalogTestBackend({
    features: [test.feature],
    database: options.database,
    config: {
      integrations: { github: [integration] },
      catalog: {
        processingInterval: { seconds: 1 },
        providers: {
          githubOrg: [{ id: 'main', githubUrl: url, orgs: [org], schedule: manualSchedule, namespaceGroupsByOrg: false, excludeSuspendedUsers: true, requestTimeout, ...options.providerConfig }],
        },
      },
    },
  }).catch(async error => {
    await github.close();
    throw error;
  });
  return {
    module: 'github',
    provider: test.providers[0],
    backend,
    logger,
    server: github.server,
    pageRoute: 'POST /api/graphql',
    pageIndex: 1,
    secrets: [token, app.privateKey, clientSecret, ...(options.credentials?.configuredToken ? [options.credentials.configuredToken] : [])],
    revokeTokens: () => void github.org.revokeInstallationTokens(),
    setEmpty: empty => github.org.setEmpty(empty),
    shrinkUsers(share) {
      const members = github.org.snapshot().orgs[0].members.map(m => m.login);
      const taken = spreadPick(members, share);
      for (const login of taken) github.org.suspendUser(login);
      return () => taken.forEach(login => github.org.unsuspendUser(login));
    },
    async stop() {
      await backend.stop();
      await github.close();
    },
  };
}
