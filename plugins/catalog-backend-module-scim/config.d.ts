import type { OrgProviderCommonConfig } from '@orgsync/plugin-catalog-org-sync-node';

/** One SCIM service provider, at `<backend>/api/catalog/org-sync/scim/<id>`. */
interface ScimProviderConfig extends OrgProviderCommonConfig {
  /**
   * The bearer token the identity provider sends (Entra ID's "Secret Token", Okta's "Authorization" header without
   * `Bearer `), at least 16 characters; a list accepts each of them, for rotating without downtime.
   * @visibility secret
   */
  token: string | string[];
  /** Requests each token may make per minute on each replica (429 beyond). Default 60000 (1,000 a second). */
  rateLimit?: {
    requestsPerMinute?: number;
  };
  /** The engine's change settings: how SCIM writes reach the catalog. */
  events?: {
    poll?: {
      /** How often queued changes are looked at again when one could not be applied at once (engine setting). Default 30 seconds. */
      interval?: { [unit: string]: number } | string;
    };
    push?: {
      /** Largest SCIM request body accepted (engine setting); larger ones are answered 413. Default 1 MiB. */
      maxBodyBytes?: number;
      /** How long a request body may take to arrive before it is answered 408 (engine setting). Default 10 seconds. */
      bodyTimeout?: { [unit: string]: number } | string;
    };
  };
  naming?: {
    /** User naming strategy: `login-local-part` (default: userName before any `@`), `id`, `email`, `login`, `strip-domain-email`, `kebab-case-email`, `slugify-email`, `email-local-part`. */
    users?: string;
    /** Group naming strategy: `kebab-case-name` (default: the displayName, kebab-cased), `id`, and the engine's others. */
    groups?: string;
  };
}

export interface Config {
  catalog?: {
    providers?: {
      /** SCIM service providers identity providers push users and groups to, by id (`scim:<id>`). */
      scim?: { [id: string]: ScimProviderConfig };
    };
  };
}
