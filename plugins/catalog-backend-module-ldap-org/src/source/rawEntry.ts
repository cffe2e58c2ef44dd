import type { Entry } from 'ldapts';
import { formatGuid, type LdapVendorProfile } from '../vendors';

/**
 * An entry as read, in plain JSON (it is kept in the record store): its DN and every attribute's
 * values as strings; attributes read as bytes (AD `objectGUID`) are base64 and listed in `binary`.
 *
 * @public
 */
export interface RawLdapEntry {
  dn: string;
  attributes: Record<string, string[]>;
  binary?: string[];
}

/** An ldapts entry as plain JSON. */
export function toRawEntry(entry: Entry, binaryAttributes: readonly string[]): RawLdapEntry {
  const attributes: Record<string, string[]> = {};
  const binary: string[] = [];
  const isBinary = (name: string) => binaryAttributes.some(b => b.toLowerCase() === name.toLowerCase());
  for (const [name, value] of Object.entries(entry)) {
    if (name === 'dn') continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.some(v => Buffer.isBuffer(v)) || isBinary(name)) {
      binary.push(name);
      attributes[name] = values.map(v => (Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'binary')).toString('base64'));
    } else {
      attributes[name] = values.map(String);
    }
  }
  return binary.length ? { dn: entry.dn, attributes, binary } : { dn: entry.dn, attributes };
}

/** The ldapts entry again (bytes as Buffers), for transformers written for the official module. */
export function toLdaptsEntry(raw: RawLdapEntry): Entry {
  const entry: Entry = { dn: raw.dn };
  for (const [name, values] of Object.entries(raw.attributes)) {
    const decoded = raw.binary?.includes(name) ? values.map(v => Buffer.from(v, 'base64')) : values;
    entry[name] = decoded.length === 1 ? decoded[0] : (decoded as string[] | Buffer[]);
  }
  return entry;
}

/** Attribute values as strings, names compared without case; `dn` is the entry's DN; AD `objectGUID` in AD's notation. */
export function attributeValues(raw: RawLdapEntry, name: string, vendor: Pick<LdapVendorProfile, 'uuidAttributeName'>): string[] {
  if (name.toLowerCase() === 'dn') return [raw.dn];
  const key = Object.keys(raw.attributes).find(k => k.toLowerCase() === name.toLowerCase());
  if (!key) return [];
  const values = raw.attributes[key];
  if (!raw.binary?.includes(key)) return values;
  return values.map(v => (key.toLowerCase() === 'objectguid' || key.toLowerCase() === vendor.uuidAttributeName.toLowerCase() ? formatGuid(Buffer.from(v, 'base64')) : v));
}
