import { EmulatorServer, generateOrg, type CommonEmulatorOptions, type GeneratorOptions, type StartedEmulator } from '../core';
import { registerGithubAdminRoutes } from './adminRoutes';
import type { GithubContext } from './context';
import { GithubCredentials } from './credentials';
import { githubErrorRenderer } from './errors';
import type { GithubFixture } from './fixture';
import { githubFixtureFromGeneratedOrg, type GithubFromGeneratedOptions } from './fromGeneratedOrg';
import { registerGraphqlRoute } from './graphql/route';
import { createOrgHandle, type GithubOrgHandle } from './orgHandle';
import { GithubRateBudgets } from './rateBudget';
import { registerAppRoutes } from './rest/appRoutes';
import { registerHookRoutes } from './rest/hookRoutes';
import { registerMetaRoutes } from './rest/metaRoutes';
import { registerOrgRoutes } from './rest/orgRoutes';
import { registerTeamRoutes } from './rest/teamRoutes';
import { patOwner, registerUserRoutes } from './rest/userRoutes';
import { GithubShapes } from './shapes';
import { GithubStore } from './store';
import { GithubWebhooks, type OrgHook, type WebhookDelivery } from './webhooks';
import { announcingOrgHandle } from './webhooks/announcingHandle';

export type {
  GithubExternalIdentity,
  GithubFixture,
  GithubOrganization,
  GithubOrgRole,
  GithubSamlIdentityProvider,
  GithubTeam,
  GithubTeamRole,
  GithubUser,
} from './fixture';
export type { SamlIdentityInput } from './samlIdentities';
export { githubFixtureFromGeneratedOrg, type GithubFromGeneratedOptions } from './fromGeneratedOrg';
export type { GithubOrgHandle } from './orgHandle';
export type { OrgHook, WebhookDelivery, TeamChanges } from './webhooks';
export { GithubAdminError, type CreateTeamInput, type CreateUserInput, type TeamRecord, type UserFieldsUpdate } from './store';

export interface GithubEmulatorOptions extends CommonEmulatorOptions {
  /** The users, orgs and teams to serve. Wins over `generate`. */
  fixture?: GithubFixture;
  /** Generate one org (`generateOrg` defaults when neither this nor `fixture` is given). */
  generate?: GeneratorOptions;
  /** How a generated org becomes GitHub objects (org login, verified domain, installation id, SAML identities, linking extras). */
  conversion?: GithubFromGeneratedOptions;
  /** Value of the personal access token (default: random `ghp_…`). */
  token?: string;
  /** The GitHub App (default: app id 1 with a fresh RSA key). */
  app?: { appId?: number; privateKey?: string };
  /** Installation token lifetime. Default 3600 (GitHub's hour). */
  installationTokenTtlSeconds?: number;
  /** Primary rate limit per caller (user or installation). Defaults: 5000 REST and 5000 GraphQL queries per hour. */
  rateLimit?: { perHour?: number; graphqlPerHour?: number; windowSeconds?: number };
}

/** JSON-serialisable connection facts. */
export interface GithubConnectionInfo {
  /** Emulator root (web URLs and the admin API `${url}/__admin`). */
  url: string;
  /** REST base, GHES style: `${url}/api/v3` (Octokit `baseUrl`, Backstage `apiBaseUrl`). */
  apiBaseUrl: string;
  /** GraphQL endpoint, GHES style: `${url}/api/graphql`. */
  graphqlUrl: string;
  /** Login of the first org. */
  org: string;
  /** Logins of all orgs. */
  orgs: string[];
  /** A personal access token that reads every org. */
  token: string;
  /** Login of the token's owner (a site admin outside the orgs). */
  tokenOwner: string;
  app: {
    appId: number;
    /** PKCS#1 PEM, as GitHub hands it out. */
    privateKey: string;
    clientId: string;
    /** Installation on the first org. */
    installationId: number;
    /** Installation per org login. */
    installationIds: Record<string, number>;
  };
}

