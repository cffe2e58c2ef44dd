import { generateOrg } from '../core';
import { graphFixtureFromGeneratedOrg } from '../graph';
import { oktaFixtureFromGeneratedOrg } from '../okta';
import { admin, appClient, bareClient } from './__fixtures__/clients';
import { startGithubEmulator, type GithubEmulator } from './index';

const IDENTITIES = `
  query identities($org: String!, $first: Int!, $after: String, $login: String, $membersOnly: Boolean) {
    organization(login: $org) {
      samlIdentityProvider {
        ssoUrl
        externalIdentities(first: $first, after: $after, login: $login, membersOnly: $membersOnly) {
          pageInfo { hasNextPage endCursor }
          totalCount
          edges { cursor node { guid samlIdentity { nameId username emails { value } } user { id login } } }
          nodes { guid samlIdentity { nameId username emails { value } } user { id login } }
        }
      }
    }
  }`;

const VERIFIED = `query ($org: String!, $login: String!) { user(login: $login) { email organizationVerifiedDomainEmails(login: $org) } }`;

interface IdentityNode {
  guid: string;
  samlIdentity: { nameId: string | null; username: string | null; emails: { value: string }[] };
  user: { id: string; login: string } | null;
}
interface IdentitiesAnswer {
  organization: {
    samlIdentityProvider: {
      ssoUrl: string;
      externalIdentities: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        totalCount: number;
        edges: { cursor: string; node: IdentityNode }[];
        nodes: IdentityNode[];
      };
    } | null;
  };
}
interface GraphqlFailure {
  errors: Array<{ type?: string; path?: string[]; message: string }>;
  data?: IdentitiesAnswer;
}

