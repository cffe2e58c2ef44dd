import type { EmulatorServer } from '@orgsync/idp-emulators';
import type { OrgEntityProvider } from '@orgsync/plugin-catalog-org-sync-node';
import type { CapturingLogger, CatalogTestBackend } from '@orgsync/test-utils';
import type { Knex } from 'knex';

/** Runs a provider on demand with a tight schedule timeout. */
export const manualSchedule = { frequency: { trigger: 'manual' }, timeout: { minutes: 2 } };

/** Short enough that a trickling body ends the run within seconds, long enough for a healthy page under load. */
export const requestTimeout = { seconds: 4 };

/**
 * The matrix injects faults into the list routes of a full read, so every run
 * here is one: an incremental run would not request those routes at all.
 * Faults during incremental reads (a failed delta page, an expired cursor) are
 * covered by each module's incremental tests.
 */
export const fullReadsOnly = { enabled: false };

/** How a test reaches one IdP's emulated org and its provider in a real backend. */
export interface SyncTarget {
  /** `okta`, `msgraph`, `github`. */
  module: string;
  provider: OrgEntityProvider;
  backend: CatalogTestBackend;
  logger: CapturingLogger;
  server: EmulatorServer;
  /** A list route read in pages (the route id faults match) and the page to hit (requests let through first). */
  pageRoute: string;
  pageIndex: number;
  /** The route one group's member list is read from (Graph: inside `$batch`), for member-list faults; absent where a fault there cannot be aimed (GitHub reads members inside its team query). */
  memberRoute?: string;
  /** Every secret value the provider was configured with. */
  secrets: string[];
  /** Invalidates every access token the IdP issued (the configured long-lived credentials stay valid). */
  revokeTokens(): void;
  /** While on, the IdP answers as if the org had no users and no groups. */
  setEmpty(empty: boolean): void;
  /** Takes `share` of the users out of what the provider reads (as a wrong filter would); returns how to put them back. */
  shrinkUsers(share: number): () => void;
  stop(): Promise<void>;
}

export interface TargetOptions {
  /** Generated org size, or a fixture in the emulator's format. */
  generate?: { users: number; groups: number; seed?: number };
  fixture?: unknown;
  /** Extra provider config merged over the defaults. */
  providerConfig?: Record<string, unknown>;
  /** Overrides the emulator's generated credentials (for recognisable secrets); `configuredToken` (GitHub): a token the provider uses that the emulator does not know. */
  credentials?: Record<string, string>;
  /** The catalog's database; default SQLite in memory. */
  database?: Knex;
}
