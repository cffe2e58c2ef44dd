import { randomBytes } from 'node:crypto';
import {
  createSelfSignedTls,
  EmulatorServer,
  generateOrg,
  loadOrCreateTls,
  RateWindow,
  SeededRandom,
  type CommonEmulatorOptions,
  type GeneratorOptions,
  type StartedEmulator,
  type TlsMaterial,
} from '../core';
import { loadOrCreateClientCertificate } from './auth/certificate';
import { registerEntraRoutes } from './auth/entraRoutes';
import { TokenIssuer } from './auth/tokens';
import { registerGraphAdminRoutes } from './adminRoutes';
import type { GraphContext } from './context';
import { graphErrorRenderer } from './errors';
import type { GraphFixture } from './fixture';
import { graphFixtureFromGeneratedOrg } from './fromGeneratedOrg';
import { stableGuid } from './ids';
import { createOrgHandle, type GraphOrgHandle } from './orgHandle';
import { registerBatchRoute } from './routes/batch';
import { registerDeltaRoutes } from './routes/delta';
import { registerGroupRoutes } from './routes/groups';
import { registerOrganizationRoutes } from './routes/organization';
import { registerSubscriptionRoutes } from './routes/subscriptions';
import { registerUserRoutes } from './routes/users';
import { GraphStore } from './store';
import { GraphSubscriptions } from './subscriptions/GraphSubscriptions';
import { registerSubscriptionAdminRoutes } from './subscriptions/adminRoutes';

export type { GraphFixture, GraphUser, GraphGroup, GraphOrganization, GraphPhoto } from './fixture';
export { graphFixtureFromGeneratedOrg, SAMPLE_PHOTO, type GraphFixtureOptions } from './fromGeneratedOrg';
export type { GraphOrgHandle } from './orgHandle';
export { MAX_BATCH_REQUESTS } from './routes/batch';
export type { GraphSubscriptions } from './subscriptions/GraphSubscriptions';
export { graphProviderConnection } from './providerConnection';
export {
  MAX_DIRECTORY_SUBSCRIPTION_MINUTES,
  type GraphSubscription,
  type LifecycleEvent,
  type NotificationDelivery,
} from './subscriptions/types';

/** JSON-serialisable facts a client needs to reach the emulated tenant. */
export interface GraphConnectionInfo {
  /** `https://localhost:PORT` */
  url: string;
  /** `url + '/v1.0'` */
  graphBaseUrl: string;
  /** Entra authority host (same origin as `url`); use with `disableInstanceDiscovery: true`. */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  certificate: {
    /** PEM with private key and certificate, as ClientCertificateCredential accepts. */
    certificatePath: string;
    /** SHA-1 thumbprint (upper-case hex). */
    thumbprint: string;
  };
  /** PEM of the server certificate to trust (NODE_EXTRA_CA_CERTS). */
  caPath: string;
}

export interface GraphEmulatorOptions extends CommonEmulatorOptions {
  /** The tenant to serve; wins over `generate`. */
  fixture?: GraphFixture;
  /** Generate the tenant with `generateOrg(generate)` (default when neither is given). */
  generate?: GeneratorOptions;
  /** Server certificate. Default: `loadOrCreateTls(tlsDir)`. */
  tls?: TlsMaterial;
  /** Where to keep `ca.pem` / `key.pem` (and the client certificate). Default `$IDP_EMULATORS_TLS_DIR`, else a fresh temp dir. */
  tlsDir?: string;
  /** Default: a GUID derived from the seed. */
  clientId?: string;
  /** Default: random per start. */
  clientSecret?: string;
  /** Access token lifetime in seconds. Default 3599. */
  tokenLifetimeSeconds?: number;
  /** App roles carried by issued tokens. Default User.Read.All, Group.Read.All, GroupMember.Read.All. */
  roles?: string[];
  /** Request budget over all Graph requests (batch inner requests each count): beyond it, 429 with Retry-After. */
  requestBudget?: { limit: number; windowSeconds?: number };
  /** Objects per delta page (clients may ask for fewer or more with `Prefer: odata.maxpagesize=N`). Default 100. */
  deltaPageSize?: number;
  /**
   * Most `members@delta` entries in one delta object; a group with more (a big group in the first round, or many
   * member changes) is served as several objects with the same id, possibly on several pages, as Graph does. Default 100.
   */
  deltaMembersPerObject?: number;
  /** Delta tokens older than this answer 410 syncStateNotFound. Default 7 days. */
  deltaTokenLifetimeSeconds?: number;
  /** Clock for token and delta-token expiry (tests move it forward). Default Date.now. */
  now?: () => number;
  /** How long a subscriber's notification URL may take to answer validation and notifications. Default 10 s, as Graph. */
  notificationTimeoutMs?: number;
}

