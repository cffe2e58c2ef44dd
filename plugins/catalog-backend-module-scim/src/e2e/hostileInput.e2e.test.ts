import { chunkedBody, rawPost } from '@orgsync/test-utils';
import { ERROR_SCHEMA, GROUP_SCHEMA, PATCH_OP_SCHEMA as PATCH_SCHEMA, USER_SCHEMA } from '../protocol';
import { noEmulator, providerConfig, scimClientFor, TEST_TOKEN, useScimFixture } from '../__testing__/harness';

const OLD_TOKEN = 'the-previous-token-still-accepted';

/** RFC 7644's error cases and hostile requests: each gets a SCIM error and changes nothing. */
describe('SCIM provider: errors and hostile input', () => {
  const fixture = useScimFixture({
    emulator: noEmulator,
    providers: () => ({
      main: providerConfig({ token: [TEST_TOKEN, OLD_TOKEN] }),
      limited: providerConfig({ rateLimit: { requestsPerMinute: 3 } }),
      slow: providerConfig({ events: { push: { bodyTimeout: { seconds: 1 } } } }),
    }),
  });
  const scim = () => scimClientFor(fixture.catalog.baseUrl, 'main');
  const base = () => `${fixture.catalog.baseUrl}/api/catalog/org-sync/scim/main`;
  const userCount = async () => (await scim().request('GET', '/Users?count=0')).body.totalResults;

  it('accepts either token of a rotation, and answers discovery', async () => {
    expect((await scimClientFor(fixture.catalog.baseUrl, 'main', OLD_TOKEN).request('GET', '/ServiceProviderConfig')).body).toMatchObject({ patch: { supported: true } });
    expect((await scim().request('GET', '/ResourceTypes')).body.totalResults).toBe(2);
    expect((await scim().request('GET', '/Schemas')).body.totalResults).toBe(3);
    expect((await scim().request('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).status).toBe(200);
    expect((await scim().request('GET', '/Nothing')).status).toBe(404);
  });

  it('refuses a wrong content type, a body that is not JSON and an unknown attribute, creating nothing', async () => {
    const plain = await fetch(`${base()}/Users`, { method: 'POST', headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'text/plain' }, body: 'userName=x' });
    expect(plain.status).toBe(415);
    expect(plain.headers.get('content-type')).toContain('application/scim+json');
    const broken = await fetch(`${base()}/Users`, { method: 'POST', headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/scim+json' }, body: '{"userName":' });
    expect(await broken.json()).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    expect((await scim().request('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'x@example.com', shoeSize: 44 })).body.scimType).toBe('invalidSyntax');
    expect(await userCount()).toBe(0);
  });

  it('refuses a filter nested 1,000 deep, an unknown id, a bad path and a change to id', async () => {
    const deep = `${'('.repeat(1000)}userName eq "x"${')'.repeat(1000)}`;
    expect((await scim().request('GET', `/Users?filter=${encodeURIComponent(deep)}`)).body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    expect((await scim().request('GET', '/Users/no-such-id')).status).toBe(404);
    expect((await scim().request('PATCH', '/Users/no-such-id', { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'displayName', value: 'x' }] })).status).toBe(404);
    expect((await scim().request('DELETE', '/Users/no-such-id')).status).toBe(404);
    const user = await scim().request('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'kept@example.com', displayName: 'Kept' });
    const id = user.body.id ?? '';
    expect((await scim().request('PATCH', `/Users/${id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'shoeSize', value: 1 }] })).body.scimType).toBe('invalidPath');
    expect((await scim().request('PATCH', `/Users/${id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'id', value: 'mine' }] })).body.scimType).toBe('mutability');
    expect((await scim().request('GET', `/Users/${id}`)).body).toMatchObject({ id, displayName: 'Kept' });
  });

  it('refuses 10,001 members in one PATCH and a body over the limit, changing nothing', async () => {
    const group = await scim().request('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Everyone' });
    const id = group.body.id ?? '';
    const members = Array.from({ length: 10_001 }, (_, index) => ({ value: `m${index}` }));
    const tooMany = await scim().request('PATCH', `/Groups/${id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'add', path: 'members', value: members }] });
    expect(tooMany.status).toBe(413);
    const huge = await scim().request('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'huge@example.com', displayName: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge).toMatchObject({ status: 413, body: { schemas: [ERROR_SCHEMA], status: '413', detail: 'the body is larger than 1048576 bytes' } });
    expect(huge.contentType).toBe('application/scim+json; charset=utf-8');
    const hugeChunked = await fetch(`${base()}/Users`, { method: 'POST', headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/scim+json' }, ...chunkedBody(2 * 1024 * 1024) });
    expect(hugeChunked.status).toBe(413);
    expect(await hugeChunked.json()).toMatchObject({ schemas: [ERROR_SCHEMA], status: '413' });
    expect((await scim().request('GET', `/Groups/${id}`)).body.members).toBeUndefined();
    expect((await scim().request('GET', `/Users?filter=${encodeURIComponent('userName eq "huge@example.com"')}`)).body.totalResults).toBe(0);
  });

  it('answers a body that does not arrive within events.push.bodyTimeout 408 as a SCIM error, and closes', async () => {
    const answer = await rawPost(`${fixture.catalog.baseUrl}/api/catalog/org-sync/scim/slow/Users`, {
      contentLength: 200,
      chunks: ['{"schemas":', '["urn'],
      everyMs: 1500,
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
      answerWithinMs: 10_000,
    });
    expect(answer).toMatchObject({ status: 408, closedByServer: true });
    expect(answer.received.toLowerCase()).toContain('content-type: application/scim+json');
    expect(JSON.parse(answer.received.slice(answer.received.indexOf('\r\n\r\n') + 4))).toMatchObject({ schemas: [ERROR_SCHEMA], status: '408' });
  });

  it('limits the requests of one token per minute, answering 429 as a SCIM error', async () => {
    const limited = scimClientFor(fixture.catalog.baseUrl, 'limited');
    const statuses = [];
    for (let index = 0; index < 4; index++) statuses.push((await limited.request('GET', '/Users')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(fixture.logger.text()).not.toContain(TEST_TOKEN);
  });
});
