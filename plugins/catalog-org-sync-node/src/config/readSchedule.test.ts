import { ConfigReader } from '@backstage/config';
import { readSchedule } from './readSchedule';

type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;
type JsonValue = JsonObject[string];

const PATH = 'catalog.providers.okta.main';
const schedule = (value: JsonValue) => readSchedule(new ConfigReader({ schedule: value }), PATH);

describe('readSchedule', () => {
  it('accepts durations, ISO strings, cron and manual triggers', () => {
    expect(schedule({ frequency: { hours: 1 }, timeout: { minutes: 50 } })).toMatchObject({ frequency: { hours: 1 } });
    expect(schedule({ frequency: 'PT30M', timeout: 'PT20M', initialDelay: { seconds: 0 } })).toBeDefined();
    expect(schedule({ frequency: { cron: '0 * * * *' }, timeout: { minutes: 5 } })).toMatchObject({ frequency: { cron: '0 * * * *' } });
    expect(schedule({ frequency: { trigger: 'manual' }, timeout: { minutes: 5 } })).toBeDefined();
  });

  it.each([
    [{ frequency: { minutes: 0 }, timeout: { minutes: 5 } }, `${PATH}.schedule.frequency must be a duration from 1 second to 24 days`],
    [{ frequency: { hours: 1 } }, `${PATH}.schedule is invalid:`],
    [{ frequency: { cron: 'every hour' }, timeout: { minutes: 5 } }, `${PATH}.schedule.frequency.cron "every hour" is not a cron expression`],
  ])('refuses %j naming the full path', (value, message) => {
    expect(() => schedule(value)).toThrow(message);
  });
});
