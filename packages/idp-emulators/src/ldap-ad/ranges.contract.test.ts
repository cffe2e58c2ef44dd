import { Client, SizeLimitExceededError, type Entry } from 'ldapts';
import { startAdLdapEmulator, type AdLdapEmulator } from './index';

describe('AD LDAP emulator: range retrieval on a 5,000-member group, and faults, through ldapts', () => {
  let ad: AdLdapEmulator;
  let client: Client;

  beforeAll(async () => {
    ad = await startAdLdapEmulator({ generate: { users: 300, groups: 12, seed: 3 }, conversion: { largeGroup: { members: 5000 } } });
    client = new Client({ url: ad.url });
    await client.bind(ad.bindDn, ad.bindPassword);
  });

  afterAll(async () => {
    await client?.unbind();
    await ad?.stop();
  });

  const readGroup = async (attributes: string[]): Promise<Entry> =>
    (await client.search(ad.largeGroupDn!, { scope: 'base', attributes })).searchEntries[0];

  it('answers `member` of a group over MaxValRange with an empty member and member;range=0-1499, then slices up to one ending in *', async () => {
    const expected = ad.admin.find(ad.largeGroupDn!)!.attributes.member;
    expect(expected).toHaveLength(5000);

    const first = await readGroup(['member', 'cn']);
    expect(first.member).toEqual([]);
    expect(first['member;range=0-1499']).toHaveLength(1500);
    const names: string[] = [];
    const collected = [...(first['member;range=0-1499'] as string[])];
    let next = 1500;
    for (;;) {
      const entry = await readGroup([`member;range=${next}-*`]);
      const [name] = Object.keys(entry).filter(k => k.startsWith('member;range='));
      names.push(name);
      collected.push(...(entry[name] as string[]));
      if (name.endsWith('-*')) break;
      next = Number(name.split('-')[1]) + 1;
    }
    expect(names).toEqual(['member;range=1500-2999', 'member;range=3000-4499', 'member;range=4500-*']);
    expect(collected).toEqual(expected);

    const bounded = await readGroup(['member;range=1500-1599']);
    expect(bounded['member;range=1500-1599']).toEqual(expected.slice(1500, 1600));
    // The same limit holds in a subtree search and for `*`.
    const viaSearch = await client.search(ad.groupsDn, { filter: `(cn=${ad.admin.find(ad.largeGroupDn!)!.attributes.cn[0]})`, paged: true });
    expect(viaSearch.searchEntries[0].member).toEqual([]);
    expect(viaSearch.searchEntries[0]['member;range=0-1499']).toHaveLength(1500);
  });

  it('names a small group\'s whole member list member;range=0-* when a range is asked, and plain member otherwise', async () => {
    const small = ad.admin.groups().find(g => (g.attributes.member?.length ?? 0) > 3 && g.dn !== ad.largeGroupDn)!;
    const entry = (await client.search(small.dn, { scope: 'base', attributes: ['member;range=0-*'] })).searchEntries[0];
    expect(entry['member;range=0-*']).toEqual(small.attributes.member);
    const plain = (await client.search(small.dn, { scope: 'base', attributes: ['member'] })).searchEntries[0];
    expect(plain.member).toEqual(small.attributes.member);
  });

  it('honours a configured MaxValRange', async () => {
    const tight = await startAdLdapEmulator({ generate: { users: 40, groups: 2, seed: 3 }, conversion: { largeGroup: { members: 30 } }, maxValRange: 10, adminPort: false });
    const other = new Client({ url: tight.url });
    try {
      await other.bind(tight.bindDn, tight.bindPassword);
      const entry = (await other.search(tight.largeGroupDn!, { scope: 'base', attributes: ['member'] })).searchEntries[0];
      expect(entry['member;range=0-9']).toHaveLength(10);
      const last = (await other.search(tight.largeGroupDn!, { scope: 'base', attributes: ['member;range=20-*'] })).searchEntries[0];
      expect(last['member;range=20-*']).toHaveLength(10);
    } finally {
      await other.unbind();
      await tight.stop();
    }
  });

  describe('faults', () => {
    const users = () => client.search(ad.peopleDn, { filter: '(objectClass=user)', attributes: ['cn'], paged: { pageSize: 500 } });
    afterEach(() => ad.faults.clear());

    const reconnect = async () => {
      await client.unbind().catch(() => undefined);
      client = new Client({ url: ad.url });
      await client.bind(ad.bindDn, ad.bindPassword);
    };

    it('drops the connection after N entries of a search', async () => {
      ad.faults.add({ kind: 'drop-after-entries', entries: 700, count: 1 });
      await expect(users()).rejects.toThrow();
      expect(ad.counters().byResult.dropped).toBeGreaterThanOrEqual(1);
      await reconnect();
      expect((await users()).searchEntries.length).toBe(5000);
    });

    it('drops the connection when the page after N pages is asked for', async () => {
      ad.resetCounters();
      ad.faults.add({ kind: 'drop-after-pages', pages: 3, count: 1 });
      await expect(users()).rejects.toThrow();
      expect(ad.counters()).toMatchObject({ searchRequests: 4, entries: 1500 });
      await reconnect();
    });

    it('answers a page half way with sizeLimitExceeded and no cookie', async () => {
      ad.faults.add({ kind: 'size-limit', pages: 2, filterContains: 'objectclass=user' });
      await expect(users()).rejects.toBeInstanceOf(SizeLimitExceededError);
      // Group searches do not match the rule.
      expect((await client.search(ad.groupsDn, { filter: '(objectClass=group)', attributes: ['cn'], paged: true })).searchEntries.length).toBe(13);
    });

    it('answers with a referral (10) to another DC, or any result code', async () => {
      ad.faults.add({ kind: 'referral', pages: 1, count: 1 });
      const referral = await users().catch(e => e);
      expect(referral.code).toBe(10);
      ad.faults.add({ kind: 'result', code: 51, message: 'busy', count: 1 });
      const busy = await users().catch(e => e);
      expect(busy.code).toBe(51);
      expect((await users()).searchEntries.length).toBe(5000);
    });

    it('takes changes and faults through the HTTP admin API too', async () => {
      const user = ad.admin.users().find(u => u.dn.endsWith(ad.peopleDn))!;
      const response = await fetch(`${ad.adminUrl}/__admin/ad/objects/${encodeURIComponent(user.id)}/disable`, { method: 'POST' });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { attributes: Record<string, string[]> }).attributes.userAccountControl[0]).toMatch(/^(514|66050)$/);
      const fault = await fetch(`${ad.adminUrl}/__admin/ad/faults`, { method: 'POST', body: JSON.stringify({ kind: 'result', code: 52, count: 1 }) });
      expect(fault.status).toBe(201);
      expect((await users().catch(e => e)).code).toBe(52);
      const counters = (await (await fetch(`${ad.adminUrl}/__admin/ad/counters`)).json()) as { byResult: Record<string, number> };
      expect(counters.byResult['52']).toBe(1);
    });
  });
});
