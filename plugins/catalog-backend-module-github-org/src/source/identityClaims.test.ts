import { ConfigReader } from '@backstage/config';
import { generateOrg, startGithubEmulator, type GithubEmulator } from '@orgsync/idp-emulators';
import type { OrgSnapshot, OrgUserIdentityClaims } from '@orgsync/plugin-catalog-org-sync-node';
import { CapturingLogger } from '@orgsync/test-utils';
import { GithubInstanceCredentials } from '../client/credentials';
import { readGithubOrgProviderConfig } from '../config';
import { integrationFor } from '../__testing__/harness';
import { recordsOf } from '../__testing__/recordReader';
import { GithubOrgSource } from './GithubOrgSource';
import type { GithubRecords } from './toRecords';

const PATH = 'catalog.providers.githubOrg';

describe('GithubOrgSource: identity claims of a linked provider (linkTo), against the emulator', () => {
  // More than 100 members: the SAML identities come in several pages.
  const generate = { users: 230, groups: 8, seed: 21, hostileShare: 0 };
  const people = generateOrg(generate).people;
  const signal = new AbortController().signal;
  let github: GithubEmulator;
  let logger: CapturingLogger;
  let full: GithubRecords;

  function sourceFor(auth: 'token' | 'app', extra: Record<string, unknown> = { linkTo: { peopleSource: 'okta.main' } }) {
    logger = new CapturingLogger();
    const root = new ConfigReader({ integrations: { github: integrationFor(github, auth) } });
    const entry = new ConfigReader({ id: 'main', githubUrl: github.info.url, orgs: [github.info.org], ...extra });
    const config = readGithubOrgProviderConfig(entry, 'main', PATH);
    return new GithubOrgSource({ config, credentials: GithubInstanceCredentials.fromConfig(root, github.info.url), logger, readVerifiedEmails: false });
  }
  const read = (source: GithubOrgSource) => source.read({ signal, reportProgress: () => undefined });
  const reread = (source: GithubOrgSource, logins: string[]) =>
    source.readRecords({ users: logins.map(login => byLogin(full, login).id), groups: [] }, { signal, records: recordsOf(full) });
  const byLogin = (records: Pick<OrgSnapshot, 'users'>, login: string) => records.users.find(u => u.login === login)!;
  const claimsOf = (records: Pick<OrgSnapshot, 'users'>, login: string): OrgUserIdentityClaims | undefined => byLogin(records, login).identityClaims;
  const personalLogin = () => github.org.snapshot().users.find(u => u.login.endsWith('-personal'))!.login;

  beforeAll(async () => {
    github = await startGithubEmulator({ generate, conversion: { linkingExtras: true } });
    full = await read(sourceFor('token'));
  });
  afterAll(() => github?.close());

  it("gives every person's account their SAML NameIDs and verified-domain email; contractors, the bot and the personal account claim no SAML identity", () => {
    const state = github.org.snapshot();
    const where = 'GitHub org acme';
    people.forEach((person, index) => {
      if (person.status === 'deprovisioned') return;
      const user = state.users[index];
      const expected: OrgUserIdentityClaims = { samlNameIds: distinct([person.email!, `${person.login}@example.com`]), verifiedEmails: [person.email!], orgDomainEmails: true, where };
      if (user.email) expected.emails = [user.email];
      expect(claimsOf(full, user.login)).toEqual(expected);
    });
    expect(claimsOf(full, 'contractor-1')).toEqual({ emails: ['contractor-1@gmail.example'], where });
    expect(claimsOf(full, 'contractor-2')).toEqual({ emails: ['contractor-2@gmail.example'], where });
    expect(claimsOf(full, 'acme-ci-bot')).toEqual({ where });
    // The conflict: a second account that claims, by verified email only, the person the main account is linked to by SAML.
    const personal = personalLogin();
    const main = claimsOf(full, personal.replace(/-personal$/, ''))!;
    expect(claimsOf(full, personal)).toEqual({ verifiedEmails: main.verifiedEmails, orgDomainEmails: true, where });
    expect(main.samlNameIds).toContain(main.verifiedEmails![0]);
  });

  it('re-reads single users (change hints) into the same records as the full read, claims included', async () => {
    const personal = personalLogin();
    const logins = [personal, personal.replace(/-personal$/, ''), 'acme-ci-bot', 'contractor-1', full.users[150].login!];
    const delta = await reread(sourceFor('token'), logins);
    expect(delta.users.deleted).toEqual([]);
    expect(delta.users.upserted).toEqual(logins.map(login => byLogin(full, login)));
  });

  it('a re-read sees a changed or removed SAML link', async () => {
    const [changed, removed] = [full.users[10].login!, full.users[11].login!];
    github.org.setSamlIdentity(changed, { nameId: 'someone.else@example.com', username: null });
    github.org.setSamlIdentity(removed, null);
    const delta = await reread(sourceFor('token'), [changed, removed]);
    const after = { users: delta.users.upserted };
    expect(claimsOf(after, changed)?.samlNameIds).toEqual(['someone.else@example.com']);
    expect(claimsOf(after, removed)?.samlNameIds).toBeUndefined();
    expect(claimsOf(after, removed)?.verifiedEmails).toEqual(claimsOf(full, removed)?.verifiedEmails);
  });

  it('reads the same SAML and verified-domain claims with the GitHub App (public emails are read with a token only)', async () => {
    const byApp = await read(sourceFor('app'));
    const strip = (records: GithubRecords) => records.users.map(u => ({ login: u.login, samlNameIds: u.identityClaims?.samlNameIds, verifiedEmails: u.identityClaims?.verifiedEmails }));
    const fresh = await read(sourceFor('token'));
    expect(strip(byApp)).toEqual(strip(fresh));
    expect(byApp.users.every(u => !u.identityClaims?.emails)).toBe(true);
  });

  it('fails the read, naming the permission, when GitHub refuses to show the SAML identities', async () => {
    github.org.setSamlReadable(false);
    try {
      for (const auth of ['token', 'app'] as const) {
        await expect(read(sourceFor(auth))).rejects.toThrow(
          new RegExp(
            `GitHub refused to show the SAML identities of org "acme" \\(${auth === 'token' ? 'INSUFFICIENT_SCOPES' : 'FORBIDDEN'}: .*\\)\\. ` +
              `${PATH}\\.linkTo\\.match has saml, which needs a GitHub App installation with the organization permission "Members" \\(read\\), ` +
              'or a personal access token \\(classic\\) of an org owner with the read:org scope',
          ),
        );
      }
      await expect(reread(sourceFor('token'), [full.users[0].login!])).rejects.toThrow('GitHub refused to show the SAML identities of org "acme" (INSUFFICIENT_SCOPES');
    } finally {
      github.org.setSamlReadable(true);
    }
  });

  it('without saml in linkTo.match reads no SAML identities but still the verified-domain emails', async () => {
    let records: GithubRecords | undefined;
    const withoutSaml = await graphqlRequestsOf(async () => {
      records = await read(sourceFor('token', { linkTo: { peopleSource: 'okta.main', match: ['verifiedEmail', 'mapping'] } }));
    });
    const withSaml = await graphqlRequestsOf(() => read(sourceFor('token')));
    expect(withSaml - withoutSaml).toBe(3); // 220-odd identities, 100 per page
    records = records!;
    expect(records.users.some(u => u.identityClaims?.samlNameIds)).toBe(false);
    expect(claimsOf(records, full.users[0].login!)?.verifiedEmails).toEqual(claimsOf(full, full.users[0].login!)?.verifiedEmails);
  });

  it('without linkTo, records carry no claims', async () => {
    const records = await read(sourceFor('token', {}));
    expect(records.users.every(u => u.identityClaims === undefined)).toBe(true);
  });

  async function graphqlRequestsOf(action: () => Promise<unknown>): Promise<number> {
    const before = github.server.counters().byRoute['POST /api/graphql'] ?? 0;
    await action();
    return (github.server.counters().byRoute['POST /api/graphql'] ?? 0) - before;
  }
});

