import { SeededRandom, type GeneratedOrg, type GeneratedPerson } from '../core';
import { AdDirectory, type AdObject } from './directory';
import { newObjectGuid } from './guid';

/** How a generated org becomes an Active Directory domain. */
export interface AdConversionOptions {
  /** Seed for objectGUIDs. Default 1. */
  seed?: number;
  /** DNS name of the domain; the base DN is made of its labels. Default example.com (DC=example,DC=com). */
  domain?: string;
  /** whenCreated of the first object. Default 2024-01-01T00:00:00Z. */
  baseTime?: string;
  /**
   * A group with this many direct members (the generated people first, then
   * `bulk.user.N` accounts in OU=Bulk,OU=People when the org has fewer): AD's
   * range retrieval shows on it. Default: none.
   */
  largeGroup?: { name?: string; members: number };
  /** The account the client binds as. Default CN=svc-backstage,OU=Service Accounts,<base DN>. */
  bindAccount?: { cn?: string };
}

/** UF_ACCOUNTDISABLE */
export const ACCOUNT_DISABLED = 0x2;
/** UF_NORMAL_ACCOUNT */
export const NORMAL_ACCOUNT = 0x200;
/** UF_DONT_EXPIRE_PASSWD: set on some accounts so that only a bit test, not equality, finds disabled ones. */
export const DONT_EXPIRE_PASSWORD = 0x10000;
/** groupType of a global security group. */
export const GLOBAL_SECURITY_GROUP = -2147483646;

