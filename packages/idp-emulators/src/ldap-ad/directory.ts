import type { WireAttribute } from './ber';
import { dnKey, escapeRdnValue } from './dn';
import { AdAdminError } from './errors';
import { formatObjectGuid } from './guid';

export type AdObjectKind = 'domain' | 'organizationalUnit' | 'user' | 'group';

/** One directory object as stored: its own attributes; `member`/`memberOf` and bookkeeping are rendered on read. */
export interface AdObject {
  /** formatObjectGuid(guid): the stable internal key. */
  id: string;
  guid: Buffer;
  kind: AdObjectKind;
  rdnType: 'DC' | 'OU' | 'CN';
  rdnValue: string;
  /** DN of the parent ('' for the domain head). */
  parentDn: string;
  /** Stored attributes by lower-cased name: AD's own spelling and the values. */
  attributes: Map<string, WireAttribute>;
  /** Group members (object ids), in the order they were added. */
  members: string[];
  usnCreated: number;
  usnChanged: number;
  whenCreated: number;
  whenChanged: number;
}

const OBJECT_CLASSES: Record<AdObjectKind, string[]> = {
  domain: ['top', 'domain', 'domainDNS'],
  organizationalUnit: ['top', 'organizationalUnit'],
  user: ['top', 'person', 'organizationalPerson', 'user'],
  group: ['top', 'group'],
};

const CATEGORIES: Record<AdObjectKind, string> = {
  domain: 'Domain-DNS',
  organizationalUnit: 'Organizational-Unit',
  user: 'Person',
  group: 'Group',
};

/** Attributes AD computes: never stored, never set by the admin API. */
const COMPUTED = new Set(['objectclass', 'objectcategory', 'distinguishedname', 'name', 'objectguid', 'member', 'memberof',
  'usnchanged', 'usncreated', 'whenchanged', 'whencreated', 'instancetype']);

/**
 * The directory: objects by id and by DN, the group → member links (AD's
 * forward link) and their back links (`memberOf`), and the server's update
 * sequence number. Every write takes a new USN.
 */
export class AdDirectory {
  private readonly objects = new Map<string, AdObject>();
  private readonly byDn = new Map<string, string>();
  private readonly groupsOf = new Map<string, Set<string>>();
  private usn: number;

  /** `baseTime`: whenCreated of the first object; every later USN is one second later (a deterministic clock). */
  constructor(
    readonly baseDn: string,
    private readonly baseTime: number,
    private readonly firstUsn = 12_000,
  ) {
    this.usn = firstUsn;
  }

  private clock(): number {
    return this.baseTime + (this.usn - this.firstUsn) * 1000;
  }

  /** highestCommittedUSN: the USN of the latest write. */
  get highestCommittedUsn(): number {
    return this.usn;
  }

  nextUsn(): number {
    return ++this.usn;
  }

  dnOf(object: AdObject): string {
    const rdn = `${object.rdnType}=${escapeRdnValue(object.rdnValue)}`;
    return object.parentDn ? `${rdn},${object.parentDn}` : rdn;
  }

  all(): AdObject[] {
    return [...this.objects.values()];
  }

  get(id: string): AdObject | undefined {
    return this.objects.get(id);
  }

  byDnKey(key: string): AdObject | undefined {
    const id = this.byDn.get(key);
    return id === undefined ? undefined : this.objects.get(id);
  }

  findByDn(dn: string): AdObject | undefined {
    try {
      return this.byDnKey(dnKey(dn));
    } catch {
      return undefined;
    }
  }

  /** Groups whose `member` holds this object (its `memberOf`), in insertion order. */
  groupIdsOf(id: string): string[] {
    return [...(this.groupsOf.get(id) ?? [])];
  }

  /** Adds an object (with a fresh USN unless one is given); its DN must be free and its parent must exist. */
  insert(
    object: Omit<AdObject, 'usnCreated' | 'usnChanged' | 'whenCreated' | 'whenChanged' | 'members' | 'id'> & { members?: string[] },
  ): AdObject {
    const usn = this.nextUsn();
    const now = this.clock();
    const full: AdObject = {
      ...object,
      id: formatObjectGuid(object.guid),
      members: [],
      usnCreated: usn,
      usnChanged: usn,
      whenCreated: now,
      whenChanged: now,
    };
    const key = dnKey(this.dnOf(full));
    if (this.byDn.has(key)) throw new AdAdminError(`an object named ${this.dnOf(full)} exists already`, 409);
    if (full.kind !== 'domain' && full.parentDn && !this.byDn.has(dnKey(full.parentDn))) throw new AdAdminError(`no parent ${full.parentDn}`, 404);
    this.objects.set(full.id, full);
    this.byDn.set(key, full.id);
    for (const memberId of object.members ?? []) this.link(full, memberId);
    return full;
  }

  /** Marks an object changed: a new uSNChanged and whenChanged. */
  touch(object: AdObject): void {
    object.usnChanged = this.nextUsn();
    object.whenChanged = this.clock();
  }

