import crypto from 'node:crypto';
import { generateLdapDirectory, toLdif, type LdapEntry } from '@orgsync/idp-emulators';
import { describeSlapd } from '@orgsync/test-utils';
import { expectEveryRecordSafeOrNamed, syncTarget } from './corpus/check';
import { hostileLdapEntries } from './ldap/hostileEntries';
import { startSlapdTarget } from './ldap/targets';

/** The generated org with a third of the people hostile (escaped, UTF-8, kilobyte-long names) and the directory's own awkward group names; the corpus's hostile people and groups are added to it. */
const HOSTILE_ORG = { users: 90, groups: 12, seed: 13, hostileShare: 0.33 };
/** Disabled people too: every record of the directory must be accounted for. */
const providerConfig = { includeDisabledUsers: true };

/** The same entries with the people and groups loaded in reverse order (slapd lists them in the order they were added). */
function inReverseOrder(entries: LdapEntry[], containers: string[]): LdapEntry[] {
  const isLeaf = (dn: string) => containers.some(c => dn.endsWith(`,${c}`));
  return [...entries.filter(e => !isLeaf(e.dn)), ...entries.filter(e => isLeaf(e.dn)).reverse()];
}

/**
 * Each entry with an entryUUID derived from its DN (slapadd keeps a given one): the same directory loaded in another
 * order is the same records, as the other IdPs' reversed fixtures keep their ids.
 */
function withStableUuids(entries: LdapEntry[]): LdapEntry[] {
  return entries.map(e => {
    const h = crypto.createHash('sha256').update(e.dn).digest('hex');
    return { ...e, attributes: { ...e.attributes, entryUUID: [`${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`] } };
  });
}

describeSlapd('hostile corpus through LDAP (slapd) on SQLite', () => {
  it('every person and group is a valid entity or a named warning, no run fails, names are stable across runs and orderings', async () => {
    const directory = generateLdapDirectory(HOSTILE_ORG);
    expect(directory.people.filter(p => p.hostile).length).toBeGreaterThan(15);
    // A person's key is the uid (backstage.io/ldap-rdn), a group's its cn.
    const { entries: generated, recordKeys } = hostileLdapEntries(directory);
    const entries = withStableUuids(generated);
    const { results, refsPerRun, entities, warnings } = await syncTarget(await startSlapdTarget({ generate: HOSTILE_ORG, providerConfig, ldif: toLdif(entries) }), 2);
    expectEveryRecordSafeOrNamed({ results, entities, warnings }, recordKeys);

    expect(refsPerRun[1]).toEqual(refsPerRun[0]);
    const reversed = await syncTarget(await startSlapdTarget({ generate: HOSTILE_ORG, providerConfig, ldif: toLdif(inReverseOrder(entries, [directory.peopleDn, directory.groupsDn])) }), 1);
    expect(reversed.results[0].outcome).toBe('applied');
    expect(reversed.refsPerRun[0]).toEqual(refsPerRun[0]);
  }, 120_000);
});