export interface GithubEmulator extends StartedEmulator<GithubConnectionInfo> {
  /** Changes the orgs in-process (the same operations as `/__admin/github/...`). */
  org: GithubOrgHandle;
  /** Installation tokens issued so far. */
  installationTokensIssued(): number;
  /**
   * Org webhooks (`/orgs/{org}/hooks`, created with the personal token) and
   * what was delivered to them. Changes through `org` or the admin API are
   * delivered in the background, in order.
   */
  webhooks: {
    hooks(org?: string): OrgHook[];
    /** Every delivery attempt so far (oldest first), optionally of one hook. */
    deliveries(hookId?: number): WebhookDelivery[];
    /** Resolves once every delivery queued so far was attempted. */
    idle(): Promise<void>;
    /** Sends a past delivery again (same payload and GUID), as GitHub's "Redeliver". */
    redeliver(deliveryId: number): void;
  };
}

/** Starts an emulator of GitHub Enterprise Server's REST (`/api/v3`) and GraphQL (`/api/graphql`) APIs over HTTP. */
export async function startGithubEmulator(options: GithubEmulatorOptions = {}): Promise<GithubEmulator> {
  const fixture = options.fixture ?? githubFixtureFromGeneratedOrg(generateOrg(options.generate ?? {}), options.conversion);
  const store = new GithubStore(fixture);
  const credentials = new GithubCredentials({
    token: options.token,
    appId: options.app?.appId,
    privateKey: options.app?.privateKey,
    installationTokenTtlSeconds: options.installationTokenTtlSeconds,
  });
  const budgets = new GithubRateBudgets(
    { core: options.rateLimit?.perHour ?? 5000, graphql: options.rateLimit?.graphqlPerHour ?? 5000 },
    (options.rateLimit?.windowSeconds ?? 3600) * 1000,
  );
  const server = new EmulatorServer({
    name: 'github',
    port: options.port,
    host: options.host,
    latencyMs: options.latencyMs,
    jitterMs: options.jitterMs,
    seed: options.seed,
    errors: githubErrorRenderer,
  });
  const shapes = new GithubShapes(() => server.baseUrl, store);
  const webhooks = new GithubWebhooks(shapes, () => patOwner(ctx));
  const ctx: GithubContext = { store, credentials, budgets, shapes, webhooks };
  registerOrgRoutes(server, ctx);
  registerTeamRoutes(server, ctx);
  registerUserRoutes(server, ctx);
  registerAppRoutes(server, ctx);
  registerMetaRoutes(server, ctx);
  registerGraphqlRoute(server, ctx);
  registerHookRoutes(server, ctx);
  const org = announcingOrgHandle(createOrgHandle(store, credentials), store, webhooks);

  const url = await server.start();
  const orgs = [...store.orgs.values()];
  const info: GithubConnectionInfo = {
    url,
    apiBaseUrl: `${url}/api/v3`,
    graphqlUrl: `${url}/api/graphql`,
    org: orgs[0].login,
    orgs: orgs.map(o => o.login),
    token: credentials.pat,
    tokenOwner: credentials.patOwner,
    app: {
      appId: credentials.appId,
      privateKey: credentials.privateKey,
      clientId: credentials.clientId,
      installationId: orgs[0].installation_id,
      installationIds: Object.fromEntries(orgs.map(o => [o.login, o.installation_id])),
    },
  };
  registerGithubAdminRoutes(server, org, () => info);
  return {
    info,
    server,
    org,
    installationTokensIssued: () => credentials.installationTokensIssued,
    webhooks: {
      hooks: login => webhooks.hooks.list(login ?? info.org),
      deliveries: hookId => webhooks.deliveries.list(hookId),
      idle: () => webhooks.deliveries.idle(),
      redeliver: id => {
        if (!webhooks.deliveries.redeliver(id)) throw new Error(`no webhook delivery ${id}`);
      },
    },
    close: async () => {
      await webhooks.deliveries.idle();
      await server.close();
    },
  };
}
