import { createHash, generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { startGraphEmulator, type GraphEmulator } from '.';
import { certificateCredential, graphClient, GRAPH_SCOPE, secretCredential } from './__fixtures__/clients';

let emulator: GraphEmulator;
let clock = Date.now();

beforeAll(async () => {
  emulator = await startGraphEmulator({ generate: { users: 30, groups: 3 }, now: () => clock, tokenLifetimeSeconds: 3599 });
});

afterAll(() => emulator.close());

async function tokenFor(form: Record<string, string>): Promise<Response> {
  return fetch(`${emulator.info.authorityHost}/${emulator.info.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
}

async function secretToken(): Promise<string> {
  const response = await tokenFor({
    grant_type: 'client_credentials',
    client_id: emulator.info.clientId,
    client_secret: emulator.info.clientSecret,
    scope: GRAPH_SCOPE,
  });
  expect(response.status).toBe(200);
  const body = ((await response.json()) as any) as any;
  expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
  return body.access_token;
}

function usersWith(token: string): Promise<Response> {
  return fetch(`${emulator.info.graphBaseUrl}/users`, { headers: { authorization: `Bearer ${token}` } });
}

test('OpenID discovery points every endpoint at the emulator', async () => {
  const response = await fetch(`${emulator.info.authorityHost}/${emulator.info.tenantId}/v2.0/.well-known/openid-configuration`);
  const config = ((await response.json()) as any) as any;
  for (const key of ['authorization_endpoint', 'token_endpoint', 'issuer', 'jwks_uri']) {
    expect(config[key]).toMatch(new RegExp(`^${emulator.info.url}/${emulator.info.tenantId}/`));
  }
});

test('ClientSecretCredential and ClientCertificateCredential both get tokens Graph accepts', async () => {
  const bySecret = await graphClient(emulator.info, secretCredential(emulator.info)).api('/users').get();
  const byCertificate = await graphClient(emulator.info, certificateCredential(emulator.info)).api('/users').get();
  expect(bySecret.value).toHaveLength(30);
  expect(byCertificate.value).toEqual(bySecret.value);
});

test('a wrong secret is refused with AADSTS7000215', async () => {
  await expect(secretCredential(emulator.info, 'wrong').getToken(GRAPH_SCOPE)).rejects.toThrow(/AADSTS7000215/);
});

test('a scope without /.default is refused', async () => {
  const response = await tokenFor({
    grant_type: 'client_credentials',
    client_id: emulator.info.clientId,
    client_secret: emulator.info.clientSecret,
    scope: 'User.Read.All',
  });
  expect(response.status).toBe(400);
  expect(((await response.json()) as any).error).toBe('invalid_scope');
});

describe('client assertions', () => {
  const pem = () => fs.readFileSync(emulator.info.certificate.certificatePath, 'utf8');
  const certDer = () => new X509Certificate(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem())![0]).raw;

  function assertion(key: string | ReturnType<typeof generateKeyPairSync>['privateKey'], header: Record<string, string>): string {
    const now = Math.floor(clock / 1000);
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const audience = `${emulator.info.authorityHost}/${emulator.info.tenantId}/oauth2/v2.0/token`;
    const head = b64({ alg: 'RS256', typ: 'JWT', ...header });
    const body = b64({ aud: audience, iss: emulator.info.clientId, sub: emulator.info.clientId, exp: now + 600, nbf: now, jti: 'x' });
    return `${head}.${body}.${sign('sha256', Buffer.from(`${head}.${body}`), key).toString('base64url')}`;
  }

  async function tryAssertion(jwt: string): Promise<Response> {
    return tokenFor({
      grant_type: 'client_credentials',
      client_id: emulator.info.clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: jwt,
      scope: GRAPH_SCOPE,
    });
  }

  test('RS256 with x5t signed by the registered key is accepted', async () => {
    const x5t = createHash('sha1').update(certDer()).digest('base64url');
    const response = await tryAssertion(assertion(pem(), { x5t }));
    expect(response.status).toBe(200);
  });

  test('the registered thumbprint with a different key fails signature validation', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const x5t = createHash('sha1').update(certDer()).digest('base64url');
    const response = await tryAssertion(assertion(privateKey, { x5t }));
    expect(response.status).toBe(401);
    expect(((await response.json()) as any).error).toBe('invalid_client');
  });

  test('an unregistered thumbprint is refused', async () => {
    const response = await tryAssertion(assertion(pem(), { 'x5t#S256': 'AAAA' }));
    expect(response.status).toBe(401);
    expect(((await response.json()) as any).error_description).toMatch(/not registered/);
  });
});

test('Graph answers 401 InvalidAuthenticationToken without a token, after revocation and after expiry', async () => {
  const missing = await fetch(`${emulator.info.graphBaseUrl}/users`);
  expect(missing.status).toBe(401);
  expect(((await missing.json()) as any).error.code).toBe('InvalidAuthenticationToken');

  const revoked = await secretToken();
  expect((await usersWith(revoked)).status).toBe(200);
  const client = graphClient(emulator.info);
  await client.api('/users').get();
  emulator.org.revokeTokens();
  expect((await usersWith(revoked)).status).toBe(401);
  await expect(client.api('/users').get()).rejects.toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken' });

  const expiring = await secretToken();
  expect((await usersWith(expiring)).status).toBe(200);
  clock += 3600 * 1000;
  const expired = await usersWith(expiring);
  expect(expired.status).toBe(401);
  expect(((await expired.json()) as any).error.message).toMatch(/expired/);
});
