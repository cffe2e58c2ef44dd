import type { LdapDirectory, LdapEntry } from '@orgsync/idp-emulators';

const long = (n: number) => `Long${'x'.repeat(n - 4)}`;

/** [uid, cn, displayName, mail] — the other IdPs' corpus people (corpus/build.js) as LDAP can hold them (no NUL: slapd refuses it). */
const PEOPLE: Array<[string, string, string, string | undefined]> = [
  ['zoe.emoji', 'Zoë 😀 Ñandú', 'Zoë 😀 Ñandú', 'zoë😀@example.com'],
  ['maryam', 'مريم العربية', 'مريم العربية \u202Egnp.exe', 'maryam@example.com'],
  ['yamada', '山田 太郎', '山田 太郎', 'yamada@example.com'],
  ['l'.repeat(300), long(300), long(300), `${'l'.repeat(300)}@example.com`],
  ['huge.name', 'Huge Name', 'x'.repeat(1024 * 1024), 'huge@example.com'],
  ['ctrl\u0001name', 'Ctrl\u0007\u001b[31m Name', 'Bad Name\n\tCtrl\u0007', 'ctrl\u0001@example.com'],
  ['html<script>', '<script>alert(1)</script>', '<b>Bold</b> &amp; co', '"<script>"@example.com'],
  ['../../etc/passwd', '..\\..\\windows\\system32', '../../etc', '../admin@example.com'],
  ['...', '---', '...', '...@example.com'],
  ['dup', 'Dup First', 'Dup First', 'shared@example.com'],
  ['DUP', 'Dup Second', 'Dup Second', 'shared@example.com'],
  ['no.email', 'No Email', 'No Email', undefined],
];

/** [cn, description] — hostile group names; each gets every hostile person, and the first two are members of each other (a cycle). */
const GROUPS: Array<[string, string]> = [
  ['Cycle A', 'member of Cycle B'],
  ['Cycle B', 'member of Cycle A'],
  ['🚀 Rocket Team', 'Ünïcödé 😀'],
  ['فريق المنصة', 'فريق'],
  [long(300), long(300)],
  ['<script>alert("team")</script>', '<img src=x onerror=alert(1)>'],
  ['../../admins', '/etc/passwd'],
  ['Ctrl\u0007Team\u001b', 'line\nbreak'],
  ['platform', 'case duplicate of PLATFORM'],
  ['PLATFORM+copy', 'case duplicate of platform'],
];

/**
 * The generated directory plus the hostile people and groups of the other IdPs' corpus, written as LDAP entries
 * (a group that is its own member, member DNs of entries that do not exist), with the keys each record must be
 * found by: a generated person's uid, a generated group's cn, an added record's DN.
 */
export function hostileLdapEntries(directory: LdapDirectory): { entries: LdapEntry[]; recordKeys: string[] } {
  const people = PEOPLE.map(([uid, cn, displayName, mail], i) => ({
    // An RDN of its own: the hostile values do not fit a database key (back_mdb: ~500 bytes) or clash by case.
    dn: `employeeNumber=hostile-${i},${directory.peopleDn}`,
    attributes: { objectClass: ['inetOrgPerson'], employeeNumber: [`hostile-${i}`], uid: [uid], cn: [cn], sn: [cn.slice(0, 60) || '-'], displayName: [displayName], ...(mail ? { mail: [mail] } : {}) },
  }));
  const groupDn = (i: number) => `ou=hostile-group-${i},${directory.groupsDn}`;
  const groups = GROUPS.map(([cn, description], i) => ({
    dn: groupDn(i),
    attributes: {
      objectClass: ['groupOfNames'],
      ou: [`hostile-group-${i}`],
      cn: [cn],
      description: [description],
      member: [
        ...people.map(p => p.dn),
        ...(i < 2 ? [groupDn(1 - i)] : []),
        groupDn(i),
        `uid=nobody,${directory.peopleDn}`,
      ],
    },
  }));
  return {
    entries: [...directory.entries(), ...people, ...groups],
    // The added records by DN (backstage.io/ldap-dn): their uid and cn hold control characters the entity may not keep.
    recordKeys: [...directory.people.map(p => p.uid), ...directory.groups.map(g => g.cn), ...people.map(p => p.dn), ...groups.map(g => g.dn)],
  };
}
