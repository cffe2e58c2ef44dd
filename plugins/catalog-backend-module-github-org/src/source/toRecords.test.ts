import { toRecords } from './toRecords';
import type { MemberNode } from './queries';

describe('toRecords', () => {
  it("hands GitHub's profile values to the engine verbatim: cleaning and dropping unsafe pictures is the engine's job", () => {
    const hostile: MemberNode = {
      id: 'U_1',
      login: 'ada\u0000\u0007',
      name: `Ada\u001b[31m ${'x'.repeat(1024 * 1024)}`,
      avatarUrl: 'javascript:alert(document.cookie)',
      bio: 'bio\u0000',
    };
    const { users } = toRecords([{ org: 'acme', members: [hostile], teams: [] }], { useVerifiedEmails: false, excludeSuspendedUsers: false });
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ login: hostile.login, displayName: hostile.name, picture: 'javascript:alert(document.cookie)' });
    expect(users[0].annotations).toMatchObject({ 'github.com/user-login': hostile.login });
    expect(users[0].raw?.github.avatarUrl).toBe('javascript:alert(document.cookie)');
  });
});

describe('toRecords: identity claims (linkTo)', () => {
  const ada: MemberNode = { id: 'U_ada', login: 'ada', email: 'ada@home.example', organizationVerifiedDomainEmails: ['ada@acme.com', 'ADA@acme.com'] };
  const bot: MemberNode = { id: 'U_bot', login: 'acme-ci-bot', email: '', organizationVerifiedDomainEmails: [] };
  const reads = [
    { org: 'acme', members: [ada, bot], teams: [], samlNameIds: new Map([['U_ada', ['ada@acme.com', 'ada.lovelace']]]) },
    {
      org: 'beta',
      members: [{ ...ada, email: null, organizationVerifiedDomainEmails: ['ada@beta.io'] }],
      teams: [],
      samlNameIds: new Map([['U_ada', ['Ada@Acme.com', 'ada@beta.io']]]),
    },
  ];

  it('gathers SAML NameIDs and verified-domain emails from every org (case-insensitively distinct), the public email, and where the account is', () => {
    const { users } = toRecords(reads, { useVerifiedEmails: false, excludeSuspendedUsers: false, identityClaims: true });
    expect(users.find(u => u.id === 'U_ada')!.identityClaims).toEqual({
      samlNameIds: ['ada@acme.com', 'ada.lovelace', 'ada@beta.io'],
      verifiedEmails: ['ada@acme.com', 'ada@beta.io'],
      orgDomainEmails: true,
      emails: ['ada@home.example'],
      where: 'GitHub orgs acme, beta',
    });
    // An account that claims nobody says only where it is.
    expect(users.find(u => u.id === 'U_bot')!.identityClaims).toEqual({ where: 'GitHub org acme' });
  });

  it('leaves claims out when the provider is not linked, and does not change the email the entity gets', () => {
    const linked = toRecords(reads, { useVerifiedEmails: false, excludeSuspendedUsers: false, identityClaims: true });
    const plain = toRecords(reads, { useVerifiedEmails: false, excludeSuspendedUsers: false });
    expect(plain.users.map(u => u.identityClaims)).toEqual([undefined, undefined]);
    expect(linked.users.map(({ identityClaims: _claims, ...rest }) => rest)).toEqual(plain.users);
  });
});
