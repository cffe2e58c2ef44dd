import { matchAccounts, type Person } from './matchAccounts';
import { defaultMatchRules } from './linkOptions';

const people: Person[] = [
  { id: 'p-ada', ref: 'user:default/ada', login: 'ada@example.com', email: 'ada@example.com', employeeId: 'E1' },
  { id: 'p-bob', ref: 'user:default/bob', login: 'bob', email: 'Bob.Builder@example.com' },
  { id: 'p-cy', ref: 'user:default/cy', login: 'cy@example.com', email: 'cy@example.com' },
  { id: 'p-cy2', ref: 'user:default/cy2', login: 'cy2', email: 'cy@example.com' },
];
const options = { rules: [...defaultMatchRules], mapping: [{ account: 'Builder', person: 'bob' }], peopleSource: 'okta.main' };

describe('matchAccounts', () => {
  it('links by the first rule that names anyone, case-insensitively, and says how', () => {
    const decisions = matchAccounts(
      [
        { id: 'a1', login: 'ada-gh', claims: { samlNameIds: ['ADA@example.com'], verifiedEmails: ['bob.builder@example.com'] } },
        { id: 'a2', login: 'bobb', claims: { verifiedEmails: ['bob.builder@EXAMPLE.com'] } },
      ],
      people,
      options,
    );
    expect(decisions.get('a1')).toMatchObject({ state: 'linked', person: { id: 'p-ada' }, method: 'saml' });
    expect(decisions.get('a2')).toMatchObject({ state: 'linked', person: { id: 'p-bob' }, method: 'verifiedEmail' });
  });

  it('uses the explicit mapping by login, and employee ids when listed', () => {
    const decisions = matchAccounts([{ id: 'a3', login: 'builder' }, { id: 'a4', employeeId: 'e1' }], people, options);
    expect(decisions.get('a3')).toMatchObject({ state: 'linked', person: { id: 'p-bob' }, method: 'mapping' });
    expect(decisions.get('a4')).toMatchObject({ state: 'linked', person: { id: 'p-ada' }, method: 'employeeId' });
  });

  it('ignores public emails unless `email` is a rule', () => {
    const account = { id: 'a5', login: 'ada-alt', claims: { emails: ['ada@example.com'] } };
    expect(matchAccounts([account], people, options).get('a5')).toMatchObject({ state: 'unmatched' });
    expect(matchAccounts([account], people, { ...options, rules: ['email'] }).get('a5')).toMatchObject({ state: 'linked', method: 'email' });
  });

  it('refuses a claim that names two people', () => {
    const decision = matchAccounts([{ id: 'a6', claims: { verifiedEmails: ['cy@example.com'] } }], people, options).get('a6');
    expect(decision).toMatchObject({ state: 'conflict', method: 'verifiedEmail' });
    expect(decision?.detail).toContain('user:default/cy, user:default/cy2');
  });

  it('refuses two accounts that claim one person, both of them', () => {
    const decisions = matchAccounts(
      [
        { id: 'a7', login: 'ada-work', claims: { samlNameIds: ['ada@example.com'] } },
        { id: 'a8', login: 'ada-personal', claims: { verifiedEmails: ['ada@example.com'] } },
      ],
      people,
      options,
    );
    expect(decisions.get('a7')).toMatchObject({ state: 'conflict' });
    expect(decisions.get('a8')).toMatchObject({ state: 'conflict' });
    expect(decisions.get('a8')?.detail).toContain('ada-work, ada-personal');
  });

  it('keeps the account linked first when a second one claims the person and refuses the newcomer, until the first no longer names them', () => {
    const decisions = matchAccounts(
      [
        { id: 'a7', login: 'ada-work', claims: { samlNameIds: ['ada@example.com'] } },
        { id: 'a8', login: 'ada-evil', claims: { verifiedEmails: ['ada@example.com'] } },
      ],
      people,
      options,
      [{ accountId: 'a7', name: 'ada-work', personId: 'p-ada', linkedSince: 1 }],
    );
    expect(decisions.get('a7')).toMatchObject({ state: 'linked', person: { id: 'p-ada' } });
    expect(decisions.get('a8')).toMatchObject({ state: 'conflict', person: { id: 'p-ada' } });
    expect(decisions.get('a8')?.detail).toContain('user:default/ada is linked to ada-work already');

    // Once the first account no longer names her, the other one is hers.
    const moved = matchAccounts([{ id: 'a7', login: 'ada-work' }, { id: 'a8', login: 'ada-evil', claims: { verifiedEmails: ['ada@example.com'] } }], people, options, [
      { accountId: 'a7', name: 'ada-work', personId: 'p-ada', linkedSince: 1 },
    ]);
    expect(moved.get('a7')).toMatchObject({ state: 'unmatched' });
    expect(moved.get('a8')).toMatchObject({ state: 'linked', person: { id: 'p-ada' } });
  });

  it('counts the claims of accounts it does not decide again (a delta): a linked one keeps the person, refused ones still claim them', () => {
    const newcomer = { id: 'a8', login: 'ada-evil', claims: { verifiedEmails: ['ada@example.com'] } };
    const linked = matchAccounts([newcomer], people, options, [{ accountId: 'a7', name: 'ada-work', personId: 'p-ada', linkedSince: 1 }]);
    expect(linked.get('a8')).toMatchObject({ state: 'conflict' });
    expect(linked.get('a8')?.detail).toContain('is linked to ada-work already');
    const refused = matchAccounts([newcomer], people, options, [{ accountId: 'a7', name: 'ada-work', personId: 'p-ada' }]);
    expect(refused.get('a8')).toMatchObject({ state: 'conflict' });
    expect(refused.get('a8')?.detail).toContain('claimed by 2 accounts (ada-evil, ada-work)');
  });

  it('keeps the earliest of two accounts both linked to one person before', () => {
    const decisions = matchAccounts(
      [
        { id: 'a7', login: 'ada-work', claims: { samlNameIds: ['ada@example.com'] } },
        { id: 'a8', login: 'ada-evil', claims: { verifiedEmails: ['ada@example.com'] } },
      ],
      people,
      options,
      [
        { accountId: 'a8', name: 'ada-evil', personId: 'p-ada', linkedSince: 5 },
        { accountId: 'a7', name: 'ada-work', personId: 'p-ada', linkedSince: 2 },
      ],
    );
    expect(decisions.get('a7')).toMatchObject({ state: 'linked' });
    expect(decisions.get('a8')).toMatchObject({ state: 'conflict' });
  });

  it('calls a verified email that names nobody a departure only when it is on the org\'s own domains', () => {
    const decisions = matchAccounts(
      [
        { id: 'a11', login: 'guest', claims: { verifiedEmails: ['guest@partner.example.org'] } },
        { id: 'a12', login: 'left', claims: { verifiedEmails: ['left@example.com'], orgDomainEmails: true } },
      ],
      people,
      options,
    );
    expect(decisions.get('a11')).toMatchObject({ state: 'unmatched' });
    expect(decisions.get('a12')).toMatchObject({ state: 'departed', method: 'verifiedEmail' });
  });

  it('calls an account the IdP vouches for, with nobody behind it, departed; one with no claims unmatched', () => {
    const decisions = matchAccounts(
      [
        { id: 'a9', login: 'gone', claims: { samlNameIds: ['gone@example.com'] } },
        { id: 'a10', login: 'ci-bot' },
      ],
      people,
      options,
    );
    expect(decisions.get('a9')).toMatchObject({ state: 'departed', method: 'saml' });
    expect(decisions.get('a9')?.detail).toContain('gone@example.com names nobody in okta.main');
    expect(decisions.get('a10')).toMatchObject({ state: 'unmatched' });
  });
});
