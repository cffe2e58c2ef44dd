import { generateOrg, type GeneratedOrg, type GeneratorOptions } from '../core/generator';
import { escapeDnValue, toLdif, type LdapEntry } from './ldif';

/** A person of the generated org as an `inetOrgPerson`. */
export interface LdapPerson {
  /** The generated person's key (`u12`): the same person as in the other emulators. */
  key: string;
  dn: string;
  uid: string;
  cn: string;
  sn: string;
  givenName: string;
  displayName: string;
  /** Zero, one or two `mail` values. */
  mails: string[];
  /** Locked by the password policy (`pwdAccountLockedTime`): the generated person is suspended or deprovisioned. */
  disabled: boolean;
  hostile: boolean;
}

/** A team of the generated org (or one of the fixed directory groups) as a `groupOfNames`. */
export interface LdapGroup {
  /** The generated team's key (`g3`), or `fixed-<n>` for the directory's own groups. */
  key: string;
  dn: string;
  cn: string;
  description: string;
  /** The `member` values as written (some differ in case from the member's own DN). */
  memberDns: string[];
  memberKeys: string[];
  childKeys: string[];
  parentKey?: string;
}

export interface LdapDirectoryOptions extends GeneratorOptions {
  /** Default `dc=example,dc=com`. */
  suffix?: string;
}

/** The generated org as an LDAP directory: `ou=people` and `ou=groups` under one suffix. */
export interface LdapDirectory {
  suffix: string;
  peopleDn: string;
  groupsDn: string;
  org: GeneratedOrg;
  people: LdapPerson[];
  groups: LdapGroup[];
  /** Every entry, the suffix first; `ppolicy: false` leaves `pwdAccountLockedTime` out (no ppolicy schema). */
  entries(options?: { ppolicy?: boolean }): LdapEntry[];
  /** The entries as LDIF. */
  ldif(options?: { ppolicy?: boolean }): string;
}

/** Names directories really have: a comma, an ampersand, a space, a plus, quotes, a leading hash. */
export const FIXED_LDAP_GROUPS = ['Platform, Infra & Ops', 'Domain Users', 'C++ Guild', 'Research "Labs" <R&D>', '#oncall; primary'];

/** `pwdAccountLockedTime` of an account locked by an administrator until unlocked (ppolicy's permanent lock). */
export const PERMANENTLY_LOCKED = '000001010000Z';

/** The same DN with the attribute names and the values of some RDNs in another case: what `member` values often look like. */
function otherCase(dn: string): string {
  return dn.replace(/(^|,)([a-zA-Z]+)=/g, (_m, sep: string, attr: string) => `${sep}${attr.toUpperCase()}=`).replace(/,OU=people/i, ',OU=People');
}

/**
 * Turns the seeded generated org (the same people and teams as the Okta, Graph and GitHub
 * emulators, hostile names included) into a directory. People are `uid=<login>`; hostile people
 * are `cn=<family>\, <given> (<key>)` (escaped characters, UTF-8); a case-only duplicate team name
 * gets a two-valued RDN (`cn=…+ou=copy`), since DNs compare without case. Every fifth
 * membership is written in another case than the member's DN; every seventh person has two mails.
 */
