/**
 * The few BER encodings an LDAP server's responses need, written by hand so
 * DNs, attribute names (`member;range=0-1499`) and binary values go on the
 * wire exactly as given — no re-escaping, no text conversion.
 */

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

function integerBytes(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return Buffer.from(bytes);
}

export const integer = (n: number) => tlv(0x02, integerBytes(n));
export const enumerated = (n: number) => tlv(0x0a, integerBytes(n));
export const octets = (value: string | Buffer) => tlv(0x04, Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'));
export const sequence = (...content: Buffer[]) => tlv(0x30, ...content);

/** One attribute of a search result entry: its description and values. */
export interface WireAttribute {
  name: string;
  values: Array<string | Buffer>;
}

/** A control in a response (`Control ::= SEQUENCE { controlType, criticality, controlValue }`). */
export interface WireControl {
  oid: string;
  value?: Buffer;
}

/** LDAPMessage ::= SEQUENCE { messageID, protocolOp, controls [0] OPTIONAL } */
export function ldapMessage(messageId: number, protocolOp: Buffer, controls: WireControl[] = []): Buffer {
  const encodedControls = controls.length
    ? [tlv(0xa0, ...controls.map(c => sequence(octets(c.oid), ...(c.value ? [octets(c.value)] : []))))]
    : [];
  return sequence(integer(messageId), protocolOp, ...encodedControls);
}

/** SearchResultEntry ::= [APPLICATION 4] SEQUENCE { objectName, attributes } */
export function searchResultEntry(dn: string, attributes: WireAttribute[]): Buffer {
  return tlv(0x64, octets(dn), sequence(...attributes.map(a => sequence(octets(a.name), tlv(0x31, ...a.values.map(octets))))));
}

/** SearchResultReference ::= [APPLICATION 19] SEQUENCE OF URI */
export function searchResultReference(uris: string[]): Buffer {
  return tlv(0x73, ...uris.map(octets));
}

/** SearchResultDone ::= [APPLICATION 5] LDAPResult (with referral [3] when given). */
export function searchResultDone(resultCode: number, diagnosticMessage = '', referrals: string[] = [], matchedDn = ''): Buffer {
  const referral = referrals.length ? [tlv(0xa3, ...referrals.map(octets))] : [];
  return tlv(0x65, enumerated(resultCode), octets(matchedDn), octets(diagnosticMessage), ...referral);
}

/** The paged results control value: `SEQUENCE { size INTEGER, cookie OCTET STRING }`. */
export function pagedResultsValue(size: number, cookie: Buffer): Buffer {
  return sequence(integer(size), octets(cookie));
}
