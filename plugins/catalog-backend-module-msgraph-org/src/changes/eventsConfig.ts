import type { Config } from '@backstage/config';
import { checkKnownKeys } from '@orgsync/plugin-catalog-org-sync-node';

/** The module's part of a provider's `events` config (the engine reads `poll.interval` and `push.maxBodyBytes`). */
export interface MsGraphEventsConfig {
  /** Poll users and groups delta queries (`events.poll.enabled`). */
  poll: boolean;
  /** Receive change notifications (`events.push.enabled`). */
  push?: {
    /** The public URL Graph posts to; it reaches the engine's route for this provider. */
    notificationUrl: string;
    /** The secret Graph sends back in every notification. */
    clientState: string;
  };
}

/** Shorter shared secrets are guessable; Graph takes up to 128 characters. */
const MIN_SECRET_LENGTH = 24;
const MAX_CLIENT_STATE_LENGTH = 128;

/** Where the engine mounts this provider's route, under the catalog's base URL. */
export const receiverPath = (providerId: string) => `/api/catalog/org-sync/msgraph/${providerId}`;

export function readMsGraphEventsConfig(config: Config, configPath: string, providerId: string): MsGraphEventsConfig {
  const events = config.getOptionalConfig('events');
  if (!events) return { poll: false };
  const path = `${configPath}.events`;
  checkKnownKeys(events, ['poll', 'push'], path, { onUnknown: 'fail', what: 'a Microsoft Graph events setting' });
  const poll = events.getOptionalConfig('poll');
  const push = events.getOptionalConfig('push');
  if (poll) checkKnownKeys(poll, ['enabled', 'interval'], `${path}.poll`, { onUnknown: 'fail', what: 'a Microsoft Graph events.poll setting' });
  if (push) {
    checkKnownKeys(push, ['enabled', 'notificationUrl', 'clientState', 'maxBodyBytes', 'bodyTimeout'], `${path}.push`, {
      onUnknown: 'fail',
      what: 'a Microsoft Graph events.push setting',
    });
  }
  const flag = (c: Config | undefined, sub: string) => {
    const value = c?.getOptional('enabled');
    if (value !== undefined && typeof value !== 'boolean') throw new Error(`${path}.${sub}.enabled must be true or false, got ${JSON.stringify(value)}`);
    return value === true;
  };
  const result: MsGraphEventsConfig = { poll: flag(poll, 'poll') };
  if (flag(push, 'push')) {
    result.push = {
      notificationUrl: readNotificationUrl(push!.getOptional('notificationUrl'), `${path}.push.notificationUrl`, providerId),
      clientState: readClientState(push!.getOptional('clientState'), `${path}.push.clientState`),
    };
  }
  return result;
}

function readNotificationUrl(value: unknown, setting: string, providerId: string): string {
  const expected = receiverPath(providerId);
  if (typeof value !== 'string' || !value.trim()) {
    throw new Error(`${setting} is required when push is enabled: the public https URL at which Microsoft Graph reaches this backend's ${expected}`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${setting} is not a URL: ${JSON.stringify(value)}`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error(`${setting} must be an https: URL (Microsoft Graph delivers only to https:), got ${url.protocol}//${url.host}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(`${setting} must carry no query, fragment or credentials (Graph adds its own query for validation); got ${url.origin}${url.pathname}…`);
  }
  if (!url.pathname.replace(/\/+$/, '').endsWith(expected)) {
    throw new Error(`${setting} must end at this provider's route ${expected} (a proxy may add a prefix before it), got path ${url.pathname}`);
  }
  return url.toString().replace(/\/+$/, '');
}

function readClientState(value: unknown, setting: string): string {
  if (typeof value !== 'string' || !value) {
    throw new Error(`${setting} is required when push is enabled: a secret Graph returns in every notification, which the route checks`);
  }
  if (value.length < MIN_SECRET_LENGTH || value.length > MAX_CLIENT_STATE_LENGTH) {
    throw new Error(`${setting} must be ${MIN_SECRET_LENGTH} to ${MAX_CLIENT_STATE_LENGTH} characters long (Graph's limit is ${MAX_CLIENT_STATE_LENGTH}); it has ${value.length}`);
  }
  return value;
}