describe('GitHub emulator: SAML external identities in GraphQL', () => {
  const generate = { seed: 11, users: 60, groups: 6, hostileShare: 0 };
  const generated = generateOrg(generate);
  let emulator: GithubEmulator;
  const octokit = () => bareClient(emulator.info);
  const query = (variables: Record<string, unknown>, client = octokit()) =>
    client.graphql<IdentitiesAnswer>(IDENTITIES, { org: emulator.info.org, first: 100, ...variables });

  async function readAll(pageSize: number): Promise<{ nodes: IdentityNode[]; pages: number }> {
    const nodes: IdentityNode[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const answer: IdentitiesAnswer = await query({ first: pageSize, after });
      const page = answer.organization.samlIdentityProvider!.externalIdentities;
      pages++;
      expect(page.nodes).toEqual(page.edges.map(e => e.node));
      nodes.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) return { nodes, pages };
      after = page.pageInfo.endCursor;
    }
  }

  beforeEach(async () => {
    emulator = await startGithubEmulator({ generate });
  });
  afterEach(() => emulator.close());

  it('serves one identity per member, NameID = the email Okta and Entra hold for the person, paged by cursor', async () => {
    const members = generated.people.filter(p => p.status !== 'deprovisioned');
    const first = (await query({ first: 100 })).organization.samlIdentityProvider!;
    expect(first.ssoUrl).toMatch(/^https:\/\//);
    expect(first.externalIdentities.totalCount).toBe(members.length);

    const { nodes, pages } = await readAll(7);
    expect(pages).toBe(Math.ceil(members.length / 7));
    expect(nodes).toEqual(first.externalIdentities.nodes);
    expect(new Set(nodes.map(n => n.guid)).size).toBe(members.length);

    const state = emulator.org.snapshot();
    const oktaEmails = new Set(oktaFixtureFromGeneratedOrg(generated).users.map(u => u.profile.email));
    for (const node of nodes) {
      const user = state.users.find(u => u.login === node.user!.login)!;
      expect(node.user!.id).toBe(user.node_id);
      expect(oktaEmails).toContain(node.samlIdentity.nameId);
      expect(node.samlIdentity.emails).toEqual([{ value: node.samlIdentity.nameId }]);
      expect(node.samlIdentity.username).toMatch(/@example\.com$/);
    }
    // Entra knows its members by the same address (its guests only by their partner address).
    const nameIds = new Set(nodes.map(n => n.samlIdentity.nameId));
    const graphUsers = graphFixtureFromGeneratedOrg(generated).users;
    const graphMembers = generated.people.map((person, i) => ({ person, user: graphUsers[i] })).filter(({ person, user }) => person.status !== 'deprovisioned' && user.userType === 'Member');
    expect(graphMembers.length).toBeGreaterThan(members.length * 0.9);
    for (const { user } of graphMembers) expect(nameIds).toContain(user.mail);
  });

  it('filters by login and membersOnly; a member who left keeps an identity that membersOnly hides', async () => {
    const login = emulator.org.snapshot().orgs[0].members[3].login;
    const one = (await query({ login })).organization.samlIdentityProvider!.externalIdentities;
    expect(one.nodes.map(n => n.user?.login)).toEqual([login]);
    expect((await query({ login: login.toUpperCase() })).organization.samlIdentityProvider!.externalIdentities.totalCount).toBe(1);

    emulator.org.removeOrgMember(login);
    expect((await query({ login, membersOnly: true })).organization.samlIdentityProvider!.externalIdentities.nodes).toEqual([]);
    expect((await query({ login })).organization.samlIdentityProvider!.externalIdentities.nodes).toHaveLength(1);
  });

  it('refuses more than 100 per page, and pages without first/last, as GitHub does', async () => {
    const tooMany = (await query({ first: 101 }).catch(e => e)) as GraphqlFailure;
    expect(tooMany.errors[0]).toMatchObject({ type: 'EXCESSIVE_PAGINATION', path: ['organization', 'samlIdentityProvider', 'externalIdentities'] });
    const unbounded = (await octokit()
      .graphql('query { organization(login: "acme") { samlIdentityProvider { externalIdentities { totalCount } } } }')
      .catch(e => e)) as GraphqlFailure;
    expect(unbounded.errors[0].type).toBe('MISSING_PAGINATION_BOUNDARIES');
  });

  it('changes and removes a member\'s identity through the admin API and the org handle', async () => {
    const [a, b] = emulator.org.snapshot().orgs[0].members.map(m => m.login);
    const changed = await admin(emulator.info, 'PUT', `/orgs/acme/saml/identities/${a}`, { nameId: 'someone.else@example.com' });
    expect(changed).toMatchObject({ status: 200, body: { name_id: 'someone.else@example.com', login: a } });
    const [node] = (await query({ login: a })).organization.samlIdentityProvider!.externalIdentities.nodes;
    expect(node.samlIdentity.nameId).toBe('someone.else@example.com');

    expect((await admin(emulator.info, 'DELETE', `/orgs/acme/saml/identities/${a}`)).status).toBe(204);
    expect((await query({ login: a })).organization.samlIdentityProvider!.externalIdentities.nodes).toEqual([]);
    expect((await admin(emulator.info, 'DELETE', `/orgs/acme/saml/identities/${a}`)).status).toBe(404);
    expect((await admin(emulator.info, 'PUT', `/orgs/acme/saml/identities/${a}`, { nameId: 42 })).status).toBe(400);

    // An account that signs in through SSO again gets a new identity.
    const again = emulator.org.setSamlIdentity(a, { nameId: 'back@example.com', username: 'back' })!;
    expect(again).toMatchObject({ name_id: 'back@example.com', username: 'back', login: a });
    expect(emulator.org.snapshot().orgs[0].saml_identity_provider!.identities.filter(i => i.login === a)).toEqual([again]);
    // Unchanged fields stay as they were.
    const before = emulator.org.snapshot().orgs[0].saml_identity_provider!.identities.find(i => i.login === b)!;
    expect(emulator.org.setSamlIdentity(b, { nameId: 'new@example.com' })).toEqual({ ...before, name_id: 'new@example.com' });
  });

  it('answers unreadable identities as GitHub does: INSUFFICIENT_SCOPES for a token, FORBIDDEN for an App installation', async () => {
    expect((await admin(emulator.info, 'PUT', '/orgs/acme/saml/readable', { readable: false })).status).toBe(200);
    const byToken = (await query({}).catch(e => e)) as GraphqlFailure;
    expect(byToken.errors).toEqual([expect.objectContaining({ type: 'INSUFFICIENT_SCOPES', path: ['organization', 'samlIdentityProvider'] })]);
    expect(byToken.data?.organization.samlIdentityProvider).toBeNull();
    const byApp = (await query({}, appClient(emulator.info)).catch(e => e)) as GraphqlFailure;
    expect(byApp.errors).toEqual([
      expect.objectContaining({ type: 'FORBIDDEN', path: ['organization', 'samlIdentityProvider'], message: 'Resource not accessible by integration' }),
    ]);
    emulator.org.setSamlReadable(true);
    expect((await query({}, appClient(emulator.info))).organization.samlIdentityProvider).not.toBeNull();
  });
});

