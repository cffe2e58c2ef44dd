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
