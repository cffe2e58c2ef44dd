import type { EmulatorServer, RateWindow, SeededRandom } from '../core';
import type { ClientCertificate } from './auth/certificate';
import type { TokenIssuer } from './auth/tokens';
import type { GraphStore } from './store';
import type { GraphSubscriptions } from './subscriptions/GraphSubscriptions';

/** The app registration clients authenticate as. */
export interface GraphApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  certificate: ClientCertificate;
}

/** Everything the route files share. */
export interface GraphContext {
  server: EmulatorServer;
  store: GraphStore;
  tokens: TokenIssuer;
  app: GraphApp;
  /** Optional request budget over all Graph requests (batch inner requests included). */
  budget?: RateWindow;
  now: () => number;
  deltaPageSize: number;
  /** Largest `members@delta` in one delta object: a group with more member changes appears several times. */
  deltaMembersPerObject: number;
  deltaTokenLifetimeSeconds: number;
  /** Bumped to invalidate every delta and skip token handed out so far. */
  deltaGeneration: number;
  random: SeededRandom;
  /** Change notification subscriptions; the org handle publishes every admin change to them. */
  subscriptions: GraphSubscriptions;
}
