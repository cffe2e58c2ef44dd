import { ConfigReader } from '@backstage/config';
import { startOktaEmulator, type OktaEmulator } from '@orgsync/idp-emulators';
import type { OrgListResult } from '@orgsync/plugin-catalog-org-sync-node';
import { CapturingLogger } from '@orgsync/test-utils';
import { providerConfig } from '../__testing__/harness';
import { readOktaProviderConfig } from '../config';
import type { OktaGroupRecord, OktaUserRecord } from './rawObjects';
import type { MemberCursor } from './memberCursor';
import { OktaOrgSource } from './OktaOrgSource';

const isPlainJson = (value: unknown): boolean =>
  value === null ||
  ['string', 'number', 'boolean'].includes(typeof value) ||
  (Array.isArray(value) && value.every(isPlainJson)) ||
  (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && Object.values(value as object).every(isPlainJson));

// What a full read holds, through the real Okta SDK against the emulator (its users carry `_links` and `credentials`).
describe('OktaOrgSource full read', () => {
  let okta: OktaEmulator;
  const signal = new AbortController().signal;

  beforeEach(async () => {
    okta = await startOktaEmulator({ generate: { seed: 5, users: 450, groups: 6, deprovisionedShare: 0 } });
  });
  afterEach(() => okta.close());

  const read = async (extra: Record<string, unknown> = {}) => {
    const config = readOktaProviderConfig(new ConfigReader(providerConfig(okta, extra)), 'main', 'catalog.providers.okta.main');
    return (await new OktaOrgSource(config, new CapturingLogger()).read({ signal, reportProgress: () => {} })) as OrgListResult;
  };

  it('keeps each object as a slim plain-JSON copy: the whole profile, no SDK instances, links or credentials', async () => {
    const { users, groups } = await read();
    expect(users.length).toBeGreaterThan(400); // more than two pages of 200
    for (const user of users as OktaUserRecord[]) {
      expect(isPlainJson(user.raw)).toBe(true);
      expect(Object.keys(user.raw!).filter(key => key.startsWith('_') || key === 'credentials' || key === 'realmId')).toEqual([]);
      const served = okta.org.users().find(u => u.id === user.id)!;
      expect(user.raw!.profile).toEqual(JSON.parse(JSON.stringify(served.profile)));
    }
    for (const group of groups as OktaGroupRecord[]) {
      expect(isPlainJson(group.raw)).toBe(true);
      expect(Object.keys(group.raw!).filter(key => key.startsWith('_'))).toEqual([]);
    }
  });

  it('holds one copy of a member list when no member is left out: the record and the cursor share it', async () => {
    const { users, groups, cursor } = await read();
    const listed = new Set(users.map(u => u.id));
    const entries = (cursor as MemberCursor).groups;
    // Nobody is deprovisioned in this org: the user list returns every member.
    const complete = groups.filter(g => entries[g.id]?.members.length);
    expect(complete.length).toBeGreaterThan(0);
    for (const group of complete) expect(entries[group.id].members.every(id => listed.has(id))).toBe(true);
    for (const group of complete) expect(group.memberUserIds).toBe(entries[group.id].members);
  });

  it('leaves out members the user list did not return, in the record only (the cursor keeps them for the next run)', async () => {
    const group = okta.org.groups().find(g => okta.org.memberIds(g.id).length > 1)!;
    const [gone, ...others] = okta.org.memberIds(group.id);
    okta.org.deactivateUser(gone);
    const { groups, cursor } = await read();
    expect([...groups.find(g => g.id === group.id)!.memberUserIds!].sort()).toEqual([...others].sort());
    expect((cursor as MemberCursor).groups[group.id].members).toContain(gone);
  });
});
