import { ConfigReader } from '@backstage/config';
import { readLeaverOptions } from '../leavers/leaverOptions';
import { readChangeOptions } from './changes';
import { readIncrementalConfig } from './incremental';
import { readRequestTimeoutMs } from './readRequestTimeout';
import { readSchedule } from './readSchedule';

type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;
type JsonValue = JsonObject[string];

const PATH = 'catalog.providers.okta.main';
const schedule = { frequency: { hours: 1 }, timeout: { minutes: 50 } };

/** Every duration setting of a provider, the reader that refuses it at start-up, its bounds, and values just outside them. */
const settings: Array<{ key: string; provider: (value: JsonValue) => JsonObject; read: (config: ConfigReader) => unknown; bounds: string; tooLong: JsonValue; tooShort: JsonValue }> = [
  { key: 'requestTimeout', provider: value => ({ requestTimeout: value }), read: c => readRequestTimeoutMs(c, PATH), bounds: 'from 1 second to 1 hour', tooLong: { days: 30 }, tooShort: { milliseconds: 1 } },
  { key: 'schedule.frequency', provider: value => ({ schedule: { ...schedule, frequency: value } }), read: c => readSchedule(c, PATH), bounds: 'from 1 second to 24 days', tooLong: 'P30D', tooShort: { milliseconds: 1 } },
  { key: 'schedule.timeout', provider: value => ({ schedule: { ...schedule, timeout: value } }), read: c => readSchedule(c, PATH), bounds: 'from 1 second to 24 days', tooLong: { days: 30 }, tooShort: { milliseconds: 1 } },
  { key: 'schedule.initialDelay', provider: value => ({ schedule: { ...schedule, initialDelay: value } }), read: c => readSchedule(c, PATH), bounds: 'from 0 seconds to 24 days', tooLong: { days: 25 }, tooShort: { seconds: -1 } },
  { key: 'incremental.fullReadEvery', provider: value => ({ incremental: { fullReadEvery: value } }), read: c => readIncrementalConfig(c, PATH), bounds: 'from 1 second to 30 days', tooLong: { days: 31 }, tooShort: { milliseconds: 1 } },
  { key: 'events.poll.interval', provider: value => ({ events: { poll: { interval: value } } }), read: c => readChangeOptions(c, PATH), bounds: 'from 1 second to 1 day', tooLong: { hours: 25 }, tooShort: { milliseconds: 1 } },
  { key: 'events.push.bodyTimeout', provider: value => ({ events: { push: { bodyTimeout: value } } }), read: c => readChangeOptions(c, PATH), bounds: 'from 1 second to 5 minutes', tooLong: { minutes: 6 }, tooShort: { milliseconds: 999 } },
  { key: 'guard.changesWindow', provider: value => ({ guard: { changesWindow: value } }), read: c => readChangeOptions(c, PATH), bounds: 'from 1 minute to 7 days', tooLong: { days: 8 }, tooShort: { milliseconds: 1 } },
  { key: 'leavers.retainFor', provider: value => ({ leavers: { retainFor: value } }), read: c => readLeaverOptions(c, PATH), bounds: 'from 1 second to 10 years', tooLong: { years: 11 }, tooShort: { milliseconds: 1 } },
];

/** Refused by every setting: the review's thousand and million years, and a negative duration. */
const refusedEverywhere: JsonValue[] = [{ years: 1000 }, { years: 1e6 }, { seconds: -1 }];

describe('duration settings', () => {
  describe.each(settings)('$key', ({ key, provider, read, bounds, tooLong, tooShort }) => {
    it.each([tooLong, tooShort, ...refusedEverywhere])('refuses %j, naming the key, the bounds and the value', value => {
      const message = `${PATH}.${key} must be a duration ${bounds}, like `;
      expect(() => read(new ConfigReader(provider(value)))).toThrow(message);
      expect(() => read(new ConfigReader(provider(value)))).toThrow(`; got ${JSON.stringify(value)}`);
    });

    it('accepts a value within its bounds, in every form', () => {
      for (const value of [{ minutes: 2 }, 'PT2M', '2m']) expect(() => read(new ConfigReader(provider(value)))).not.toThrow();
    });

    it('refuses what is not a duration, naming the key', () => {
      expect(() => read(new ConfigReader(provider('soon')))).toThrow(`${PATH}.${key}`);
    });
  });
});