  setAttribute(object: AdObject, name: string, values: Array<string | Buffer> | undefined): void {
    const lower = name.toLowerCase();
    if (COMPUTED.has(lower)) throw new AdAdminError(`${name} is maintained by the directory and cannot be set`);
    if (values === undefined || values.length === 0) object.attributes.delete(lower);
    else object.attributes.set(lower, { name: object.attributes.get(lower)?.name ?? name, values: [...values] });
  }

  attribute(object: AdObject, name: string): Array<string | Buffer> | undefined {
    return object.attributes.get(name.toLowerCase())?.values;
  }

  /** Renames (new RDN value) and/or moves (new parent) a leaf object; links follow, as AD's DN-linked values do. */
  rename(object: AdObject, rdnValue: string, parentDn: string = object.parentDn): void {
    if (object.kind !== 'user' && object.kind !== 'group') throw new AdAdminError('only users and groups can be renamed or moved');
    const oldKey = dnKey(this.dnOf(object));
    const moved = { ...object, rdnValue, parentDn };
    const newKey = dnKey(this.dnOf(moved));
    if (newKey !== oldKey && this.byDn.has(newKey)) throw new AdAdminError(`an object named ${this.dnOf(moved)} exists already`, 409);
    if (!this.byDn.has(dnKey(parentDn))) throw new AdAdminError(`no parent ${parentDn}`, 404);
    this.byDn.delete(oldKey);
    object.rdnValue = rdnValue;
    object.parentDn = parentDn;
    if (object.attributes.has('cn')) object.attributes.set('cn', { name: 'cn', values: [rdnValue] });
    this.byDn.set(newKey, object.id);
  }

  /** Adds a member link; false when it was there. */
  link(group: AdObject, memberId: string): boolean {
    if (group.kind !== 'group') throw new AdAdminError(`${this.dnOf(group)} is not a group`);
    if (!this.objects.has(memberId)) throw new AdAdminError(`no object ${memberId}`, 404);
    if (group.members.includes(memberId)) return false;
    group.members.push(memberId);
    let set = this.groupsOf.get(memberId);
    if (!set) this.groupsOf.set(memberId, (set = new Set()));
    set.add(group.id);
    return true;
  }

  unlink(group: AdObject, memberId: string): boolean {
    const index = group.members.indexOf(memberId);
    if (index < 0) return false;
    group.members.splice(index, 1);
    this.groupsOf.get(memberId)?.delete(group.id);
    return true;
  }

  /** Deletes a leaf object; the groups that held it lose the link (and are changed). No tombstone is kept. */
  remove(object: AdObject): void {
    if (object.kind !== 'user' && object.kind !== 'group') throw new AdAdminError('only users and groups can be deleted');
    for (const groupId of this.groupIdsOf(object.id)) {
      const group = this.objects.get(groupId);
      if (group && this.unlink(group, object.id)) this.touch(group);
    }
    for (const memberId of object.members) this.groupsOf.get(memberId)?.delete(object.id);
    this.groupsOf.delete(object.id);
    this.byDn.delete(dnKey(this.dnOf(object)));
    this.objects.delete(object.id);
  }

  /**
   * Every attribute of an object as AD returns it for `*` (without range
   * limits), in AD's order; with `only` (lower-cased names), just those.
   */
  render(object: AdObject, only?: Set<string>): WireAttribute[] {
    const out: WireAttribute[] = [];
    const want = (name: string) => !only || only.has(name.toLowerCase());
    const add = (name: string, values: () => Array<string | Buffer>) => {
      if (!want(name)) return;
      const list = values();
      if (list.length) out.push({ name, values: list });
    };
    const stored = (name: string) => () => object.attributes.get(name.toLowerCase())?.values ?? [];
    const dnsOf = (ids: string[]) => ids.map(id => this.dnOf(this.objects.get(id)!));
    add('objectClass', () => OBJECT_CLASSES[object.kind]);
    const first = ['cn', 'ou', 'dc', 'sn', 'description', 'givenName'];
    for (const name of first) add(object.attributes.get(name.toLowerCase())?.name ?? name, stored(name));
    add('distinguishedName', () => [this.dnOf(object)]);
    add('instanceType', () => [object.kind === 'domain' ? '5' : '4']);
    add('whenCreated', () => [generalizedTime(object.whenCreated)]);
    add('whenChanged', () => [generalizedTime(object.whenChanged)]);
    add('displayName', stored('displayName'));
    add('uSNCreated', () => [String(object.usnCreated)]);
    if (object.kind === 'group') add('member', () => dnsOf(object.members));
    add('memberOf', () => dnsOf(this.groupIdsOf(object.id)));
    add('uSNChanged', () => [String(object.usnChanged)]);
    add('name', () => [object.rdnValue]);
    add('objectGUID', () => [object.guid]);
    const listed = new Set([...first.map(n => n.toLowerCase()), 'displayname']);
    for (const [lower, attribute] of object.attributes) if (!listed.has(lower)) add(attribute.name, () => attribute.values);
    add('objectCategory', () => [`CN=${CATEGORIES[object.kind]},CN=Schema,CN=Configuration,${this.baseDn}`]);
    return out;
  }
}

/** AD's GeneralizedTime form: `20240101000000.0Z`. */
export function generalizedTime(ms: number): string {
  return `${new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14)}.0Z`;
}
