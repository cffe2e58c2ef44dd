import type Ajv from 'ajv';
import { createSign } from 'node:crypto';
import { ghesAjv, ghesSpec as spec, toJsonSchema } from './__fixtures__/openapi';
import { startGithubEmulator, type GithubEmulator } from './index';

// Validates every served REST response body against GitHub's own OpenAPI description (GHES 3.19, @octokit/openapi).

function responseSchema(specPath: string, method: string, status: number): unknown {
  // This path's inlined description says `account` is allOf [simple-user, enterprise] (both at once);
  // the `installation` component it was inlined from says anyOf. Use the component.
  if (specPath === '/app/installations' && status === 200) return { type: 'array', items: { $ref: '#/components/schemas/installation' } };
  let response = spec.paths[specPath]?.[method.toLowerCase()]?.responses[String(status)] as { $ref?: string; content?: Record<string, { schema: unknown }> } | undefined;
  if (response?.$ref) response = spec.components.responses[response.$ref.split('/').pop()!];
  return response?.content?.['application/json']?.schema;
}

function withoutSuspendedAt(body: Record<string, unknown>): Record<string, unknown> {
  expect(body).toHaveProperty('suspended_at');
  const { suspended_at: _suspendedAt, ...rest } = body;
  return rest;
}

describe("GitHub emulator REST responses against GitHub's OpenAPI description", () => {
  let emulator: GithubEmulator;
  let ajv: Ajv;
  let installationToken: string;
  let sample: { login: string; suspended: string; parentSlug: string; childSlug: string };

  const jwt = () => {
    const now = Math.floor(Date.now() / 1000);
    const head = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ iss: emulator.info.app.appId, iat: now - 30, exp: now + 300 })).toString('base64url');
    return `${head}.${body}.${createSign('RSA-SHA256').update(`${head}.${body}`).sign(emulator.info.app.privateKey).toString('base64url')}`;
  };

  beforeAll(async () => {
    emulator = await startGithubEmulator({ generate: { seed: 9, users: 200, groups: 20, suspendedShare: 0.1, hostileShare: 0.2 } });
    ajv = ghesAjv();
    const state = emulator.org.snapshot();
    const org = state.orgs[0];
    const child = org.teams.find(t => t.parent_slug)!;
    sample = {
      login: org.members[0].login,
      suspended: state.users.find(u => u.suspended_at)!.login,
      parentSlug: child.parent_slug!,
      childSlug: child.slug,
    };
    const response = await fetch(`${emulator.info.apiBaseUrl}/app/installations/${emulator.info.app.installationId}/access_tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt()}` },
    });
    installationToken = ((await response.json()) as { token: string }).token;
  });
  afterAll(() => emulator.close());

  async function check(method: string, specPath: string, path: string, auth: 'pat' | 'jwt' | 'installation', status = 200) {
    const authorization = auth === 'pat' ? `token ${emulator.info.token}` : auth === 'jwt' ? `Bearer ${jwt()}` : `token ${installationToken}`;
    const response = await fetch(`${emulator.info.apiBaseUrl}${path}`, { method, headers: { authorization } });
    expect(response.status).toBe(status);
    const schema = responseSchema(specPath, method, status);
    expect(schema).toBeDefined();
    const validate = ajv.compile(toJsonSchema(schema) as object);
    const body = (await response.json()) as Record<string, unknown> & Array<{ login: string }>;
    // The one deliberate extra: GHES returns `suspended_at` on users (site-admin view), which
    // the published public-user schema (additionalProperties: false) does not list.
    const checked = (specPath === '/users/{username}' || specPath === '/user') && status === 200 ? withoutSuspendedAt(body) : body;
    if (!validate(checked)) throw new Error(`${method} ${path}: ${ajv.errorsText(validate.errors)}`);
    return body;
  }

  it.each([
    ['GET', '/orgs/{org}', '/orgs/acme'],
    ['GET', '/orgs/{org}/members', '/orgs/acme/members?per_page=100'],
    ['GET', '/orgs/{org}/members', '/orgs/acme/members?role=admin'],
    ['GET', '/orgs/{org}/teams', '/orgs/acme/teams?per_page=100'],
    ['GET', '/meta', '/meta'],
    ['GET', '/rate_limit', '/rate_limit'],
  ])('%s %s', async (method, specPath, path) => {
    await check(method, specPath, path, 'pat');
  });

  it('team, team members (with inherited child-team members), child teams and team membership', async () => {
    await check('GET', '/orgs/{org}/teams/{team_slug}', `/orgs/acme/teams/${sample.childSlug}`, 'pat');
    const members = await check('GET', '/orgs/{org}/teams/{team_slug}/members', `/orgs/acme/teams/${sample.parentSlug}/members?per_page=100`, 'pat');
    await check('GET', '/orgs/{org}/teams/{team_slug}/teams', `/orgs/acme/teams/${sample.parentSlug}/teams`, 'pat');
    await check('GET', '/orgs/{org}/teams/{team_slug}/memberships/{username}', `/orgs/acme/teams/${sample.parentSlug}/memberships/${members[0].login}`, 'pat');
  });

  it('users (including a suspended one), and org membership', async () => {
    await check('GET', '/users/{username}', `/users/${sample.login}`, 'pat');
    await check('GET', '/users/{username}', `/users/${sample.suspended}`, 'pat');
    await check('GET', '/orgs/{org}/memberships/{username}', `/orgs/acme/memberships/${sample.login}`, 'pat');
  });

  it('every user of an org with hostile names and missing emails', async () => {
    for (const user of emulator.org.snapshot().users.slice(0, 60)) await check('GET', '/users/{username}', `/users/${encodeURIComponent(user.login)}`, 'pat');
  });

  it('GitHub App endpoints', async () => {
    await check('GET', '/app/installations', '/app/installations', 'jwt');
    await check('GET', '/app/installations/{installation_id}', `/app/installations/${emulator.info.app.installationId}`, 'jwt');
    await check('GET', '/orgs/{org}/installation', '/orgs/acme/installation', 'jwt');
    await check('POST', '/app/installations/{installation_id}/access_tokens', `/app/installations/${emulator.info.app.installationId}/access_tokens`, 'jwt', 201);
    await check('GET', '/installation/repositories', '/installation/repositories', 'installation');
    await check('GET', '/orgs/{org}/members', '/orgs/acme/members', 'installation');
  });

  it('the token owner on /user', async () => {
    await check('GET', '/user', '/user', 'pat');
  });

  it('error bodies', async () => {
    await check('GET', '/users/{username}', '/users/nobody-at-all', 'pat', 404);
    await check('GET', '/orgs/{org}/teams/{team_slug}', '/orgs/acme/teams/no-such-team', 'pat', 404);
  });
});