describe('GithubOrgSource: a linked provider on an org without SAML single sign-on', () => {
  it('reads no SAML NameIDs and says so in one info line', async () => {
    const github = await startGithubEmulator({ generate: { users: 20, groups: 2, seed: 4, hostileShare: 0 }, conversion: { saml: false } });
    try {
      const logger = new CapturingLogger();
      const root = new ConfigReader({ integrations: { github: integrationFor(github) } });
      const entry = new ConfigReader({ id: 'main', githubUrl: github.info.url, orgs: [github.info.org], linkTo: { peopleSource: 'okta.main' } });
      const config = readGithubOrgProviderConfig(entry, 'main', PATH);
      const source = new GithubOrgSource({ config, credentials: GithubInstanceCredentials.fromConfig(root, github.info.url), logger, readVerifiedEmails: false });
      const records = await source.read({ signal: new AbortController().signal, reportProgress: () => undefined });
      expect(records.users.length).toBeGreaterThan(0);
      expect(records.users.every(u => u.identityClaims && !u.identityClaims.samlNameIds && u.identityClaims.verifiedEmails?.length)).toBe(true);
      expect(logger.lines.filter(l => l.message.includes('SAML'))).toEqual([
        expect.objectContaining({ level: 'info', message: expect.stringContaining('GitHub org "acme" has no SAML single sign-on, or these credentials cannot see it') }),
      ]);
    } finally {
      await github.close();
    }
  });
});

function distinct(values: string[]): string[] {
  return values.filter((v, i) => values.findIndex(w => w.toLowerCase() === v.toLowerCase()) === i);
}
