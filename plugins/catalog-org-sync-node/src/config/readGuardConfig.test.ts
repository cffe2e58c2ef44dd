import { ConfigReader } from '@backstage/config';
import { readGuardConfig } from './readGuardConfig';

type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

const PATH = 'catalog.providers.okta.main';

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
