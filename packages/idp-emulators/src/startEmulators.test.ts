import { startEmulators } from './startEmulators';

async function memberLogins(info: { apiBaseUrl: string; org: string; token: string }): Promise<string[]> {
  const answer = await fetch(`${info.apiBaseUrl}/orgs/${info.org}/members?per_page=100`, { headers: { authorization: `token ${info.token}` } });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as Array<{ login: string }>).map(member => member.login);
}

describe('startEmulators', () => {
  it('passes githubConversion to the GitHub emulator: the org login and the linking extras', async () => {
    const generate = { users: 30, groups: 4, seed: 5 };
    const plain = await startEmulators({ ports: { github: 0 }, generate });
    const linked = await startEmulators({ ports: { github: 0 }, generate, githubConversion: { org: 'initech', linkingExtras: true } });
    try {
      const plainInfo = plain.github!.info;
      const linkedInfo = linked.github!.info;
      expect(plainInfo.org).toBe('acme');
      expect(linkedInfo.org).toBe('initech');
      const before = await memberLogins(plainInfo);
      const after = await memberLogins(linkedInfo);
      expect(before).not.toContain('contractor-1');
      expect(after).toEqual(expect.arrayContaining(['contractor-1', 'contractor-2', 'initech-ci-bot']));
      expect(after.filter(login => login.endsWith('-personal'))).toHaveLength(1);
      expect(after).toHaveLength(before.length + 4);
    } finally {
      await Promise.all([plain.close(), linked.close()]);
    }
  });
});