export function generateLdapDirectory(options: LdapDirectoryOptions = {}): LdapDirectory {
  const suffix = options.suffix ?? 'dc=example,dc=com';
  const peopleDn = `ou=people,${suffix}`;
  const groupsDn = `ou=groups,${suffix}`;
  const org = generateOrg(options);

  const people: LdapPerson[] = org.people.map((p, index) => {
    // An RDN has to fit a database key (back_mdb: ~500 bytes): the family name is cut there, displayName keeps it whole.
    const cn = p.hostile ? `${p.familyName.slice(0, 40)}, ${p.givenName} (${p.key})` : p.displayName;
    const rdn = p.hostile ? `cn=${escapeDnValue(cn)}` : `uid=${escapeDnValue(p.login)}`;
    const mails = p.email ? [p.email, ...(index % 7 === 3 ? [`${p.login}@mail.${p.email.split('@')[1]}`] : [])] : [];
    return {
      key: p.key,
      dn: `${rdn},${peopleDn}`,
      uid: p.login,
      cn,
      sn: p.familyName || '-',
      givenName: p.givenName,
      displayName: p.displayName,
      mails,
      disabled: p.status !== 'active',
      hostile: p.hostile,
    };
  });
  const personByKey = new Map(people.map(p => [p.key, p]));

  const usedRdns = new Set<string>();
  const groups: LdapGroup[] = [];
  let membership = 0;
  const memberDn = (dn: string) => (membership++ % 5 === 4 ? otherCase(dn) : dn);
  for (const team of org.teams) {
    const taken = usedRdns.has(team.name.toLowerCase());
    usedRdns.add(team.name.toLowerCase());
    const rdn = taken ? `cn=${escapeDnValue(team.name)}+ou=copy` : `cn=${escapeDnValue(team.name)}`;
    groups.push({ key: team.key, dn: `${rdn},${groupsDn}`, cn: team.name, description: team.description, memberDns: [], memberKeys: [...team.memberKeys], childKeys: [], parentKey: team.parentKey });
  }
  const groupByKey = new Map(groups.map(g => [g.key, g]));
  for (const group of groups) if (group.parentKey) groupByKey.get(group.parentKey)!.childKeys.push(group.key);
  // The fixed groups: the first takes every tenth person, `Domain Users` everyone, the others a few.
  FIXED_LDAP_GROUPS.forEach((name, i) => {
    const memberKeys = i === 1 ? people.map(p => p.key) : people.filter((_p, n) => n % (10 + i) === i).map(p => p.key);
    groups.push({ key: `fixed-${i}`, dn: `cn=${escapeDnValue(name)},${groupsDn}`, cn: name, description: `${name} (a directory group)`, memberDns: [], memberKeys, childKeys: [] });
  });
  for (const group of groups) {
    group.memberDns = [...group.memberKeys.map(k => memberDn(personByKey.get(k)!.dn)), ...group.childKeys.map(k => memberDn(groupByKey.get(k)!.dn))];
  }

  const entries = ({ ppolicy = true }: { ppolicy?: boolean } = {}): LdapEntry[] => {
    const dc = /^dc=([^,]+)/i.exec(suffix)?.[1] ?? 'example';
    return [
      { dn: suffix, attributes: { objectClass: ['dcObject', 'organization'], o: [dc], dc: [dc] } },
      { dn: peopleDn, attributes: { objectClass: ['organizationalUnit'], ou: ['people'] } },
      { dn: groupsDn, attributes: { objectClass: ['organizationalUnit'], ou: ['groups'] } },
      ...people.map(p => ({
        dn: p.dn,
        attributes: {
          objectClass: ['inetOrgPerson'],
          uid: [p.uid],
          cn: [p.cn],
          sn: [p.sn],
          givenName: [p.givenName],
          displayName: [p.displayName],
          ...(p.mails.length ? { mail: p.mails } : {}),
          ...(p.disabled && ppolicy ? { pwdAccountLockedTime: [PERMANENTLY_LOCKED] } : {}),
        },
      })),
      ...groups.map(g => ({
        dn: g.dn,
        attributes: {
          objectClass: ['groupOfNames'],
          cn: [g.cn],
          ...(g.dn.includes('+ou=copy,') ? { ou: ['copy'] } : {}),
          description: [g.description],
          // groupOfNames needs a member: an empty group names the empty DN (as many directories do).
          member: g.memberDns.length ? g.memberDns : [''],
        },
      })),
    ];
  };
  return { suffix, peopleDn, groupsDn, org, people, groups, entries, ldif: o => toLdif(entries(o)) };
}
