import { escapeDnValue, toLdif } from './ldif';
import { FIXED_LDAP_GROUPS, generateLdapDirectory } from './fromGeneratedOrg';

describe('LDIF of the generated org', () => {
  it('escapes DN values as RFC 4514 says and base64-encodes what LDIF cannot carry as text', () => {
    expect(escapeDnValue('Platform, Infra & Ops')).toBe('Platform\\, Infra & Ops');
    expect(escapeDnValue('C++ Guild')).toBe('C\\+\\+ Guild');
    expect(escapeDnValue('#oncall; "x" <y> ')).toBe('\\#oncall\\; \\"x\\" \\<y\\>\\ ');
    expect(toLdif([{ dn: 'cn=Zoë,ou=p', attributes: { cn: ['Zoë'], sn: [' lead'], o: ['plain'] } }])).toBe(
      `dn:: ${Buffer.from('cn=Zoë,ou=p').toString('base64')}\ncn:: ${Buffer.from('Zoë').toString('base64')}\nsn:: ${Buffer.from(' lead').toString('base64')}\no: plain\n`,
    );
  });

  it('holds the same people and teams as the other emulators, with the fixed directory groups and some member DNs in another case', () => {
    const dir = generateLdapDirectory({ users: 120, groups: 12, seed: 7, hostileShare: 0.2 });
    expect(dir.people.map(p => p.key)).toEqual(dir.org.people.map(p => p.key));
    expect(dir.groups.filter(g => g.key.startsWith('g')).map(g => g.cn)).toEqual(dir.org.teams.map(t => t.name));
    expect(dir.groups.filter(g => g.key.startsWith('fixed')).map(g => g.cn)).toEqual(FIXED_LDAP_GROUPS);
    const dns = new Set(dir.people.map(p => p.dn));
    const written = dir.groups.flatMap(g => g.memberDns);
    expect(written.some(dn => !dns.has(dn) && dns.has([...dns].find(d => d.toLowerCase() === dn.toLowerCase()) ?? ''))).toBe(true);
    expect(new Set(dir.groups.map(g => g.dn.toLowerCase())).size).toBe(dir.groups.length);
    expect(dir.people.some(p => p.mails.length === 2)).toBe(true);
    expect(dir.ldif({ ppolicy: false })).not.toContain('pwdAccountLockedTime');
  });
});
