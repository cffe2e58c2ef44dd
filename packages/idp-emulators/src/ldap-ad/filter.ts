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

/** The attribute names (lower-cased) a filter reads. */
export function filterAttributes(filter: LdapFilter, into = new Set<string>()): Set<string> {
  if (filter.type === 'AndFilter' || filter.type === 'OrFilter') for (const child of filter.filters ?? []) filterAttributes(child, into);
  else if (filter.type === 'NotFilter') filterAttributes(filter.filter!, into);
  else if (filter.attribute) into.add(filter.attribute.toLowerCase());
  return into;
}

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
      return valuesOf(target, filter.attribute!).some(v => compare(filter.attribute!, v, assertion(filter.value)) >= 0);
    case 'LessThanEqualsFilter':
      return valuesOf(target, filter.attribute!).some(v => compare(filter.attribute!, v, assertion(filter.value)) <= 0);
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
    const wanted = assertionBytes(filter.value ?? '');
    return values.some(v => Buffer.isBuffer(v) && v.equals(wanted));
  }
  const wanted = assertion(filter.value);
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
  const initial = filter.initial && assertion(filter.initial).toLowerCase();
  const final = filter.final && assertion(filter.final).toLowerCase();
  const any = (filter.any ?? []).map(s => assertion(s).toLowerCase());
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
  const wanted = assertion(filter.value);
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
      return equality({ type: 'EqualityFilter', attribute, value: filter.value }, target);
    default:
      return false;
  }
}

/**
 * An assertion value's bytes. ldapjs re-parses a request's filter from its
 * own text form, which leaves `\xx` escapes in values (every non-ASCII byte
 * of a text value, and the bytes of a binary value that are not printable)
 * and latin-1 characters for the other bytes of a binary value; this undoes it.
 */
function assertionBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '\\' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      const code = text.charCodeAt(i);
      if (code <= 0xff) bytes.push(code);
      else bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** An assertion value as text. */
function assertion(text: string | undefined): string {
  return text === undefined ? '' : assertionBytes(text).toString('utf8');
}
