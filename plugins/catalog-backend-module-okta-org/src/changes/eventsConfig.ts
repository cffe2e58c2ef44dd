import type { Config } from '@backstage/config';
import { checkKnownKeys } from '@orgsync/plugin-catalog-org-sync-node';

/** The module's part of a provider's `events` config (the engine reads `poll.interval` and `push.maxBodyBytes`). */
export interface OktaEventsConfig {
  /** Poll the System Log (`events.poll.enabled`). */
  poll: boolean;
  /** Receive Event Hook deliveries (`events.push.enabled`), with the secret Authorization header value. */
  push?: { authorization: string };
}

/** Shorter shared secrets are guessable; Okta accepts any header value, so the length is ours to demand. */
const MIN_SECRET_LENGTH = 24;

export function readOktaEventsConfig(config: Config, configPath: string): OktaEventsConfig {
  const events = config.getOptionalConfig('events');
  if (!events) return { poll: false };
  const path = `${configPath}.events`;
  checkKnownKeys(events, ['poll', 'push'], path, { onUnknown: 'fail', what: 'an Okta events setting' });
  const poll = events.getOptionalConfig('poll');
  const push = events.getOptionalConfig('push');
  if (poll) checkKnownKeys(poll, ['enabled', 'interval'], `${path}.poll`, { onUnknown: 'fail', what: 'an Okta events.poll setting' });
  if (push) checkKnownKeys(push, ['enabled', 'authorization', 'maxBodyBytes', 'bodyTimeout'], `${path}.push`, { onUnknown: 'fail', what: 'an Okta events.push setting' });
  const flag = (c: Config | undefined, sub: string) => {
    const value = c?.getOptional('enabled');
    if (value !== undefined && typeof value !== 'boolean') throw new Error(`${path}.${sub}.enabled must be true or false, got ${JSON.stringify(value)}`);
    return value === true;
  };
  const result: OktaEventsConfig = { poll: flag(poll, 'poll') };
  if (flag(push, 'push')) {
    const authorization = push!.getOptional('authorization');
    if (typeof authorization !== 'string' || !authorization.trim()) {
      throw new Error(
        `${path}.push.authorization is required when ${path}.push.enabled is true: the secret value of the Authorization header configured on the Okta Event Hook`,
      );
    }
    if (authorization.length < MIN_SECRET_LENGTH) {
      throw new Error(`${path}.push.authorization is too short to be a secret (${authorization.length} characters, at least ${MIN_SECRET_LENGTH})`);
    }
    result.push = { authorization };
  }
  return result;
}
