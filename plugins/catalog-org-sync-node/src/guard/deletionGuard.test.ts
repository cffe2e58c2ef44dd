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
    const accepted = evaluateDeletionGuard(users(100), users(50), { ...config, acceptedPlans: [refused.planId] });
    expect(accepted).toMatchObject({ allowed: true, accepted: true });
    const other = evaluateDeletionGuard(users(100), users(49), { ...config, acceptedPlans: [refused.planId] });
    expect(other.allowed).toBe(false);
  });

  it('does not read guard.acceptPlan itself: only the acceptances a run took (a spent value accepts nothing)', () => {
    const refused = evaluateDeletionGuard(users(100), users(50), config);
    expect(evaluateDeletionGuard(users(100), users(50), { ...config, acceptPlan: refused.planId }).allowed).toBe(false);
  });

  it('compares refs without case and can be disabled', () => {
    expect(evaluateDeletionGuard(['user:default/JDoe'], ['user:default/jdoe'], config).removedUsers).toEqual([]);
    expect(evaluateDeletionGuard(users(10), [], { ...config, enabled: false }).allowed).toBe(true);
  });
});

describe('evaluateDeletionGuard on memberships', () => {
  const config = defaultDeletionGuardConfig;
  const refs = [...users(100), ...groups(10)];
  const sizes = (n: number) => Object.fromEntries(groups(10).map(g => [g, n]));

  it('refuses a run that empties a large group while every entity stays, and the plan names the drop', () => {
    const before = { ...sizes(20), 'group:default/g3': 40 };
    const after = { ...sizes(20), 'group:default/g3': 0 };
    const decision = evaluateDeletionGuard(refs, refs, config, { before, after });
    expect(decision).toMatchObject({ allowed: false, removedMemberships: 40, baselineMemberships: 220, emptiedGroups: ['group:default/g3'] });
    expect(decision.reason).toBe('it would remove 40 of 220 memberships of groups that stay (18.2%, limit 10%)');
  });

  it('refuses every group going to zero at once', () => {
    const decision = evaluateDeletionGuard(refs, refs, config, { before: sizes(3), after: sizes(0) });
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toContain('30 of 30 memberships');
    expect(decision.reason).toContain('it would leave 10 of 10 groups without members');
  });

  it('allows ordinary movement: a few memberships, or members moving between groups', () => {
    expect(evaluateDeletionGuard(refs, refs, config, { before: sizes(20), after: { ...sizes(20), 'group:default/g1': 12 } }).allowed).toBe(true);
    const moved = { ...sizes(20), 'group:default/g1': 10, 'group:default/g2': 30 };
    expect(evaluateDeletionGuard(refs, refs, config, { before: sizes(20), after: moved }).allowed).toBe(true); // 10 of 200 = 5%
  });

  it('does not count the members of a removed group twice', () => {
    const remaining = refs.filter(r => r !== 'group:default/g0');
    const after = Object.fromEntries(Object.entries(sizes(20)).filter(([g]) => g !== 'group:default/g0'));
    expect(evaluateDeletionGuard(refs, remaining, config, { before: sizes(20), after })).toMatchObject({ allowed: true, removedMemberships: 0 });
  });

  it('accepts exactly the plan that was shown', () => {
    const before = { ...sizes(20), 'group:default/g3': 40 };
    const after = { ...sizes(20), 'group:default/g3': 0 };
    const refused = evaluateDeletionGuard(refs, refs, config, { before, after });
    expect(evaluateDeletionGuard(refs, refs, { ...config, acceptedPlans: [refused.planId] }, { before, after })).toMatchObject({ allowed: true, accepted: true });
    const other = { ...after, 'group:default/g4': 0 };
    expect(evaluateDeletionGuard(refs, refs, { ...config, acceptedPlans: [refused.planId] }, { before, after: other }).allowed).toBe(false);
  });
});
