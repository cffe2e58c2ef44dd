import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';

/**
 * The config keys every org provider has, for the modules' `config.d.ts`
 * (`interface XProviderConfig extends OrgProviderCommonConfig`).
 *
 * @public
 */
export interface OrgProviderCommonConfig {
  /**
   * When to sync. Default: hourly, timeout 50 min, first run 5 s after start. Always one replica at a time. A duration
   * `frequency` and `timeout` 1 second to 24 days (longer: a `cron` frequency), `initialDelay` 0 to 24 days.
   */
  schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
  /** Namespace of every entity of this provider. Default `default`. */
  namespace?: string;
  /** Naming strategies; the module's README lists the strategies it offers and its defaults. */
  naming?: {
    /** User naming strategy. */
    users?: string;
    /** Group naming strategy. */
    groups?: string;
  };
  /** `spec.type` of groups whose IdP record has none. Default `team`. */
  groupType?: string;
  /** Incremental reads: after a full read, runs read only what changed (where the IdP can tell), with a full read now and then as a safety net. */
  incremental?: {
    /** Default true. */
    enabled?: boolean;
    /** How often a run reads everything even though it could read only changes. Default 24 hours; 1 second to 30 days. */
    fullReadEvery?: HumanDuration | string;
  };
  /** How long one request to the IdP may take, body included, before the run stops with an error. Default 60 seconds; 1 second to 1 hour. */
  requestTimeout?: HumanDuration | string;
  /**
   * Accept an `http:` IdP URL that is not on this machine. Default false: over
   * `http:` the IdP's credentials travel in clear text.
   */
  allowInsecureHttp?: boolean;
  /** People and groups who leave the IdP. */
  leavers?: {
    /** `delete` (default): removed at once. `retain`: kept as departed (marked, no memberships, no sign-in annotations) for `retainFor`. */
    mode?: 'delete' | 'retain';
    /** How long a departed entity stays in `retain` mode. Default 30 days; 1 second to 10 years. */
    retainFor?: HumanDuration | string;
  };
  /** Refuses runs that would remove too much of what this provider has in the catalog. */
  guard?: {
    /** Default true. */
    enabled?: boolean;
    /** Largest share (0 to 1) of this provider's users one run may remove. Default 0.1. */
    maxUserRemovalShare?: number;
    /** Largest share (0 to 1) of this provider's groups one run may remove. Default 0.1. */
    maxGroupRemovalShare?: number;
    /** Removals up to this count always pass, unless they would remove every user or group. Whole number, 0 to 1000. Default 2. */
    alwaysAllowedRemovals?: number;
    /** Largest share (0 to 1) of the memberships of groups that stay that one run may remove. Default 0.1. */
    maxMembershipRemovalShare?: number;
    /** Membership removals up to this count always pass. Whole number, 0 to 1000. Default 10. */
    alwaysAllowedMembershipRemovals?: number;
    /**
     * A plan id from a guard log line (8 to 64 lower-case hex characters): the provider's next run applies exactly
     * that removal if its plan is that one, and spends the value either way (kept as spent in the database, so a
     * restart or another replica does not use it again); a changed value is a new acceptance.
     * @pattern ^[0-9a-f]{8,64}$
     */
    acceptPlan?: string;
    /** Removals by change signals within this window count together against the shares above. Default one hour; 1 minute to 7 days. */
    changesWindow?: HumanDuration | string;
  };
  /**
   * Identity linking: this provider's accounts (e.g. GitHub members) join the
   * Users of a people source (Okta, Entra ID, LDAP) instead of each getting a
   * User of its own; its groups list those Users as members.
   */
  linkTo?: {
    /** The people source: `<key>.<id>` under `catalog.providers` (`okta.main`, `microsoftGraphOrg.default`), or its provider name. */
    peopleSource: string;
    /**
     * Rules in order of trust; the first that names anyone decides. Default `[saml, verifiedEmail, mapping, employeeId]`;
     * `email` (a public profile email, which its holder sets) only when listed.
     */
    match?: Array<'saml' | 'verifiedEmail' | 'mapping' | 'email' | 'employeeId'>;
    /** Explicit pairs: the account's login and the person's login or email. */
    mapping?: Array<{ account: string; person: string }>;
    /** A YAML file holding a list of `{ account, person }`, read at start-up. */
    mappingFile?: string;
    /** Accounts that match nobody (contractors, bots): `emit` (default) as this provider's own Users, or `omit`. */
    unmatched?: 'emit' | 'omit';
    /** Migration: keep emitting this provider's own User for linked accounts (without sign-in annotations) so existing refs resolve. Default false. */
    keepLinkedUsers?: boolean;
  };
}
