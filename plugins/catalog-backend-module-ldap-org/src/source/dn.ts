/**
 * Distinguished names compared as the directory compares them: attribute names and values without case,
 * escapes (`\,` `\2C` `\+`, UTF-8 as `\C3\A9`) decoded, spaces around separators ignored, the values of a
 * multi-valued RDN in any order. Lets a group's `member: UID=Ada,OU=People,…` find `uid=ada,ou=people,…`.
 *
 * @alpha
 */
export function normalizeDn(dn: string): string {
  const rdns: string[] = [];
  let attrs: string[] = [];
  let type = '';
  let bytes: number[] = [];
  let inValue = false;
  let quoted = false;
  const text = (s: string) => bytes.push(...Buffer.from(s, 'utf8'));
  const endAttr = () => {
    const value = Buffer.from(bytes).toString('utf8').trim().replace(/\s+/g, ' ').toLowerCase();
    attrs.push(`${type.trim().toLowerCase()}=${value}`);
    type = '';
    bytes = [];
    inValue = false;
  };
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i];
    if (!inValue) {
      if (c === '=') inValue = true;
      else type += c;
      continue;
    }
    if (c === '\\' && i + 1 < dn.length) {
      const hex = dn.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        text(dn[i + 1]);
        i += 1;
      }
      continue;
    }
    if (c === '"') {
      quoted = !quoted;
      continue;
    }
    if (!quoted && (c === ',' || c === ';' || c === '+')) {
      endAttr();
      if (c !== '+') {
        rdns.push(attrs.sort().join('+'));
        attrs = [];
      }
      continue;
    }
    text(c);
  }
  if (inValue || type.trim()) endAttr();
  if (attrs.length) rdns.push(attrs.sort().join('+'));
  return rdns.join(',');
}

/** The value of the first RDN's attribute `attribute` of a DN (unescaped), e.g. `ada` for `uid=ada,ou=people`. */
export function rdnValue(dn: string, attribute: string): string | undefined {
  const first = normalizeDn(dn).split(',')[0] ?? '';
  const prefix = `${attribute.toLowerCase()}=`;
  return first.split('+').find(part => part.startsWith(prefix))?.slice(prefix.length);
}