describe('GitHub emulator: generated orgs without SAML, and with the linking extras', () => {
  const generate = { seed: 12, users: 40, groups: 4, hostileShare: 0 };

  it('an org without SAML SSO answers samlIdentityProvider: null, and the admin API refuses identities for it', async () => {
    const emulator = await startGithubEmulator({ generate, conversion: { saml: false } });
    try {
      const data = await bareClient(emulator.info).graphql<IdentitiesAnswer>(IDENTITIES, { org: 'acme', first: 10 });
      expect(data.organization.samlIdentityProvider).toBeNull();
      const login = emulator.org.snapshot().orgs[0].members[0].login;
      expect((await admin(emulator.info, 'PUT', `/orgs/acme/saml/identities/${login}`, { nameId: 'x@example.com' })).status).toBe(422);
    } finally {
      await emulator.close();
    }
  });

  it('adds two contractors, a CI bot and a second account of one person, none with a SAML identity; the person is claimed twice', async () => {
    const generated = generateOrg(generate);
    const plain = await startGithubEmulator({ generate });
    const emulator = await startGithubEmulator({ generate, conversion: { linkingExtras: true } });
    try {
      const org = emulator.org.snapshot().orgs[0];
      const plainOrg = plain.org.snapshot().orgs[0];
      const extras = org.members.map(m => m.login).filter(login => !plainOrg.members.some(m => m.login === login));
      const personal = extras.find(login => login.endsWith('-personal'))!;
      expect(extras.sort()).toEqual(['acme-ci-bot', 'contractor-1', 'contractor-2', personal].sort());
      for (const login of extras) expect(Object.values(org.team_members).filter(ms => ms.some(m => m.login === login))).toHaveLength(1);
      expect(org.saml_identity_provider!.identities.filter(i => extras.includes(i.login!))).toEqual([]);
      expect(org.saml_identity_provider!.identities).toEqual(plainOrg.saml_identity_provider!.identities);

      const octokit = bareClient(emulator.info);
      const verified = async (login: string) =>
        (await octokit.graphql<{ user: { email: string; organizationVerifiedDomainEmails: string[] } }>(VERIFIED, { org: 'acme', login })).user;
      for (const login of ['contractor-1', 'contractor-2']) {
        expect(await verified(login)).toEqual({ email: `${login}@gmail.example`, organizationVerifiedDomainEmails: [] });
      }
      expect(await verified('acme-ci-bot')).toEqual({ email: '', organizationVerifiedDomainEmails: [] });

      const main = personal.replace(/-personal$/, '');
      const person = generated.people.find(p => p.email && emulator.org.snapshot().users.some(u => u.login === main && u.name === p.displayName))!;
      expect(await verified(personal)).toEqual({ email: '', organizationVerifiedDomainEmails: [person.email] });
      const mainIdentity = org.saml_identity_provider!.identities.find(i => i.login === main)!;
      expect(mainIdentity.name_id).toBe(person.email);
      expect(org.team_members[Object.keys(org.team_members).find(slug => org.team_members[slug].some(m => m.login === personal))!].map(m => m.login)).toContain(main);
    } finally {
      await plain.close();
      await emulator.close();
    }
  });
});
