import { normalizeDn } from './dn';

describe('normalizeDn', () => {
  it('compares DNs as a directory does: case, escapes, spaces and multi-valued RDN order do not matter', () => {
    const same = [
      'cn=Platform\\, Infra & Ops,ou=groups,dc=example,dc=com',
      'CN=platform\\2C infra & ops, OU=Groups, DC=Example, DC=Com',
      'cn="Platform, Infra & Ops",ou=groups,dc=example,dc=com',
    ];
    expect(new Set(same.map(normalizeDn)).size).toBe(1);
    expect(normalizeDn('cn=C\\+\\+ Guild,ou=g')).toBe(normalizeDn('cn=C\\2B\\2B Guild,ou=g'));
    expect(normalizeDn('cn=Zo\\C3\\AB,ou=p')).toBe(normalizeDn('cn=Zoë,ou=p'));
    expect(normalizeDn('cn=a+ou=copy,ou=g')).toBe(normalizeDn('ou=copy+cn=A,ou=g'));
    expect(normalizeDn('cn=a+ou=copy,ou=g')).not.toBe(normalizeDn('cn=a,ou=g'));
    expect(normalizeDn('cn=a\\,b,ou=g')).not.toBe(normalizeDn('cn=a,b=,ou=g'));
  });
});
