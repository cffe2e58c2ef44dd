import { ConfigReader } from '@backstage/config';
import { DEFAULT_REQUESTS_PER_MINUTE, readScimProviderConfig } from './config';

const read = (data: NonNullable<ConstructorParameters<typeof ConfigReader>[0]>) => readScimProviderConfig(new ConfigReader(data), 'entra', 'catalog.providers.scim.entra');
const TOKEN = 'a-long-random-secret-token';

describe('readScimProviderConfig', () => {
  it('reads one token, or a list while rotating, and the default rate limit', () => {
    expect(read({ token: TOKEN })).toEqual({ id: 'entra', tokens: [TOKEN], requestsPerMinute: DEFAULT_REQUESTS_PER_MINUTE });
    expect(read({ token: [TOKEN, `${TOKEN}-old`], rateLimit: { requestsPerMinute: 600 } })).toMatchObject({ tokens: [TOKEN, `${TOKEN}-old`], requestsPerMinute: 600 });
  });

  it('refuses a missing, short or non-text token, naming the setting and never the value', () => {
    expect(() => read({})).toThrow('catalog.providers.scim.entra.token is required');
    expect(() => read({ token: 'short-secret' })).toThrow(/^catalog\.providers\.scim\.entra\.token must be at least 16 characters/);
    expect(() => read({ token: 'short-secret' })).not.toThrow(/short-secret/);
    expect(() => read({ token: [TOKEN, 42] })).toThrow('catalog.providers.scim.entra.token[1] must be a string');
    expect(() => read({ token: [] })).toThrow('catalog.providers.scim.entra.token is an empty list');
  });

  it('refuses unknown keys with a suggestion, and a rate limit out of range', () => {
    expect(() => read({ token: TOKEN, tokne: TOKEN })).toThrow('catalog.providers.scim.entra.tokne is not a setting of this provider (did you mean token?)');
    expect(() => read({ token: TOKEN, rateLimit: { requestsPerMinute: 0 } })).toThrow('catalog.providers.scim.entra.rateLimit.requestsPerMinute must be a whole number from 1');
    expect(() => read({ token: TOKEN, rateLimit: { perMinute: 5 } })).toThrow('catalog.providers.scim.entra.rateLimit.perMinute is not');
  });
});
