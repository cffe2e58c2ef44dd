import type { WireAttribute } from './ber';
import { tryDnKey } from './dn';

/** The parsed filter objects ldapjs hands a server (the fields this evaluator reads). */
export interface LdapFilter {
  type: string;
  attribute?: string;
  value?: string;
  filters?: LdapFilter[];
  filter?: LdapFilter;
  initial?: string;
  any?: string[];
  final?: string;
  matchingRule?: string;
  dnAttributes?: boolean;
  toBer(): { buffer: Buffer };
}

/** What a filter is evaluated against: an object's attributes, plus the member graph for LDAP_MATCHING_RULE_IN_CHAIN. */
export interface FilterTarget {
  attributes: WireAttribute[];
  /** DN keys of the groups this object is in, directly or through nested groups. */
  groupsInChain(): Set<string>;
  /** DN keys of the objects in this group, directly or through nested groups. */
  membersInChain(): Set<string>;
}

const INTEGER = new Set(['usnchanged', 'usncreated', 'useraccountcontrol', 'grouptype', 'samaccounttype', 'instancetype']);
const DN_VALUED = new Set(['member', 'memberof', 'distinguishedname', 'objectcategory', 'manager', 'directreports']);
const BINARY = new Set(['objectguid', 'objectsid']);
/** AD resolves `objectCategory=<class>` through the class's defaultObjectCategory. */
const CATEGORY_OF_CLASS: Record<string, string> = {
  person: 'person',
  user: 'person',
  contact: 'person',
  group: 'group',
  organizationalunit: 'organizational-unit',
  domain: 'domain-dns',
  domaindns: 'domain-dns',
};
const RULE_BIT_AND = '1.2.840.113556.1.4.803';
const RULE_BIT_OR = '1.2.840.113556.1.4.804';
const RULE_IN_CHAIN = '1.2.840.113556.1.4.1941';

/** Evaluates an RFC 4515 filter (as ldapjs parsed it) with AD's matching rules. */
export function matches(filter: LdapFilter, target: FilterTarget): boolean {
  switch (filter.type) {
    case 'AndFilter':
      return (filter.filters ?? []).every(f => matches(f, target));
    case 'OrFilter':
      return (filter.filters ?? []).some(f => matches(f, target));
    case 'NotFilter':
      return !matches(filter.filter!, target);
    case 'PresenceFilter':
      return valuesOf(target, filter.attribute!).length > 0;
    case 'EqualityFilter':
    case 'ApproximateFilter':
      return equality(filter, target);
    case 'SubstringFilter':
      return substring(filter, target);
    case 'GreaterThanEqualsFilter':
      return valuesOf(target, filter.attribute!).some(v => compare(filter.attribute!, v, filter.value!) >= 0);
    case 'LessThanEqualsFilter':
      return valuesOf(target, filter.attribute!).some(v => compare(filter.attribute!, v, filter.value!) <= 0);
    case 'ExtensibleFilter':
      return extensible(filter, target);
    default:
      return false;
  }
}

function valuesOf(target: FilterTarget, attribute: string): Array<string | Buffer> {
  const lower = attribute.toLowerCase();
  return target.attributes.find(a => a.name.toLowerCase() === lower)?.values ?? [];
}

function text(value: string | Buffer): string {
  return Buffer.isBuffer(value) ? value.toString('latin1') : value;
}

function equality(filter: LdapFilter, target: FilterTarget): boolean {
  const attribute = filter.attribute!.toLowerCase();
  const values = valuesOf(target, attribute);
  if (BINARY.has(attribute)) {
    const wanted = assertionBytes(filter);
    return values.some(v => Buffer.isBuffer(v) && v.equals(wanted));
  }
  const wanted = filter.value!;
  if (attribute === 'objectcategory' && !wanted.includes('=')) {
    const category = CATEGORY_OF_CLASS[wanted.toLowerCase()] ?? wanted.toLowerCase();
    return values.some(v => text(v).toLowerCase().startsWith(`cn=${category},`));
  }
  if (DN_VALUED.has(attribute)) {
    const key = tryDnKey(wanted);
    return key !== undefined && values.some(v => tryDnKey(text(v)) === key);
  }
  if (INTEGER.has(attribute)) return values.some(v => Number(text(v)) === Number(wanted));
  return values.some(v => text(v).toLowerCase() === wanted.toLowerCase());
}

function substring(filter: LdapFilter, target: FilterTarget): boolean {
  const initial = filter.initial?.toLowerCase();
  const final = filter.final?.toLowerCase();
  const any = (filter.any ?? []).map(s => s.toLowerCase());
  return valuesOf(target, filter.attribute!).some(raw => {
    const value = text(raw).toLowerCase();
    let at = 0;
    if (initial) {
      if (!value.startsWith(initial)) return false;
      at = initial.length;
    }
    for (const part of any) {
      const found = value.indexOf(part, at);
      if (found < 0) return false;
      at = found + part.length;
    }
    return !final || (value.length - final.length >= at && value.endsWith(final));
  });
}

function compare(attribute: string, value: string | Buffer, assertion: string): number {
  if (INTEGER.has(attribute.toLowerCase())) return Math.sign(Number(text(value)) - Number(assertion));
  const a = text(value).toLowerCase();
  const b = assertion.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

function extensible(filter: LdapFilter, target: FilterTarget): boolean {
  const attribute = filter.attribute ?? '';
  const wanted = filter.value ?? '';
  switch (filter.matchingRule) {
    case RULE_BIT_AND:
    case RULE_BIT_OR: {
      const mask = BigInt.asUintN(32, BigInt(Number(wanted)));
      return valuesOf(target, attribute).some(v => {
        const bits = BigInt.asUintN(32, BigInt(Number(text(v))));
        return filter.matchingRule === RULE_BIT_AND ? (bits & mask) === mask : (bits & mask) !== 0n;
      });
    }
    case RULE_IN_CHAIN: {
      const key = tryDnKey(wanted);
      if (key === undefined) return false;
      if (attribute.toLowerCase() === 'memberof') return target.groupsInChain().has(key);
      if (attribute.toLowerCase() === 'member') return target.membersInChain().has(key);
      return valuesOf(target, attribute).some(v => tryDnKey(text(v)) === key);
    }
    case undefined:
    case '':
      return equality({ ...filter, type: 'EqualityFilter', toBer: filter.toBer.bind(filter) } as LdapFilter, target);
    default:
      return false;
  }
}

/** The assertion value's bytes (ldapjs only exposes it as text, which loses binary values). */
function assertionBytes(filter: LdapFilter): Buffer {
  const ber = filter.toBer().buffer;
  // [tag][len] then attribute OCTET STRING, then value OCTET STRING.
  let at = 1;
  at += lengthOf(ber, at).size;
  for (let field = 0; field < 2; field++) {
    at += 1;
    const { size, length } = lengthOf(ber, at);
    at += size;
    if (field === 1) return ber.subarray(at, at + length);
    at += length;
  }
  return Buffer.alloc(0);
}

function lengthOf(ber: Buffer, at: number): { size: number; length: number } {
  const first = ber[at];
  if (first < 0x80) return { size: 1, length: first };
  const count = first & 0x7f;
  let length = 0;
  for (let i = 1; i <= count; i++) length = length * 256 + ber[at + i];
  return { size: 1 + count, length };
}

