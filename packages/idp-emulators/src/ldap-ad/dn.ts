/**
 * Distinguished names as Active Directory writes and compares them: RFC 4514
 * escaping on output, case-insensitive comparison with escapes resolved.
 */

const SPECIAL = new Set([',', '\\', '#', '+', '<', '>', ';', '"', '=']);

/** Escapes an RDN value the way AD renders it (UTF-8 kept as is, specials backslash-escaped). */
export function escapeRdnValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const leadingOrTrailingSpace = ch === ' ' && (i === 0 || i === value.length - 1);
    out += SPECIAL.has(ch) || leadingOrTrailingSpace ? `\\${ch}` : ch;
  }
  return out;
}

/** Splits a DN into [type, value] pairs with escapes resolved; throws on a malformed DN. */
export function parseDn(dn: string): Array<[string, string]> {
  const rdns: Array<[string, string]> = [];
  if (dn.trim() === '') return rdns;
  let type = '';
  let bytes: number[] = [];
  let inValue = false;
  const finish = () => {
    if (!inValue) throw new Error(`invalid DN "${dn}": an RDN has no "="`);
    rdns.push([type.trim(), Buffer.from(bytes).toString('utf8').trim()]);
    type = '';
    bytes = [];
    inValue = false;
  };
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i];
    if (ch === '\\') {
      const hex = dn.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else if (i + 1 < dn.length) {
        bytes.push(...Buffer.from(dn[i + 1], 'utf8'));
        i += 1;
      } else {
        throw new Error(`invalid DN "${dn}": trailing backslash`);
      }
      continue;
    }
    if (!inValue) {
      if (ch === '=') inValue = true;
      else type += ch;
      continue;
    }
    if (ch === ',' || ch === ';') finish();
    else bytes.push(...Buffer.from(ch, 'utf8'));
  }
  finish();
  return rdns;
}

/** A comparison key: types and values lower-cased, escapes resolved, spaces around separators dropped. */
export function dnKey(dn: string): string {
  return parseDn(dn)
    .map(([type, value]) => `${type.toLowerCase()}=${value.toLowerCase()}`)
    .join(',');
}

/** dnKey, or undefined when the DN does not parse. */
export function tryDnKey(dn: string): string | undefined {
  try {
    return dnKey(dn);
  } catch {
    return undefined;
  }
}

/** True when `child` is `parent` or below it (both keys). */
export function isAtOrBelow(childKey: string, parentKey: string): boolean {
  if (parentKey === '') return true;
  return childKey === parentKey || childKey.endsWith(`,${parentKey}`);
}

/** Number of RDNs in a key (for one-level scope). */
export function depthOf(key: string): number {
  return key === '' ? 0 : parseDn(key).length;
}
