import { isValidEntityName } from '@orgsync/plugin-catalog-org-sync-node';
import { describeSlapd } from '@orgsync/test-utils';
import { annotation, ldapEntities, processEverySecond, processingErrors, providerConfig, specOf, startTestDirectory, useLdapFixture, UUID } from '../__testing__/harness';

describeSlapd('LDAP org provider: the generated org in a real slapd, through a real catalog', () => {
  const fixture = useLdapFixture({
    emulator: () => startTestDirectory({ users: 200, groups: 20, seed: 11, hostileShare: 0.1 }),
    providers: dir => ({ main: providerConfig(dir) }),
    config: processEverySecond,
  });

  it('emits every enabled person and every group, all valid, with every membership both ways (member DNs in another case and with escapes included)', async () => {
    const result = await fixture.provider('main').run();
    expect(result.error).toBeUndefined();
    expect(result.outcome).toBe('applied');
    const { people, groups } = fixture.emulator.directory;
    const enabled = people.filter(p => !p.disabled);
    expect(fixture.emulator.slapd.ppolicy).toBe(true);
    expect(people.length - enabled.length).toBeGreaterThan(5);
    expect(result.counts).toMatchObject({ users: enabled.length, groups: groups.length, skipped: 0 });

    const entities = await ldapEntities(fixture.catalog, enabled.length + groups.length);
    expect(processingErrors(entities)).toEqual([]);
    expect(entities.every(e => isValidEntityName(e.metadata.name))).toBe(true);
    // Memberships: every group lists exactly its enabled members; every nested team has its parent.
    const refOfUser = new Map(entities.filter(e => e.kind === 'User').map(e => [annotation(e, 'backstage.io/ldap-dn')!.toLowerCase(), `user:default/${e.metadata.name}`.toLowerCase()]));
    const userKeyToRef = new Map(people.filter(p => !p.disabled).map(p => [p.key, [...refOfUser].find(([dn]) => dn === dnAsServer(p.dn))?.[1]]));
    const catalogGroups = entities.filter(e => e.kind === 'Group');
    let memberships = 0;
    for (const group of groups) {
      const entity = catalogGroups.find(g => annotation(g, 'backstage.io/ldap-dn')!.toLowerCase() === dnAsServer(group.dn))!;
      expect(entity).toBeDefined();
      const expected = group.memberKeys.filter(k => userKeyToRef.has(k)).map(k => userKeyToRef.get(k)!).sort();
      expect([...(specOf<{ members?: string[] }>(entity).members ?? [])].map(r => r.toLowerCase()).sort()).toEqual(expected);
      memberships += expected.length;
      expect((specOf<{ children?: string[] }>(entity).children ?? []).length).toBe(group.childKeys.length);
    }
    expect(memberships).toBeGreaterThan(400);
    const memberOfRelations = entities.flatMap(e => (e.relations ?? []).filter(r => r.type === 'memberOf' && r.targetRef.startsWith('group:')));
    expect(memberOfRelations.length).toBe(memberships);
    const childOf = entities.flatMap(e => (e.relations ?? []).filter(r => r.type === 'childOf'));
    expect(childOf.length).toBe(groups.reduce((n, g) => n + g.childKeys.length, 0));
    expect(childOf.length).toBeGreaterThan(5);
  });

  it('names entities as the official module does, and makes names the catalog would refuse valid, keeping the original as title', async () => {
    const plain = fixture.emulator.directory.people.find(p => !p.hostile && !p.disabled)!;
    const user = await fixture.catalog.byName('user', 'default', plain.uid);
    expect(user?.metadata.annotations).toMatchObject({ 'backstage.io/ldap-rdn': plain.uid, 'backstage.io/ldap-dn': plain.dn });
    expect(annotation(user, UUID)).toMatch(/^[0-9a-f-]{36}$/);
    expect(user?.metadata.annotations?.['backstage.io/managed-by-location']).toBe(`ldap://main/${encodeURIComponent(plain.dn)}`);
    expect(specOf<{ profile: unknown }>(user).profile).toMatchObject({ displayName: plain.cn, email: plain.mails[0] });

    const groups = await fixture.catalog.query('kind=group');
    const platform = groups.find(g => annotation(g, 'backstage.io/ldap-rdn') === 'Platform, Infra & Ops')!;
    expect(platform.metadata.name).toBe('Platform-Infra-Ops');
    expect(platform.metadata.title).toBe('Platform, Infra & Ops');
    expect(annotation(platform, 'backstage.io/ldap-dn')).toBe('cn=Platform\\2C Infra & Ops,ou=groups,dc=example,dc=com');
    const domainUsers = groups.find(g => annotation(g, 'backstage.io/ldap-rdn') === 'Domain Users')!;
    expect(isValidEntityName(domainUsers.metadata.name)).toBe(true);
    expect(specOf<{ members: string[] }>(domainUsers).members.length).toBe(fixture.emulator.directory.people.filter(p => !p.disabled).length);
    // Users keep memberships in groups whose official name is invalid: no memberOf points at a missing entity.
    const names = new Set(groups.map(g => `group:default/${g.metadata.name}`.toLowerCase()));
    for (const u of await fixture.catalog.query('kind=user')) for (const ref of specOf<{ memberOf: string[] }>(u).memberOf) expect(names).toContain(ref.toLowerCase());
  });

  it('leaves disabled (ppolicy-locked) accounts out and says why in the run', async () => {
    const locked = fixture.emulator.directory.people.filter(p => p.disabled);
    const users = await fixture.catalog.query('kind=user');
    const dns = new Set(users.map(u => annotation(u, 'backstage.io/ldap-dn')!.toLowerCase()));
    for (const p of locked) expect(dns.has(dnAsServer(p.dn))).toBe(false);
  });
});

/** slapd answers DNs with `\,` written as `\2C` and the like: compare in that form, without case. */
function dnAsServer(dn: string): string {
  return dn.replace(/\\([,+"<>;#=\\])/g, (_m, c: string) => `\\${c.charCodeAt(0).toString(16).toUpperCase()}`).toLowerCase();
}
