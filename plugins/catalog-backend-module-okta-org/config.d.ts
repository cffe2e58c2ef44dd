import type { OrgProviderCommonConfig } from '@orgsync/plugin-catalog-org-sync-node';

/** One Okta org. */
interface OktaOrgProviderConfig extends OrgProviderCommonConfig {
  /** Provider id (array form only; default: derived from the org host, e.g. `acme-okta-com`). */
  id?: string;
  /**
   * Provider name and catalog location key; default `okta:<id>`. Set `okta-org:all` on one
   * provider to take over the entities of Roadie's Okta org provider.
   */
  providerName?: string;
  /**
   * The org's base URL, e.g. `https://acme.okta.com`. Must be `https:` unless it is a
   * loopback address (an emulator) or `allowInsecureHttp` is true.
   */
  orgUrl: string;
  /**
   * SSWS API token (read-only admin). Give either this or `oauth`.
   * @visibility secret
   */
  token?: string;
  /** OAuth service app (`private_key_jwt`) granted `okta.users.read` and `okta.groups.read`. */
  oauth?: {
    clientId: string;
    /** The `kid` of the key registered with the app. */
    keyId?: string;
    /**
     * The app's private key (RSA or EC), PEM or JWK (JSON). Checked at start-up; errors
     * say what is wrong without quoting the key.
     * @visibility secret
     */
    privateKey: string;
  };
  users?: {
    /** Okta `filter` expression for `GET /api/v1/users` (returns every status). */
    filter?: string;
    /** Okta `search` expression for `GET /api/v1/users` (returns every status). */
    search?: string;
    /**
     * Users with these statuses become entities. Default: every status but DEPROVISIONED
     * (what the plain list returns). DEPROVISIONED needs `filter` or `search`.
     */
    statuses?: Array<
      'STAGED' | 'PROVISIONED' | 'ACTIVE' | 'RECOVERY' | 'LOCKED_OUT' | 'PASSWORD_EXPIRED' | 'SUSPENDED' | 'DEPROVISIONED'
    >;
    /** Profile attribute holding a picture URL, for `spec.profile.picture`. Default: none. */
    pictureAttribute?: string;
    /**
     * Slices of the user list read side by side, 1–32. Default 4. Beyond its first page the
     * list is read as that many `lastUpdated` ranges (`filter`) plus one catch-up range of
     * users changed during the read; 1 reads one listing page after page.
     */
    partitions?: number;
  };
  groups?: {
    /** Okta `filter` expression for `GET /api/v1/groups`, e.g. `type eq "OKTA_GROUP"`. */
    filter?: string;
    /** Okta `search` expression for `GET /api/v1/groups`. */
    search?: string;
    /** `spec.type` of every group. Default: `groupType`, else `team`. */
    type?: string;
    /** Group profile attribute naming the parent group, by id or name. Default: none (flat). */
    parentAttribute?: string;
    /** Leave out groups with no members and no children. Default false. */
    pruneEmpty?: boolean;
    /**
     * Do not read the member list of a group Okta counts no members in (`expand=stats`
     * `usersCount` 0). Default true.
     */
    skipEmptyMemberReads?: boolean;
  };
  /** Profile attributes copied to `okta.com/profile-<attribute>` annotations. Default none. */
  profileAnnotations?: string[];
  /**
   * Member fetches in flight at once, 1–100. Default 16. Okta also limits the requests in
   * flight per org (75; 35 on the Integrator Free plan), shared with every other client.
   */
  concurrency?: number;
  /** Retries of one request answered 429, each after `X-Rate-Limit-Reset`. Default 10. */
  maxRetries?: number;
  /** Change events between scheduled runs (see the README, "Change events"). */
  events?: {
    /** Poll the System Log (`GET /api/v1/logs`); no inbound endpoint needed. */
    poll?: {
      /** Default false. An OAuth app also needs the `okta.logs.read` scope. */
      enabled?: boolean;
      /** How often to poll and apply queued changes (engine setting). Default 30 seconds; 1 second to 1 day. */
      interval?: { [unit: string]: number } | string;
    };
    /** Receive Okta Event Hook deliveries at `/api/catalog/org-sync/okta/<id>`. */
    push?: {
      /** Default false. */
      enabled?: boolean;
      /**
       * The secret value of the Authorization header configured on the Event Hook
       * (`authScheme: { type: HEADER, key: Authorization, value }`), at least 24 characters.
       * Required when `enabled` is true.
       * @visibility secret
       */
      authorization?: string;
      /** Largest delivery accepted (engine setting). Default 1 MiB. */
      maxBodyBytes?: number;
      /** How long a delivery's body may take to arrive before it is answered 408 and the connection closed (engine setting). Default 10 seconds, at most 5 minutes. */
      bodyTimeout?: { [unit: string]: number } | string;
    };
  };
  /** Roadie's name for `users.search`. */
  userFilter?: string;
  /** Roadie's name for `groups.search`. */
  groupFilter?: string;

  naming?: {
    /**
     * User naming strategy: `strip-domain-email` (default), `id`, `email`, `login`,
     * `kebab-case-email`, `slugify-email`, `email-local-part`, `login-local-part`, `profile:<attribute>`.
     */
    users?: string;
    /** Group naming strategy: `kebab-case-name` (default), `id`, `profile-name`, `name`, `display-name`, `kebab-case-display-name`, `profile:<attribute>`. */
    groups?: string;
  };
  /** `spec.type` of groups; `groups.type` wins. Default `team`. */
  groupType?: string;
  // `requestTimeout` (default 60 s, one request with its body) and `allowInsecureHttp` come from
  // OrgProviderCommonConfig.
}

export interface Config {
  catalog?: {
    providers?: {
      // Backstage merges every installed package's schema: while Roadie's Okta module is still
      // installed, its list-only schema applies too, so only the list form validates and ajv
      // logs strict-mode notices about the object branch. Removing Roadie's package ends both.
      /**
       * Okta orgs to sync: an object keyed by provider id, or (Roadie's form) a list.
       */
      okta?: { [id: string]: OktaOrgProviderConfig } | OktaOrgProviderConfig[];
    };
  };
}
