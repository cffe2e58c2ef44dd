import { defaultDeletionGuardConfig, evaluateDeletionGuard } from './deletionGuard';

const users = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `user:default/u${i + from}`);
const groups = (n: number) => Array.from({ length: n }, (_, i) => `group:default/g${i}`);

describe('evaluateDeletionGuard', () => {
  const config = defaultDeletionGuardConfig;

  it('allows a first run and runs that remove nothing', () => {
    expect(evaluateDeletionGuard([], users(10), config).allowed).toBe(true);
    expect(evaluateDeletionGuard(users(10), users(12), config).allowed).toBe(true);
  });

  it('allows removals up to the share and the small-org floor', () => {
    expect(evaluateDeletionGuard(users(100), users(90, 10), config).allowed).toBe(true); // 10 of 100
    expect(evaluateDeletionGuard(users(5), users(3, 2), config).allowed).toBe(true); // 2 of 5, under the floor
  });

  it('refuses removing more than the share of users or of groups', () => {
    const decision = evaluateDeletionGuard([...users(100), ...groups(10)], [...users(60), ...groups(10)], config);
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe('it would remove 40 of 100 users (40%, limit 10%)');
    expect(decision.removedUsers).toHaveLength(40);
    const groupsGone = evaluateDeletionGuard([...users(10), ...groups(20)], [...users(10), ...groups(15)], config);
    expect(groupsGone.allowed).toBe(false);
    expect(groupsGone.reason).toContain('5 of 20 groups');
  });

  it('never removes every user, even with the share set to 1', () => {
    const decision = evaluateDeletionGuard(users(2), [], { ...config, maxUserRemovalShare: 1 });
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe('it would remove all 2 users');
  });

  it('applies exactly the accepted plan', () => {
    const refused = evaluateDeletionGuard(users(100), users(50), config);
    const accepted = evaluateDeletionGuard(users(100), users(50), { ...config, acceptPlan: refused.planId });
    expect(accepted).toMatchObject({ allowed: true, accepted: true });
    const other = evaluateDeletionGuard(users(100), users(49), { ...config, acceptPlan: refused.planId });
    expect(other.allowed).toBe(false);
  });

  it('compares refs without case and can be disabled', () => {
    expect(evaluateDeletionGuard(['user:default/JDoe'], ['user:default/jdoe'], config).removedUsers).toEqual([]);
    expect(evaluateDeletionGuard(users(10), [], { ...config, enabled: false }).allowed).toBe(true);
  });
});
