/** One directory entry: its DN (as written) and its attributes, each with one or more values. */
export interface LdapEntry {
  dn: string;
  attributes: Record<string, string[]>;
}

/**
 * Escapes an attribute value for use in a DN (RFC 4514 §2.4): `,` `+` `"` `\` `<` `>` `;` `=`
 * anywhere, `#` or a space at the start, a space at the end. UTF-8 stays as it is.
 */
export function escapeDnValue(value: string): string {
  let out = value.replace(/[,+"\\<>;=]/g, c => `\\${c}`);
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && !out.endsWith('\\ ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}

// RFC 2849 SAFE-STRING: ASCII without NUL, LF, CR; not starting with space, colon or '<'; no trailing space.
function isSafeString(value: string): boolean {
  if (/^[ :<]/.test(value) || value.endsWith(' ')) return false;
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (code === 0 || code === 10 || code === 13 || code > 127) return false;
  }
  return true;
}

function line(attribute: string, value: string): string {
  return isSafeString(value) ? `${attribute}: ${value}` : `${attribute}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

/** Entries as LDIF (RFC 2849), non-ASCII and other unsafe values base64-encoded, for `slapadd` or `ldapadd`. */
export function toLdif(entries: Iterable<LdapEntry>): string {
  const blocks: string[] = [];
  for (const entry of entries) {
    const lines = [line('dn', entry.dn)];
    for (const [attribute, values] of Object.entries(entry.attributes)) for (const value of values) lines.push(line(attribute, value));
    blocks.push(lines.join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
