/**
 * What differs between directory servers. The official module's vendors (uuid and DN attributes, how
 * values decode), plus what it lacks: which accounts are disabled and which attribute tells what changed.
 *
 * Active Directory (also what the AD-flavoured emulator in `@orgsync/idp-emulators` speaks):
 * - `objectGUID` is 16 bytes, read as a Buffer and rendered as AD shows it (the first three groups
 *   little-endian: `{3}{2}{1}{0}-{5}{4}-{7}{6}-{8}{9}-{10}…{15}`), the official module's `formatGUID`;
 * - a multi-valued attribute longer than MaxValRange comes back as `member;range=0-1499` with an empty
 *   `member`: the source reads on (`member;range=1500-*`, …) until a range ends in `*` (rangeRetrieval.ts);
 * - `userAccountControl` bit 0x2 (ACCOUNTDISABLE) marks a disabled account;
 * - `uSNChanged` grows with every change on one domain controller: incremental reads ask for
 *   `(uSNChanged>=<highest seen + 1>)` (keep `target` on one DC: USNs differ between DCs).
 */
import { EqualityFilter, type Entry } from 'ldapts';

/** @public */
export const VENDOR_NAMES = ['openldap', 'activedirectory', 'freeipa', 'aedir'] as const;
/** @public */
export type VendorName = (typeof VENDOR_NAMES)[number];

/** @alpha */
export interface LdapVendorProfile {
  name: VendorName;
  dnAttributeName: string;
  uuidAttributeName: string;
  /** Attributes to read as bytes (ldapts `explicitBufferAttributes`). */
  binaryAttributes: string[];
  /** Attributes that say whether an account is disabled (requested on top of the configured ones). */
  disabledAttributes: string[];
  /** Why an entry's account is disabled, in the directory's words; undefined when it is enabled. */
  disabledReason(attribute: (name: string) => string[]): string | undefined;
  /**
   * The attribute that orders changes (incremental reads), how its values compare, and the filter for
   * entries changed after a value (strictly after where the attribute allows it).
   */
  change: { attribute: string; compare(a: string, b: string): number; after(highest: string): string };
}

const byTime = (a: string, b: string) => a.localeCompare(b);
const byNumber = (a: string, b: string) => {
  const x = BigInt(a.replace(/\D/g, '') || '0');
  const y = BigInt(b.replace(/\D/g, '') || '0');
  return x < y ? -1 : x > y ? 1 : 0;
};

/** RFC 4515 escaping of a value in a filter. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, c => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// entryCSN (OpenLDAP, Æ-DIR) has microsecond resolution, a counter and ordering/equality matching: strictly after.
const csnChange = {
  attribute: 'entryCSN',
  compare: byTime,
  after: (highest: string) => `(&(entryCSN>=${escapeFilterValue(highest)})(!(entryCSN=${escapeFilterValue(highest)})))`,
};
// modifyTimestamp has one-second resolution: `>=` reads again what changed within the last read's second.
const timestampChange = { attribute: 'modifyTimestamp', compare: byTime, after: (highest: string) => `(modifyTimestamp>=${escapeFilterValue(highest)})` };

/** `pwdAccountLockedTime: 000001010000Z` is ppolicy's administrative lock; a lockout after failed binds has a real time and ends by itself. */
export const PPOLICY_PERMANENT_LOCK = '000001010000Z';
/** userAccountControl ACCOUNTDISABLE. */
export const UF_ACCOUNTDISABLE = 0x2;

/** @alpha */
export const VENDORS: Record<VendorName, LdapVendorProfile> = {
  openldap: {
    name: 'openldap',
    dnAttributeName: 'entryDN',
    uuidAttributeName: 'entryUUID',
    binaryAttributes: [],
    disabledAttributes: ['pwdAccountLockedTime'],
    disabledReason: get => (get('pwdAccountLockedTime').includes(PPOLICY_PERMANENT_LOCK) ? `pwdAccountLockedTime: ${PPOLICY_PERMANENT_LOCK}` : undefined),
    change: csnChange,
  },
  activedirectory: {
    name: 'activedirectory',
    dnAttributeName: 'distinguishedName',
    uuidAttributeName: 'objectGUID',
    binaryAttributes: ['objectGUID'],
    disabledAttributes: ['userAccountControl'],
    disabledReason: get => {
      const uac = Number(get('userAccountControl')[0]);
      return Number.isFinite(uac) && (uac & UF_ACCOUNTDISABLE) !== 0 ? `userAccountControl: ${uac} (ACCOUNTDISABLE)` : undefined;
    },
    change: { attribute: 'uSNChanged', compare: byNumber, after: (highest: string) => `(uSNChanged>=${BigInt(highest.replace(/\D/g, '') || '0') + 1n})` },
  },
  freeipa: {
    name: 'freeipa',
    dnAttributeName: 'dn',
    uuidAttributeName: 'ipaUniqueID',
    binaryAttributes: [],
    disabledAttributes: ['nsAccountLock'],
    disabledReason: get => (get('nsAccountLock').some(v => v.toLowerCase() === 'true') ? 'nsAccountLock: TRUE' : undefined),
    change: timestampChange,
  },
  aedir: {
    name: 'aedir',
    dnAttributeName: 'dn',
    uuidAttributeName: 'entryUUID',
    binaryAttributes: [],
    // Æ-DIR: aeStatus -1 requested, 0 active, 1 deactivated, 2 archived.
    disabledAttributes: ['aeStatus'],
    disabledReason: get => {
      const status = Number(get('aeStatus')[0] ?? '0');
      return status > 0 ? `aeStatus: ${status}` : undefined;
    },
    change: csnChange,
  },
};

/** The vendor a root DSE announces, detected as the official module does (forestFunctionality → AD, ipaDomainLevel → FreeIPA, aeRoot → Æ-DIR). @alpha */
export function detectVendor(rootDse: Entry | undefined): VendorName {
  if (!rootDse) return 'openldap';
  const has = (name: string) => Object.keys(rootDse).some(key => key.toLowerCase() === name.toLowerCase());
  if (has('forestFunctionality')) return 'activedirectory';
  if (has('ipaDomainLevel')) return 'freeipa';
  if (has('aeRoot')) return 'aedir';
  return 'openldap';
}

/** An AD `objectGUID` as AD renders it (the official module's formatGUID). @alpha */
export function formatGuid(bytes: Buffer): string {
  const hex = [...bytes].map(b => b.toString(16).padStart(2, '0'));
  if (hex.length !== 16) return hex.join('');
  const order = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];
  return order.map(i => (i < 0 ? '-' : hex[i])).join('');
}

/**
 * An equality filter on the uuid attribute for a record id. AD `objectGUID` goes as the 16 bytes AD stores: as a
 * filter object, since a filter string's `\xx` escapes of bytes 0x80 and above would reach the server as UTF-8.
 */
export function uuidFilter(vendor: Pick<LdapVendorProfile, 'uuidAttributeName'>, id: string): EqualityFilter {
  const attribute = vendor.uuidAttributeName;
  const isGuid = attribute.toLowerCase() === 'objectguid' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  if (!isGuid) return new EqualityFilter({ attribute, value: id });
  const hex = id.replace(/-/g, '').match(/../g)!;
  // formatGuid's byte order, reversed: the first three groups are little-endian.
  const bytes = [hex[3], hex[2], hex[1], hex[0], hex[5], hex[4], hex[7], hex[6], ...hex.slice(8)];
  return new EqualityFilter({ attribute, value: Buffer.from(bytes.join(''), 'hex') });
}