/** sAMAccountName may not hold these and is at most 20 characters. */
const SAM_FORBIDDEN = /["/\\[\]:;|=,+*?<>\s]/g;
/** cn (the RDN of users and groups) is at most 64 characters. */
const CN_MAX = 64;

export interface AdSeededDirectory {
  directory: AdDirectory;
  bindDn: string;
  /** DN of the container of generated people (and of the bulk OU). */
  peopleDn: string;
  groupsDn: string;
  /** DN of the large group, when one was asked for. */
  largeGroupDn?: string;
  /** Generated person key → object id (objectGUID string). */
  idByPersonKey: Map<string, string>;
  /** Generated team key → object id. */
  idByTeamKey: Map<string, string>;
}

/** Builds a domain from a generated org: people in OU=<department>,OU=People, teams as global security groups in OU=Groups (nesting as group membership). */
export function adDirectoryFromGeneratedOrg(org: GeneratedOrg, options: AdConversionOptions = {}): AdSeededDirectory {
  const random = new SeededRandom((options.seed ?? 1) ^ 0xad);
  const domain = options.domain ?? 'example.com';
  const baseDn = domain.split('.').map(label => `DC=${label}`).join(',');
  const directory = new AdDirectory(baseDn, Date.parse(options.baseTime ?? '2024-01-01T00:00:00.000Z'));
  const attrs = (values: Record<string, string | number | undefined>) =>
    new Map(
      Object.entries(values)
        .filter((e): e is [string, string | number] => e[1] !== undefined)
        .map(([name, value]) => [name.toLowerCase(), { name, values: [String(value)] }]),
    );
  const guid = () => newObjectGuid(random);

  const [firstLabel] = domain.split('.');
  directory.insert({ guid: guid(), kind: 'domain', rdnType: 'DC', rdnValue: firstLabel, parentDn: baseDn.slice(baseDn.indexOf(',') + 1), attributes: attrs({ dc: firstLabel }) });
  const ou = (name: string, parentDn: string) =>
    directory.dnOf(directory.insert({ guid: guid(), kind: 'organizationalUnit', rdnType: 'OU', rdnValue: name, parentDn, attributes: attrs({ ou: name }) }));
  const peopleDn = ou('People', baseDn);
  const groupsDn = ou('Groups', baseDn);
  const serviceDn = ou('Service Accounts', baseDn);

  const sams = new UniqueNames(20);
  const cns = new Map<string, UniqueNames>();
  const uniqueCn = (parentDn: string, cn: string) => {
    let names = cns.get(parentDn);
    if (!names) cns.set(parentDn, (names = new UniqueNames(CN_MAX)));
    return names.take(cn);
  };
  const addUser = (parentDn: string, person: Omit<GeneratedPerson, 'key' | 'hostile'>, index: number): AdObject => {
    const sam = sams.take(person.login.replace(SAM_FORBIDDEN, '') || `user${index}`);
    const disabled = person.status !== 'active';
    const uac = NORMAL_ACCOUNT | (index % 4 === 0 ? DONT_EXPIRE_PASSWORD : 0) | (disabled ? ACCOUNT_DISABLED : 0);
    return directory.insert({
      guid: guid(),
      kind: 'user',
      rdnType: 'CN',
      rdnValue: uniqueCn(parentDn, person.displayName.trim() || sam),
      parentDn,
      attributes: attrs({
        cn: undefined,
        sn: person.familyName.slice(0, CN_MAX),
        givenName: person.givenName.slice(0, CN_MAX),
        displayName: person.displayName,
        title: person.title,
        department: person.department,
        userAccountControl: uac,
        sAMAccountName: sam,
        sAMAccountType: 805306368,
        userPrincipalName: `${sam}@${domain}`,
        mail: person.email,
      }),
    });
  };
  const withCn = (object: AdObject) => {
    object.attributes.set('cn', { name: 'cn', values: [object.rdnValue] });
    return object;
  };

  const bindCn = options.bindAccount?.cn ?? 'svc-backstage';
  const bind = withCn(addUser(serviceDn, { login: bindCn, givenName: 'Backstage', familyName: 'Service', displayName: bindCn, status: 'active', department: 'IT', title: 'Service account' }, 1));

  const departmentDns = new Map<string, string>();
  const idByPersonKey = new Map<string, string>();
  org.people.forEach((person, index) => {
    let parentDn = departmentDns.get(person.department);
    if (!parentDn) departmentDns.set(person.department, (parentDn = ou(person.department, peopleDn)));
    idByPersonKey.set(person.key, withCn(addUser(parentDn, person, index)).id);
  });

  const groupSams = new UniqueNames(256);
  const addGroup = (cn: string, description: string): AdObject => {
    const rdnValue = uniqueCn(groupsDn, cn);
    return withCn(
      directory.insert({
        guid: guid(),
        kind: 'group',
        rdnType: 'CN',
        rdnValue,
        parentDn: groupsDn,
        attributes: attrs({
          cn: undefined,
          description,
          groupType: GLOBAL_SECURITY_GROUP,
          sAMAccountName: groupSams.take(rdnValue.replace(SAM_FORBIDDEN, '') || 'group'),
          sAMAccountType: 268435456,
        }),
      }),
    );
  };
  const idByTeamKey = new Map<string, string>();
  for (const team of org.teams) idByTeamKey.set(team.key, addGroup(team.name, team.description).id);
  for (const team of org.teams) {
    const group = directory.get(idByTeamKey.get(team.key)!)!;
    for (const key of team.memberKeys) directory.link(group, idByPersonKey.get(key)!);
    if (team.parentKey) directory.link(directory.get(idByTeamKey.get(team.parentKey)!)!, group.id);
  }

  let largeGroupDn: string | undefined;
  if (options.largeGroup && options.largeGroup.members > 0) {
    const wanted = options.largeGroup.members;
    const memberIds = [...idByPersonKey.values()].slice(0, wanted);
    const bulkDn = memberIds.length < wanted ? ou('Bulk', peopleDn) : undefined;
    for (let n = memberIds.length; n < wanted; n++) {
      const login = `bulk.user.${n}`;
      const user = addUser(bulkDn!, { login, givenName: 'Bulk', familyName: `User ${n}`, displayName: `Bulk User ${n}`, email: `${login}@${domain}`, status: 'active', department: 'Bulk', title: 'Engineer' }, n);
      memberIds.push(withCn(user).id);
    }
    const group = addGroup(options.largeGroup.name ?? 'All Staff', `Every one of the ${wanted} accounts`);
    for (const id of memberIds) directory.link(group, id);
    largeGroupDn = directory.dnOf(group);
  }

  return { directory, bindDn: directory.dnOf(bind), peopleDn, groupsDn, largeGroupDn, idByPersonKey, idByTeamKey };
}

/** Hands out names unique case-insensitively (as AD requires), cut to a maximum length. */
class UniqueNames {
  private readonly used = new Set<string>();

  constructor(private readonly max: number) {}

  take(wanted: string): string {
    let name = [...wanted].slice(0, this.max).join('');
    for (let n = 2; this.used.has(name.toLowerCase()); n++) {
      const suffix = String(n);
      name = [...wanted].slice(0, this.max - suffix.length).join('') + suffix;
    }
    this.used.add(name.toLowerCase());
    return name;
  }
}
