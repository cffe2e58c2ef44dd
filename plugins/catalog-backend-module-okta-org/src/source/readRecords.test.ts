import { ConfigReader } from '@backstage/config';
import { startOktaEmulator, type OktaEmulator } from '@orgsync/idp-emulators';
import type { OrgRecordReader, OrgSnapshot } from '@orgsync/plugin-catalog-org-sync-node';
import { CapturingLogger } from '@orgsync/test-utils';
import { providerConfig } from '../__testing__/harness';
import { readOktaProviderConfig } from '../config';
import type { OktaRawGroup, OktaRawUser, OktaUserRecord } from './rawObjects';
import { OktaOrgSource } from './OktaOrgSource';

/** The records a list read returned, read back by id as the engine's record store serves them. */
function recordsOf<TUser, TGroup>(snapshot: OrgSnapshot<TUser, TGroup>): OrgRecordReader<TUser, TGroup> {
  const pick = <T extends { id: string }>(all: T[], ids: readonly string[]) => new Map(all.filter(r => ids.includes(r.id)).map(r => [r.id, r]));
  return {
    users: async ids => pick(snapshot.users, ids),
    groups: async ids => pick(snapshot.groups, ids),
    allGroups: async () => snapshot.groups,
    all: async () => snapshot,
  };
}

// readRecords through the real Okta SDK against the emulator: what a change signal's hint turns into.
describe('OktaOrgSource.readRecords', () => {
  let okta: OktaEmulator;
  const signal = new AbortController().signal;

  beforeEach(async () => {
    okta = await startOktaEmulator({ generate: { seed: 21, users: 40, groups: 5 } });
  });
  afterEach(() => okta.close());

  const sourceWith = (extra: Record<string, unknown> = {}) => {
    const config = readOktaProviderConfig(new ConfigReader(providerConfig(okta, extra)), 'main', 'catalog.providers.okta.main');
    return new OktaOrgSource(config, new CapturingLogger());
  };
  const listRead = async (source: OktaOrgSource) => (await source.read({ signal, reportProgress: () => {} })) as OrgSnapshot<OktaRawUser, OktaRawGroup>;
  const activeUsers = () => okta.org.users().filter(u => u.status === 'ACTIVE');
  const teamGroup = () => okta.org.groups().find(g => g.type === 'OKTA_GROUP' && okta.org.memberIds(g.id).length > 1)!;

  it('answers a user as the list read makes it, and deletes one deactivated, deleted or unknown', async () => {
    const source = sourceWith();
    const list = await listRead(source);
    const [kept, deactivated, deleted] = activeUsers();
    okta.org.deactivateUser(deactivated.id);
    okta.org.deleteUser(deleted.id);
    const delta = await source.readRecords({ users: [kept.id, deactivated.id, deleted.id, '00uNoSuchUser0000000'], groups: [] }, { signal, records: recordsOf(list) });
    expect(delta.users.upserted).toEqual([list.users.find(u => u.id === kept.id)]);
    expect(delta.users.deleted.sort()).toEqual([deactivated.id, deleted.id, '00uNoSuchUser0000000'].sort());
    expect((delta.users.upserted[0] as OktaUserRecord).raw).toMatchObject({ id: kept.id, status: 'ACTIVE', profile: { login: kept.profile.login } });
    expect(JSON.parse(JSON.stringify(delta.users.upserted[0].raw))).toEqual(delta.users.upserted[0].raw);
  });

  it('keeps the active rule: a suspended user is a record with active false unless users.statuses says otherwise', async () => {
    const source = sourceWith({ users: { statuses: ['ACTIVE'] } });
    const list = await listRead(source);
    const user = activeUsers()[0];
    okta.org.suspendUser(user.id);
    const delta = await source.readRecords({ users: [user.id], groups: [] }, { signal, records: recordsOf(list) });
    expect(delta.users.upserted.map(u => [u.id, u.active])).toEqual([[user.id, false]]);
  });

  it('deletes a user or group outside users/groups filter and search', async () => {
    const [inside, outside] = activeUsers();
    okta.org.updateUserProfile(inside.id, { department: 'R&D' });
    okta.org.updateUserProfile(outside.id, { department: 'Sales' });
    const group = teamGroup();
    const source = sourceWith({ users: { search: 'profile.department eq "R&D"' }, groups: { filter: `id eq "${group.id}"` } });
    const list = await listRead(source);
    const other = okta.org.groups().find(g => g.id !== group.id)!;
    const delta = await source.readRecords({ users: [inside.id, outside.id], groups: [group.id, other.id] }, { signal, records: recordsOf(list) });
    expect(delta.users.upserted.map(u => u.id)).toEqual([inside.id]);
    expect(delta.users.deleted).toEqual([outside.id]);
    expect(delta.groups.upserted.map(g => g.id)).toEqual([group.id]);
    expect(delta.groups.deleted).toEqual([other.id]);
  });

  it('answers a group with its complete member list now, limited to users in scope', async () => {
    const source = sourceWith();
    const list = await listRead(source);
    const group = teamGroup();
    const joining = activeUsers().find(u => !okta.org.memberIds(group.id).includes(u.id))!;
    const [leaving, deactivated] = okta.org.memberIds(group.id);
    okta.org.addMember(group.id, joining.id);
    okta.org.removeMember(group.id, leaving);
    okta.org.deactivateUser(deactivated);
    const delta = await source.readRecords({ users: [deactivated], groups: [group.id] }, { signal, records: recordsOf(list) });
    const expected = okta.org.memberIds(group.id).filter(id => id !== deactivated && okta.org.findUser(id)!.status !== 'DEPROVISIONED');
    expect(delta.groups.upserted).toHaveLength(1);
    expect([...delta.groups.upserted[0].memberUserIds!].sort()).toEqual(expected.sort());
    expect(delta.groups.upserted[0].memberUserIds).toContain(joining.id);
    okta.org.deleteGroup(group.id);
    const gone = await source.readRecords({ users: [], groups: [group.id] }, { signal, records: recordsOf(list) });
    expect(gone.groups).toEqual({ upserted: [], deleted: [group.id] });
  });

  it('throws, naming the record, when Okta fails after retries (nothing to apply)', async () => {
    const source = sourceWith({ maxRetries: 1 });
    const list = await listRead(source);
    const user = activeUsers()[0];
    okta.server.faults.add({ route: 'GET /api/v1/users/:idOrLogin', kind: 'status', status: 403 });
    await expect(source.readRecords({ users: [user.id], groups: [] }, { signal, records: recordsOf(list) })).rejects.toThrow(
      new RegExp(`re-reading Okta user ${user.id} failed: .*Okta denied access`),
    );
  });
});
