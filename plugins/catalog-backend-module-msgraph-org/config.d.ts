import type { OrgProviderCommonConfig } from '@orgsync/plugin-catalog-org-sync-node';
import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

/**
 * One Microsoft Graph provider. Keys marked "official" mean exactly what they mean in `@backstage/plugin-catalog-backend-module-msgraph`.
 * (ours, engine) `namespace`, `groupType`, `incremental.*`, `guard.*`, `requestTimeout` (default 60 s, every Graph and
 * token request, body included) and `allowInsecureHttp` (no effect here: Graph needs https:) come from OrgProviderCommonConfig.
 * Keys not listed here (nor there) fail at start-up, here and inside `user`, `group` and `userGroupMember`; the official
 * processor form's flat keys (`userFilter`, `groupSelect`, …) are ignored with a warning.
 */
interface MicrosoftGraphOrgProviderConfig extends OrgProviderCommonConfig {
  /** (official) Graph API base URL, `https:` only. Default `https://graph.microsoft.com/v1.0`. */
  target?: string;
  /** (official) Entra authority host, `https:` only. Default `https://login.microsoftonline.com`. Instance discovery is off for non-Microsoft hosts. */
  authority?: string;
  /** (official) Tenant id (or a verified domain). */
  tenantId: string;
  /** (official) App registration id; with `clientSecret` or `clientCertificatePath`. Without both: DefaultAzureCredential. */
  clientId?: string;
  /**
   * (official) App secret.
   * @visibility secret
   */
  clientSecret?: string;
  /**
   * (ours) PEM file with the app's certificate and private key, instead of `clientSecret`.
   * @visibility secret
   */
  clientCertificatePath?: string;
  /** (official) `basic` (default) or `advanced` (ConsistencyLevel: eventual, $count). */
  queryMode?: 'basic' | 'advanced';
  user?: {
    /** (official) `$filter` on the user list. */
    filter?: string;
    /** (ours) `$search` on the user list (advanced query). */
    search?: string;
    /** (official) `$select`; `id` and `accountEnabled` are always added. */
    select?: string[];
    /** (official) `$expand`. */
    expand?: string;
    /** (official) Collection path. Default `users`. */
    path?: string;
    /** (official) Load profile photos. Default true. */
    loadPhotos?: boolean;
    /** (ours) Photo size read: `48x48` … `648x648` or `original`. Default `120x120`. */
    photoSize?: string;
  };
  group?: {
    /** (official) `$filter` on the group list. */
    filter?: string;
    /** (official) `$search` on the group list (advanced query). */
    search?: string;
    /** (official) `$select`. */
    select?: string[];
    /** (official) `$expand`. */
    expand?: string;
    /** (official) Collection path. Default `groups`. */
    path?: string;
    /** (official) Also import groups nested directly in the read groups. Default false. */
    includeSubGroups?: boolean;
  };
  /** (official) Read users as the user members of the groups these select, instead of the user list. */
  userGroupMember?: {
    filter?: string;
    search?: string;
    path?: string;
  };
  /** (ours) Parallel `$batch` requests, 1–32. Default 4. */
  concurrency?: number;
  /** (ours) Keep guest accounts (`userType eq 'Guest'`). Default true, as the official module. */
  includeGuests?: boolean;
  /** (ours) Keep disabled accounts (`accountEnabled eq false`). Default false, as the official module. */
  includeDisabled?: boolean;
  /**
   * (ours) With `linkTo`: a guest's (`userType eq 'Guest'`) `mail` matches people too. Default false: whoever invited
   * the guest typed that address, so it proves nothing about who they are. Only with `linkTo`.
   */
  linkGuestsByMail?: boolean;
  /** (ours) Change events between scheduled runs (see the README, "Change events"). */
  events?: {
    /** Poll users and groups delta queries; no inbound endpoint needed. Not with user/group filters, searches, expands, paths or userGroupMember. */
    poll?: {
      /** Default false. */
      enabled?: boolean;
      /** How often to poll and apply queued changes (engine setting). Default 30 seconds; 1 second to 1 day. */
      interval?: { [unit: string]: number } | string;
    };
    /** Receive Graph change notifications on `users` and `groups` at `/api/catalog/org-sync/msgraph/<id>`; the module creates and renews the subscriptions. */
    push?: {
      /** Default false. */
      enabled?: boolean;
      /** The public `https:` URL at which Graph reaches this provider's route; its path ends with `/api/catalog/org-sync/msgraph/<id>`. Required when `enabled`. */
      notificationUrl?: string;
      /**
       * The secret Graph returns in every notification (24–128 characters), compared in constant time. Required when `enabled`.
       * @visibility secret
       */
      clientState?: string;
      /** Largest delivery accepted (engine setting). Default 1 MiB. */
      maxBodyBytes?: number;
      /** How long a delivery's body may take to arrive before it is answered 408 and the connection closed (engine setting). Default 10 seconds, at most 5 minutes. */
      bodyTimeout?: { [unit: string]: number } | string;
    };
  };
  /** (official) When to sync. Default: hourly. */
  schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
  /** (ours, engine) Naming strategies. */
  naming?: {
    /** `msgraph-default` (default: the official names), `upn`, `id`, `email`, `strip-domain-email`, `kebab-case-email`, `login`, … */
    users?: string;
    /** `msgraph-default` (default: the official names), `mail-nickname`, `id`, `name`, `display-name`, `kebab-case-name`, … */
    groups?: string;
  };
}

export interface Config {
  catalog?: {
    providers?: {
      /** Keyed by provider id (or a single provider directly here, id `default`, as the official module allows). */
      microsoftGraphOrg?: { [id: string]: MicrosoftGraphOrgProviderConfig } | MicrosoftGraphOrgProviderConfig;
    };
  };
}
