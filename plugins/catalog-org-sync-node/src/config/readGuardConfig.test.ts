import { ConfigReader } from '@backstage/config';
import { readGuardConfig, readRequestTimeoutMs, readSchedule } from './readProviderConfig';

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

describe('readGuardConfig', () => {
  const guard = (value: JsonObject) => readGuardConfig(new ConfigReader({ guard: value }), PATH);

  it.each([-1, 2.5, 1_000_000])('refuses alwaysAllowedRemovals %p', value => {
    expect(() => guard({ alwaysAllowedRemovals: value })).toThrow(`${PATH}.guard.alwaysAllowedRemovals must be a whole number from 0 to 1000, got ${value}`);
  });

  it.each(['not-hex!', 'ABCDEF12', 'abc', 'a'.repeat(65), ' abcdef12'])('refuses acceptPlan %j, naming the key: a plan id is 8 to 64 lower-case hex characters', planId => {
    expect(() => guard({ acceptPlan: planId })).toThrow(`${PATH}.guard.acceptPlan must be a plan id (8 to 64 lower-case hex characters`);
  });

  it('reads an acceptPlan in the form the guard logs it', () => {
    expect(guard({ acceptPlan: '0123456789abcdef' }).acceptPlan).toBe('0123456789abcdef');
  });

  it('refuses shares outside 0..1 and reads the membership rule', () => {
    expect(() => guard({ maxMembershipRemovalShare: 1.5 })).toThrow(`${PATH}.guard.maxMembershipRemovalShare must be a number from 0 to 1`);
    expect(guard({ maxMembershipRemovalShare: 0.2, alwaysAllowedMembershipRemovals: 50 })).toMatchObject({ maxMembershipRemovalShare: 0.2, alwaysAllowedMembershipRemovals: 50 });
  });
});

describe('readRequestTimeoutMs', () => {
  it('defaults to 60 s and reads objects and ISO strings', () => {
    expect(readRequestTimeoutMs(new ConfigReader({}), PATH)).toBe(60_000);
    expect(readRequestTimeoutMs(new ConfigReader({ requestTimeout: { seconds: 5 } }), PATH)).toBe(5000);
    expect(readRequestTimeoutMs(new ConfigReader({ requestTimeout: 'PT2M' }), PATH)).toBe(120_000);
  });

  // Its bounds are tested with every other duration setting's, in durations.test.ts.
});
