import { SingleInstanceGithubCredentialsProvider } from '@backstage/integration';
import { generateKeyPairSync, createSign } from 'node:crypto';
import { generateOrg } from '../core';
import { appClient, bareClient } from './__fixtures__/clients';
import { githubFixtureFromGeneratedOrg } from './fromGeneratedOrg';
import { startGithubEmulator, type GithubEmulator, type GithubFixture } from './index';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function twoOrgs(): GithubFixture {
  const a = githubFixtureFromGeneratedOrg(generateOrg({ seed: 1, users: 300, groups: 10 }), { org: 'acme', installationId: 11 });
  const b = githubFixtureFromGeneratedOrg(generateOrg({ seed: 1, users: 300, groups: 3 }), { org: 'globex', installationId: 22 });
  // Same seed and size: the same people (generated first), so globex's members are acme's accounts.
  const bOrg = { ...b.orgs[0], id: 101, node_id: Buffer.from('012:Organization101').toString('base64') };
  return { users: a.users, orgs: [a.orgs[0], bOrg] };
}

describe('GitHub App authentication', () => {
  let emulator: GithubEmulator;

  beforeAll(async () => {
    emulator = await startGithubEmulator({ fixture: twoOrgs(), installationTokenTtlSeconds: 2 });
  });
  afterAll(() => emulator.close());

  it('publishes one installation per org', () => {
    expect(emulator.info.orgs).toEqual(['acme', 'globex']);
    expect(emulator.info.app.installationIds).toEqual({ acme: 11, globex: 22 });
    expect(emulator.info.app.privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
  });

  it('completes a paged read through @octokit/auth-app although the installation token expires mid-read', async () => {
    const before = emulator.installationTokensIssued();
    const octokit = appClient(emulator.info, { honourExpiry: true });
    const logins: string[] = [];
    let page = 0;
    for await (const response of octokit.paginate.iterator(octokit.rest.orgs.listMembers, { org: 'acme', per_page: 100 })) {
      logins.push(...response.data.map(m => m.login));
      if (page++ === 0) await sleep(2500); // the first token is dead now
    }
    expect(logins).toHaveLength(emulator.org.snapshot().orgs[0].members.length);
    expect(emulator.installationTokensIssued() - before).toBeGreaterThanOrEqual(2);
  });

  it('answers 401 "Bad credentials" to an expired installation token', async () => {
    const octokit = appClient(emulator.info);
    const first = await octokit.rest.orgs.get({ org: 'acme' });
    expect(first.status).toBe(200);
    await sleep(2500);
    // auth-app's default cache keeps the token for 59 minutes, so it sends the expired one.
    await expect(octokit.rest.orgs.get({ org: 'acme' })).rejects.toMatchObject({ status: 401, response: { data: { message: 'Bad credentials' } } });
  });

  it('scopes an installation token to its own org', async () => {
    const octokit = appClient(emulator.info, { honourExpiry: true, installationId: 22 });
    expect((await octokit.rest.orgs.get({ org: 'globex' })).data.login).toBe('globex');
    await expect(octokit.rest.orgs.listMembers({ org: 'acme' })).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by integration' } },
    });
  });

  it('refuses a JWT signed with another key, and one that lives longer than 10 minutes', async () => {
    const jwt = (key: string, lifetime: number) => {
      const now = Math.floor(Date.now() / 1000);
      const head = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
      const body = Buffer.from(JSON.stringify({ iss: String(emulator.info.app.appId), iat: now - 30, exp: now + lifetime })).toString('base64url');
      const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key).toString('base64url');
      return `${head}.${body}.${signature}`;
    };
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const call = (token: string) =>
      fetch(`${emulator.info.apiBaseUrl}/app/installations`, { headers: { authorization: `Bearer ${token}` } }).then(async r => ({
        status: r.status,
        body: await r.json(),
      }));
    expect(await call(jwt(otherKey, 300))).toMatchObject({ status: 401, body: { message: 'A JSON web token could not be decoded' } });
    expect(await call(jwt(emulator.info.app.privateKey, 3600))).toMatchObject({
      status: 401,
      body: { message: "'Expiration time' claim ('exp') is too far in the future" },
    });
    const ok = await call(jwt(emulator.info.app.privateKey, 300));
    expect(ok.status).toBe(200);
    expect((ok.body as { account: { login: string } }[]).map(i => i.account.login)).toEqual(['acme', 'globex']);
  });

  it("hands out working tokens through @backstage/integration's credentials provider", async () => {
    const provider = SingleInstanceGithubCredentialsProvider.create({
      host: new URL(emulator.info.url).host,
      apiBaseUrl: emulator.info.apiBaseUrl,
      apps: [{ appId: emulator.info.app.appId, privateKey: emulator.info.app.privateKey, clientId: emulator.info.app.clientId, clientSecret: 'x', webhookSecret: 'x' }],
    });
    const { token, type } = await provider.getCredentials({ url: `${emulator.info.url}/globex` });
    expect(type).toBe('app');
    const octokit = bareClient(emulator.info, token!);
    const members = await octokit.paginate(octokit.rest.orgs.listMembers, { org: 'globex', per_page: 100 });
    expect(members.length).toBe(emulator.org.snapshot().orgs[1].members.length);
  });

  it('stops accepting every installation token once they are revoked', async () => {
    const octokit = appClient(emulator.info, { honourExpiry: true });
    await octokit.rest.orgs.get({ org: 'acme' });
    const token = ((await octokit.auth({ type: 'installation' })) as { token: string }).token;
    expect(emulator.org.revokeInstallationTokens()).toBeGreaterThan(0);
    await expect(bareClient(emulator.info, token).rest.orgs.get({ org: 'acme' })).rejects.toMatchObject({ status: 401 });
  });
});
