import { ConfigReader } from '@backstage/config';
import { readMicrosoftGraphProviderConfig } from '../config';
import { userSelect } from './readUsers';
import { toUserRecord } from './toRecords';

const PATH = 'catalog.providers.microsoftGraphOrg.partners';
const connection = { tenantId: 'contoso.onmicrosoft.com', clientId: 'app', clientSecret: 'very-secret' };
const linked = (values: Record<string, unknown> = {}) =>
  readMicrosoftGraphProviderConfig(new ConfigReader({ ...connection, linkTo: { peopleSource: 'okta.main' }, ...values }), 'partners', PATH);

const member = { id: 'u1', userType: 'Member', mail: 'ada@example.com', userPrincipalName: 'ada@contoso.onmicrosoft.com' };
// Invited by someone who typed Ada's address: the guest's mail is whatever the inviter set.
const guest = { id: 'u2', userType: 'Guest', mail: 'ada@example.com', userPrincipalName: 'ada_example.com#EXT#@contoso.onmicrosoft.com' };

describe('the emails a Graph user links to a person by (linkTo)', () => {
  it("a member's mail and UPN; a guest's UPN only, since whoever invited them set their mail", () => {
    const config = linked();
    expect(toUserRecord(member, config, undefined).identityClaims?.verifiedEmails).toEqual(['ada@example.com', 'ada@contoso.onmicrosoft.com']);
    expect(toUserRecord(guest, config, undefined).identityClaims?.verifiedEmails).toEqual(['ada_example.com#EXT#@contoso.onmicrosoft.com']);
    // Guests are kept (includeGuests defaults to true): Graph must say who is one.
    expect(config.includeGuests).toBe(true);
    expect(userSelect(config)).toContain('userType');
  });

  it("a guest's mail too with linkGuestsByMail", () => {
    const config = linked({ linkGuestsByMail: true });
    expect(toUserRecord(guest, config, undefined).identityClaims?.verifiedEmails).toEqual(['ada@example.com', 'ada_example.com#EXT#@contoso.onmicrosoft.com']);
  });

  it('refuses linkGuestsByMail without linkTo, naming the setting', () => {
    expect(() => readMicrosoftGraphProviderConfig(new ConfigReader({ ...connection, linkGuestsByMail: true }), 'partners', PATH)).toThrow(
      `${PATH}.linkGuestsByMail applies to identity linking only: set ${PATH}.linkTo too, or remove it`,
    );
  });
});
