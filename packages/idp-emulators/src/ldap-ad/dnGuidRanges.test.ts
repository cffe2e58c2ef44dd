import { dnKey, escapeRdnValue, isAtOrBelow, parseDn } from './dn';
import { formatObjectGuid, parseObjectGuid } from './guid';
import { AttributeSelection } from './ranges';

describe('AD DNs', () => {
  it('escapes RDN values as AD writes them and keeps UTF-8', () => {
    expect(escapeRdnValue('Platform, Infra & Ops')).toBe('Platform\\, Infra & Ops');
    expect(escapeRdnValue(' #1 <x>+"y";=\\ ')).toBe('\\ \\#1 \\<x\\>\\+\\"y\\"\\;\\=\\\\\\ ');
    expect(escapeRdnValue('Zoë Ångström')).toBe('Zoë Ångström');
  });

  it('compares DNs without case, spacing or escape differences', () => {
    const a = 'CN=Müller\\, Ada,OU=People,DC=example,DC=com';
    expect(dnKey(a)).toBe(dnKey('cn=m\\c3\\bcller\\2c ada, ou=people, dc=EXAMPLE, dc=com'));
    expect(parseDn(a)).toEqual([['CN', 'Müller, Ada'], ['OU', 'People'], ['DC', 'example'], ['DC', 'com']]);
    expect(isAtOrBelow(dnKey(a), dnKey('OU=People,DC=example,DC=com'))).toBe(true);
    expect(isAtOrBelow(dnKey(a), dnKey('OU=Groups,DC=example,DC=com'))).toBe(false);
    expect(() => parseDn('not a dn')).toThrow(/invalid DN/);
  });
});

describe('objectGUID', () => {
  it('formats the bytes as AD tools show them (first three fields little-endian) and back', () => {
    const bytes = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    expect(formatObjectGuid(bytes)).toBe('33221100-5544-7766-8899-aabbccddeeff');
    expect(parseObjectGuid('{33221100-5544-7766-8899-aabbccddeeff}')).toEqual(bytes);
  });
});

describe('range retrieval', () => {
  const member = { name: 'member', values: Array.from({ length: 3200 }, (_, i) => `CN=u${i}`) };
  const cn = { name: 'cn', values: ['All'] };

  it('answers an over-long attribute with an empty one and its first slice', () => {
    expect(new AttributeSelection(['member']).select([cn, member], 1500).map(a => [a.name, a.values.length])).toEqual([
      ['member', 0],
      ['member;range=0-1499', 1500],
    ]);
  });

  it('serves asked ranges, capped at MaxValRange, the last one ending in *', () => {
    const slice = (range: string) => new AttributeSelection([`member;${range}`]).select([member], 1500).map(a => [a.name, a.values.length, a.values[0]]);
    expect(slice('range=1500-*')).toEqual([['member;range=1500-2999', 1500, 'CN=u1500']]);
    expect(slice('Range=3000-*')).toEqual([['member;range=3000-*', 200, 'CN=u3000']]);
    expect(slice('range=10-19')).toEqual([['member;range=10-19', 10, 'CN=u10']]);
    expect(slice('range=3100-5000')).toEqual([['member;range=3100-*', 100, 'CN=u3100']]);
    expect(slice('range=3200-*')).toEqual([]);
  });

  it('returns every attribute for * and none for 1.1', () => {
    expect(new AttributeSelection(['*']).select([cn], 1500)).toEqual([cn]);
    expect(new AttributeSelection([]).select([cn], 1500)).toEqual([cn]);
    expect(new AttributeSelection(['1.1']).select([cn], 1500)).toEqual([]);
  });
});
