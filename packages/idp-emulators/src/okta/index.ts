import {
  EmulatorServer,
  generateOrg,
  type CommonEmulatorOptions,
  type EmulatorRequest,
  type GeneratorOptions,
  type StartedEmulator,
} from '../core';
import { installAdminRoutes } from './adminRoutes';
import { OktaAuth, type OktaAuthOptions } from './auth';
import type { OktaContext } from './endpoint';
import { oktaError, oktaErrors } from './errors';
import type { OktaFixture } from './fixture';
import { oktaFixtureFromGeneratedOrg, type OktaConversionOptions } from './fromGeneratedOrg';
import { installEventHookRoutes } from './eventHookRoutes';
import { OktaEventHooks } from './eventHooks';
import { installGroupRoutes } from './groupRoutes';
import { installLogRoutes } from './logRoutes';
import { randomSecret } from './ids';
import { installOAuthRoutes } from './oauthRoutes';
import { createOrgHandle, type OktaOrgHandle } from './orgHandle';
import type { PageSize } from './paging';
import { familyOfPath, OktaRateLimiter, rateHeaders, type OktaRateLimits } from './rateLimits';
import { OktaOrgStore } from './store';
import { OktaSystemLog } from './systemLog';
import { rewriteOktaFault } from './rewriteFaults';
import { installUserRoutes } from './userRoutes';

export type { OktaFixture, OktaGroup, OktaGroupProfile, OktaGroupType, OktaUser, OktaUserProfile, OktaUserStatus } from './fixture';
export { oktaFixtureFromGeneratedOrg, type OktaConversionOptions } from './fromGeneratedOrg';
export type { OktaOrgHandle } from './orgHandle';
export { OktaAdminError, type NewOktaGroup, type NewOktaUser } from './store';
export type { OktaEndpointFamily, OktaRateLimits } from './rateLimits';
export type { OktaLogActor, OktaLogEvent, OktaEmulatedEventType } from './logEvent';
export { OKTA_EVENT_TYPES } from './logEvent';
export type { OktaEventHook, OktaEventHookDelivery } from './eventHooks';

export interface OktaEmulatorOptions extends CommonEmulatorOptions, OktaAuthOptions {
  /** The org to serve. Wins over `generate`. */
  fixture?: OktaFixture;
  /** Generate the org (`generateOrg` defaults when neither this nor `fixture` is given). */
  generate?: GeneratorOptions;
  /** How a generated org becomes Okta objects. */
  conversion?: OktaConversionOptions;
  /** Enforced requests per window for each endpoint family. Default: none enforced (generous headers). */
  rateLimits?: OktaRateLimits;
  /** Rate-limit window length. Default 60 (Okta's per-minute limits); shorter windows make tests fast. */
  rateLimitWindowSeconds?: number;
  /** Seconds a fault-injected 429 advertises until reset when the fault sets no `retryAfterSeconds`. Default 1. */
  faultResetSeconds?: number;
  /** Page sizes: users 200/200, groups 10000/10000, group members 1000/1000 (default/max). */
  pageSizes?: Partial<OktaContext['pageSizes']>;
  /** How long an Event Hook endpoint has to answer before the one retry. Default 3000 (Okta's). */
  eventHookTimeoutMs?: number;
}

/** What a client needs to reach the emulator: JSON-serialisable. */
export interface OktaConnectionInfo {
  /** Base URL of the emulator (also the admin API's base). */
  url: string;
  /** The `orgUrl` for the Okta SDK (same as `url`). */
  orgUrl: string;
  /** SSWS API token (`Authorization: SSWS <token>`). */
  token: string;
  /** The OAuth service app (`authorizationMode: 'PrivateKey'`). */
  oauth: { clientId: string; keyId: string; privateKey: string; scopes: string[] };
}

export interface OktaEmulator extends StartedEmulator<OktaConnectionInfo> {
  /** Changes the org in-process (the same operations as `/__admin/okta/...`). */
  org: OktaOrgHandle;
}

const DEFAULT_PAGE_SIZES: Record<'users' | 'groups' | 'groupMembers', PageSize> = {
  users: { default: 200, max: 200 },
  groups: { default: 10_000, max: 10_000 },
  groupMembers: { default: 1000, max: 1000 },
};

/** Starts an emulator of Okta's Management API (users, groups, members, System Log, Event Hooks) and org authorization server over HTTP. */
export async function startOktaEmulator(options: OktaEmulatorOptions = {}): Promise<OktaEmulator> {
  const fixture = options.fixture ?? oktaFixtureFromGeneratedOrg(generateOrg(options.generate ?? {}), options.conversion);
  const store = new OktaOrgStore(fixture);
  const auth = new OktaAuth(options);
  const limiter = new OktaRateLimiter(options.rateLimits, options.rateLimitWindowSeconds ?? 60);
  const faultResetSeconds = options.faultResetSeconds ?? 1;

  const server: EmulatorServer = new EmulatorServer({
    name: 'okta',
    port: options.port,
    host: options.host,
    latencyMs: options.latencyMs,
    jitterMs: options.jitterMs,
    seed: options.seed,
    errors: {
      serverError: status => withHeaders(oktaErrors.server(status)),
      rateLimited: (req, retryAfterSeconds, status) => {
        const reset = Math.ceil(Date.now() / 1000) + (retryAfterSeconds ?? faultResetSeconds);
        const headers = { ...rateHeaders(limiter.limitOf(familyOfPath(req.url.pathname)), 0, reset), 'x-okta-request-id': randomSecret(27) };
        return { ...oktaErrors.rateLimited(), status: status ?? 429, headers };
      },
      notFound: (req: EmulatorRequest) => withHeaders(oktaError(404, 'E0000007', `Not found: Resource not found: ${req.url.pathname} (Resource)`)),
      rewriteFault: rewriteOktaFault,
    },
  });
  const log = new OktaSystemLog();
  const eventHooks = new OktaEventHooks(() => server.baseUrl, options.eventHookTimeoutMs);
  log.onAppend(events => eventHooks.deliver(events));
  const ctx: OktaContext = {
    store,
    auth,
    limiter,
    log,
    eventHooks,
    baseUrl: () => server.baseUrl,
    pageSizes: { ...DEFAULT_PAGE_SIZES, ...options.pageSizes },
  };
  installUserRoutes(server, ctx);
  installGroupRoutes(server, ctx);
  installOAuthRoutes(server, ctx);
  installLogRoutes(server, ctx);
  installEventHookRoutes(server, ctx);
  const org = createOrgHandle(store, auth, log, eventHooks);
  installAdminRoutes(server, org);

  const url = await server.start();
  return {
    info: {
      url,
      orgUrl: url,
      token: auth.apiToken,
      oauth: { clientId: auth.clientId, keyId: auth.keyId, privateKey: auth.privateKeyPem, scopes: [...auth.scopes] },
    },
    server,
    org,
    close: () => server.close(),
  };
}

/** Fault-made and unrouted answers carry the same rate-limit headers as real ones. */
function withHeaders(response: ReturnType<typeof oktaError>): ReturnType<typeof oktaError> {
  const reset = Math.ceil((Date.now() + 1) / 60_000) * 60;
  return { ...response, headers: { ...rateHeaders(100_000, 100_000, reset), 'x-okta-request-id': randomSecret(27), ...response.headers } };
}
