import { ConfigReader } from '@backstage/config';
import { readOktaEventsConfig } from './eventsConfig';

const read = (events: unknown) => readOktaEventsConfig(new ConfigReader(events === undefined ? {} : { events }), 'catalog.providers.okta.main');

describe('readOktaEventsConfig', () => {
  it('is off unless enabled', () => {
    expect(read(undefined)).toEqual({ poll: false });
    expect(read({ poll: { interval: { seconds: 10 } }, push: { maxBodyBytes: 2048 } })).toEqual({ poll: false });
  });

  it('reads poll and push with the secret', () => {
    const secret = 'x'.repeat(32);
    expect(read({ poll: { enabled: true }, push: { enabled: true, authorization: secret } })).toEqual({ poll: true, push: { authorization: secret } });
  });

  it('names the setting that is wrong, without quoting the secret', () => {
    expect(() => read({ push: { enabled: true } })).toThrow('catalog.providers.okta.main.events.push.authorization is required when catalog.providers.okta.main.events.push.enabled is true');
    expect(() => read({ push: { enabled: true, authorization: 'short-secret' } })).toThrow(/events.push.authorization is too short to be a secret \(12 characters, at least 24\)$/);
    expect(() => read({ poll: { enabled: 'yes' } })).toThrow('catalog.providers.okta.main.events.poll.enabled must be true or false, got "yes"');
    expect(() => read({ pol: {} })).toThrow(/catalog.providers.okta.main.events.pol is not an Okta events setting \(did you mean poll\?\)/);
    expect(() => read({ push: { secret: 'x' } })).toThrow(/events.push.secret is not an Okta events.push setting/);
  });
});