export interface GraphEmulator extends StartedEmulator<GraphConnectionInfo> {
  org: GraphOrgHandle;
  /** Change notification subscriptions: their deliveries, lifecycle events, expiry. */
  subscriptions: GraphSubscriptions;
}

export async function startGraphEmulator(options: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
  const fixture = options.fixture ?? graphFixtureFromGeneratedOrg(generateOrg(options.generate), { seed: options.generate?.seed });
  const tlsDir = options.tlsDir ?? process.env.IDP_EMULATORS_TLS_DIR;
  const tls = options.tls ?? (tlsDir ? await loadOrCreateTls(tlsDir) : await createSelfSignedTls());
  const certificate = await loadOrCreateClientCertificate(tlsDir);
  const now = options.now ?? Date.now;
  const seed = options.seed ?? 42;
  const server = new EmulatorServer({
    name: 'graph',
    port: options.port,
    host: options.host,
    tls,
    latencyMs: options.latencyMs,
    jitterMs: options.jitterMs,
    errors: graphErrorRenderer,
    seed,
  });
  const app = {
    tenantId: fixture.tenantId,
    clientId: options.clientId ?? stableGuid('client', fixture.tenantId),
    clientSecret: options.clientSecret ?? `emu~${randomBytes(24).toString('base64url')}`,
    certificate,
  };
  const subscriptions = new GraphSubscriptions({ tenantId: app.tenantId, applicationId: app.clientId, now, timeoutMs: options.notificationTimeoutMs });
  const ctx: GraphContext = {
    server,
    store: new GraphStore(fixture),
    tokens: new TokenIssuer({
      tenantId: app.tenantId,
      lifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
      now,
      roles: options.roles ?? ['User.Read.All', 'Group.Read.All', 'GroupMember.Read.All'],
    }),
    app,
    budget: options.requestBudget
      ? new RateWindow(options.requestBudget.limit, (options.requestBudget.windowSeconds ?? 60) * 1000, now)
      : undefined,
    now,
    deltaPageSize: options.deltaPageSize ?? 100,
    deltaMembersPerObject: Math.max(1, options.deltaMembersPerObject ?? 100),
    deltaTokenLifetimeSeconds: options.deltaTokenLifetimeSeconds ?? 7 * 24 * 3600,
    deltaGeneration: 1,
    random: new SeededRandom(seed),
    subscriptions,
  };

  registerEntraRoutes(ctx);
  registerBatchRoute(ctx);
  registerDeltaRoutes(ctx); // before /users/:id and /groups/:id, which would take "delta" as an id
  registerUserRoutes(ctx);
  registerGroupRoutes(ctx);
  registerOrganizationRoutes(ctx);
  registerSubscriptionRoutes(ctx);
  const org = createOrgHandle(ctx);
  registerGraphAdminRoutes(ctx, org);
  registerSubscriptionAdminRoutes(ctx);

  const url = await server.start();
  return {
    info: {
      url,
      graphBaseUrl: `${url}/v1.0`,
      authorityHost: url,
      tenantId: app.tenantId,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      certificate: { certificatePath: certificate.certificatePath, thumbprint: certificate.thumbprint },
      caPath: tls.caPath,
    },
    server,
    org,
    subscriptions,
    close: async () => {
      await server.close();
      await subscriptions.idle();
    },
  };
}
