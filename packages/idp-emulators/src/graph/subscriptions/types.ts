/** What a subscription watches (Graph also takes `/users`, answered as `users`). */
export type SubscribedResource = 'users' | 'groups';

export type ChangeType = 'created' | 'updated' | 'deleted';

export type LifecycleEvent = 'reauthorizationRequired' | 'missed' | 'subscriptionRemoved';

/** Graph's maximum lifetime of a subscription on users and groups (directory resources): 41,760 minutes, under 29 days. */
export const MAX_DIRECTORY_SUBSCRIPTION_MINUTES = 41760;

/** How long Graph waits for the answer to a `validationToken` request. */
export const VALIDATION_TIMEOUT_MS = 10_000;

/** A subscription as `/v1.0/subscriptions` returns it. */
export interface GraphSubscription {
  id: string;
  resource: string;
  applicationId: string;
  changeType: string;
  clientState: string | null;
  notificationUrl: string;
  notificationQueryOptions: null;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: string;
  creatorId: string;
  includeResourceData: boolean;
  latestSupportedTlsVersion: string;
  encryptionCertificate: null;
  encryptionCertificateId: null;
  notificationUrlAppId: null;
}

/** A change in the tenant that subscriptions may hear about. */
export interface DirectoryChange {
  resource: SubscribedResource;
  id: string;
  /** `updated` for creations, updates and soft deletes; `deleted` for permanent deletes (as Graph documents for users and groups). */
  changeType: ChangeType;
  /** Group membership changes, sent as `resourceData['members@delta']`. */
  membersDelta?: Array<{ id: string; '@removed'?: { reason: 'deleted' } }>;
}

/** One POST the emulator made to a notification or lifecycle URL. */
export interface NotificationDelivery {
  kind: 'validation' | 'change' | 'lifecycle';
  url: string;
  subscriptionIds: string[];
  /** The body exactly as sent (change and lifecycle), for replay tests. */
  body?: string;
  /** HTTP status of the answer; 0 for no answer (timeout, network error). */
  status: number;
  at: string;
}
