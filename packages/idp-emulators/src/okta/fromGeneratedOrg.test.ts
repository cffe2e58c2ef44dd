import { generateOrg } from '../core';
import { oktaFixtureFromGeneratedOrg } from './index';

describe('oktaFixtureFromGeneratedOrg', () => {
  const org = generateOrg({ seed: 4, users: 400, groups: 20 });

  it('is deterministic and maps every generated status', () => {
    const a = oktaFixtureFromGeneratedOrg(org);
    expect(oktaFixtureFromGeneratedOrg(org)).toEqual(a);
    const statusOf = new Map(a.users.map((u, i) => [org.people[i].status, u.status]));
    expect(statusOf).toEqual(new Map([['active', 'ACTIVE'], ['suspended', 'SUSPENDED'], ['deprovisioned', 'DEPROVISIONED']]));
    expect(new Set(a.users.map(u => u.id)).size).toBe(400);
    expect(a.users.every(u => /^00u[A-Za-z0-9]{17}$/.test(u.id))).toBe(true);
    expect(a.groups.every(g => /^00g[A-Za-z0-9]{17}$/.test(g.id) && g.objectClass[0] === 'okta:user_group')).toBe(true);
  });

  it('keeps memberships and optionally adds Everyone, STAGED/PROVISIONED users and a parent attribute', () => {
    const fixture = oktaFixtureFromGeneratedOrg(org, { everyoneGroup: true, stagedShare: 0.1, provisionedShare: 0.1, groupParentAttribute: 'parentGroupId' });
    const everyone = fixture.groups.find(g => g.type === 'BUILT_IN')!;
    expect(everyone.profile.name).toBe('Everyone');
    expect(fixture.memberships[everyone.id]).toHaveLength(400);
    const staged = fixture.users.filter(u => u.status === 'STAGED');
    expect(staged.length).toBeGreaterThan(0);
    expect(staged.every(u => u.activated === null && u.lastLogin === null && !u.credentials.password)).toBe(true);
    expect(fixture.users.some(u => u.status === 'PROVISIONED')).toBe(true);

    const okta = fixture.groups.filter(g => g.type === 'OKTA_GROUP');
    org.teams.forEach((team, i) => {
      expect(okta[i].profile.name).toBe(team.name);
      expect(fixture.memberships[okta[i].id]).toHaveLength(team.memberKeys.length);
      const parentIndex = team.parentKey ? org.teams.findIndex(t => t.key === team.parentKey) : -1;
      expect(okta[i].profile.parentGroupId).toBe(parentIndex >= 0 ? okta[parentIndex].id : null);
    });
    expect(org.teams.some(t => t.parentKey)).toBe(true);
  });
});
