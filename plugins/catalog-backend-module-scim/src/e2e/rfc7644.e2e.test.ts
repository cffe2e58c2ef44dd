import { waitFor } from '@orgsync/test-utils';
import {
  ENTERPRISE_USER_SCHEMA,
  ERROR_SCHEMA,
  GROUP_SCHEMA,
  LIST_RESPONSE_SCHEMA,
  RESOURCE_TYPE_SCHEMA,
  SCHEMA_SCHEMA,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  USER_SCHEMA,
  type JsonObject,
} from '../protocol';
import { patchOp } from '../__testing__/guideRequests';
import { noEmulator, providerConfig, scimClientFor, useScimFixture, type ScimAnswer } from '../__testing__/harness';

/** What the walk remembers between steps: the ids it created and the first answer for a user. */
interface WalkState {
  ids: Record<string, string>;
  created: Record<string, ScimAnswer['body']>;
  /** A second before the walk began. */
  startedAt: string;
}

/** One request of the walk and what RFC 7644 says of its answer. */
interface Step {
  section: string;
  what: string;
  send(state: WalkState): { method: string; path: string; body?: unknown; token?: string };
  status: number;
  /** The Error schema's `scimType`, for a 4xx that has one. */
  scimType?: string;
  expect?(answer: ScimAnswer, state: WalkState): void;
}

const q = (text: string) => encodeURIComponent(text);
const get = (path: string) => () => ({ method: 'GET', path });
const user = (userName: string, extra: JsonObject = {}): JsonObject => ({ schemas: [USER_SCHEMA], userName, ...extra });
const bjensen = user('bjensen', {
  externalId: 'bjensen',
  name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' },
  emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
});
const patchUser = (...operations: JsonObject[]) => ({ ids }: WalkState) => ({ method: 'PATCH', path: `/Users/${ids.bjensen}`, body: patchOp(...operations) });
const keysOf = (resource: object | undefined) => Object.keys(resource ?? {}).sort();

function metaOf(body: ScimAnswer['body']): { created?: unknown; location?: unknown; lastModified?: unknown } {
  const meta = body.meta;
  return typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? { ...meta } : {};
}

/** RFC 7644 §4: discovery, and the filter it refuses. */
const discovery: Step[] = [
  {
    section: '§4',
    what: 'ServiceProviderConfig says what is supported: PATCH and filters; no bulk, sort, ETags or password change',
    send: get('/ServiceProviderConfig'),
    status: 200,
    expect: ({ body }) =>
      expect(body).toMatchObject({
        schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
        patch: { supported: true },
        filter: { supported: true, maxResults: 1000 },
        bulk: { supported: false },
        sort: { supported: false },
        etag: { supported: false },
        changePassword: { supported: false },
        authenticationSchemes: [{ type: 'oauthbearertoken', primary: true }],
      }),
  },
  {
    section: '§4',
    what: 'ResourceTypes lists User (with the enterprise extension) and Group',
    send: get('/ResourceTypes'),
    status: 200,
    expect: ({ body }) => {
      expect(body).toMatchObject({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 2 });
      expect(body.Resources).toEqual([
        expect.objectContaining({ schemas: [RESOURCE_TYPE_SCHEMA], id: 'User', endpoint: '/Users', schema: USER_SCHEMA, schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }] }),
        expect.objectContaining({ id: 'Group', endpoint: '/Groups', schema: GROUP_SCHEMA }),
      ]);
    },
  },
  { section: '§4', what: 'a resource type by name', send: get('/ResourceTypes/Group'), status: 200, expect: ({ body }) => expect(body).toMatchObject({ name: 'Group' }) },
  {
    section: '§4',
    what: 'a schema by its URN, userName unique on the server',
    send: get(`/Schemas/${USER_SCHEMA}`),
    status: 200,
    expect: ({ body }) => {
      expect(body).toMatchObject({ schemas: [SCHEMA_SCHEMA], id: USER_SCHEMA });
      expect(body.attributes).toContainEqual(expect.objectContaining({ name: 'userName', uniqueness: 'server', required: true }));
    },
  },
  { section: '§4', what: 'Schemas lists User, Group and EnterpriseUser', send: get('/Schemas'), status: 200, expect: ({ body }) => expect(body.totalResults).toBe(3) },
  { section: '§4', what: 'a filter on a discovery endpoint is 403', send: get(`/Schemas?filter=${q('id pr')}`), status: 403 },
];

/** RFC 7644 §3.3 create and §3.4.1 get. */
const createAndGet: Step[] = [
  {
    section: '§3.3',
    what: 'POST creates: 201, Location is meta.location, meta set by the service provider',
    send: () => ({ method: 'POST', path: '/Users', body: bjensen }),
    status: 201,
    expect: (answer, state) => {
      const { body } = answer;
      state.ids.bjensen = String(body.id);
      state.created.bjensen = body;
      expect(body).toMatchObject({ schemas: [USER_SCHEMA], userName: 'bjensen', meta: { resourceType: 'User' } });
      const meta = metaOf(body);
      expect(answer.headers.get('location')).toBe(meta.location);
      expect(meta.location).toMatch(new RegExp(`/api/catalog/org-sync/scim/rfc/Users/${state.ids.bjensen}$`));
      expect(meta.lastModified).toBe(meta.created);
    },
  },
  {
    section: '§3.3',
    what: 'an id the client sends is ignored (readOnly): the service provider assigns it',
    send: () => ({ method: 'POST', path: '/Users', body: user('jsmith', { id: 'chosen-by-the-client' }) }),
    status: 201,
    expect: ({ body }, state) => {
      expect(body.id).not.toBe('chosen-by-the-client');
      state.ids.jsmith = String(body.id);
    },
  },
  { section: '§3.3', what: 'a taken userName, in another case, is 409', send: () => ({ method: 'POST', path: '/Users', body: user('BJensen') }), status: 409, scimType: 'uniqueness' },
  { section: '§3.3', what: 'no userName is 400', send: () => ({ method: 'POST', path: '/Users', body: { schemas: [USER_SCHEMA], displayName: 'Nobody' } }), status: 400, scimType: 'invalidValue' },
  { section: '§3.3', what: 'an attribute no schema defines is 400', send: () => ({ method: 'POST', path: '/Users', body: user('x', { shoeSize: 38 }) }), status: 400, scimType: 'invalidSyntax' },
  {
    section: '§3.4.1',
    what: 'GET by id answers what the create answered',
    send: ({ ids }) => ({ method: 'GET', path: `/Users/${ids.bjensen}` }),
    status: 200,
    expect: ({ body }, { created }) => expect(body).toEqual(created.bjensen),
  },
  {
    section: '§3.4.1',
    what: 'attributes returns those and the always-returned id and schemas',
    send: ({ ids }) => ({ method: 'GET', path: `/Users/${ids.bjensen}?attributes=name.familyName` }),
    status: 200,
    expect: ({ body }) => expect(body).toEqual({ schemas: [USER_SCHEMA], id: body.id, name: { familyName: 'Jensen' } }),
  },
  {
    section: '§3.4.1',
    what: 'excludedAttributes leaves those out',
    send: ({ ids }) => ({ method: 'GET', path: `/Users/${ids.bjensen}?excludedAttributes=emails,name` }),
    status: 200,
    expect: ({ body }) => expect(keysOf(body)).toEqual(['externalId', 'id', 'meta', 'schemas', 'userName']),
  },
  { section: '§3.4.1', what: 'an unknown id is 404', send: get('/Users/no-such-user'), status: 404 },
];

/** RFC 7644 §3.4.2 queries. */
const queries: Step[] = [
  {
    section: '§3.4.2.2',
    what: 'a filter answers a ListResponse of the matches',
    send: get(`/Users?filter=${q('userName eq "bjensen"')}`),
    status: 200,
    expect: ({ body }, { ids }) => {
      expect(body).toMatchObject({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
      expect(body.Resources?.map(resource => resource.id)).toEqual([ids.bjensen]);
    },
  },
  ...filterSteps(),
  { section: '§3.4.2.2', what: 'an unknown operator is 400', send: get(`/Users?filter=${q('userName xx "bjensen"')}`), status: 400, scimType: 'invalidFilter' },
  {
    section: '§3.4.2.3',
    what: 'sortBy is ignored, as ServiceProviderConfig says sort is not supported',
    send: get('/Users?sortBy=userName&sortOrder=descending'),
    status: 200,
    expect: ({ body }) => expect(body.Resources?.map(resource => resource.userName)).toEqual(['bjensen', 'jsmith']),
  },
  {
    section: '§3.4.2.4',
    what: 'startIndex and count page the results',
    send: get('/Users?startIndex=2&count=1'),
    status: 200,
    expect: ({ body }) => {
      expect(body).toMatchObject({ totalResults: 2, startIndex: 2, itemsPerPage: 1 });
      expect(body.Resources?.map(resource => resource.userName)).toEqual(['jsmith']);
    },
  },
  { section: '§3.4.2.4', what: 'count=0 gives only totalResults', send: get('/Users?count=0'), status: 200, expect: ({ body }) => expect(body).toMatchObject({ totalResults: 2, itemsPerPage: 0 }) },
  {
    section: '§3.4.2.5',
    what: 'attributes applies to each listed resource',
    send: get('/Users?attributes=userName'),
    status: 200,
    expect: ({ body }) => expect(body.Resources?.map(keysOf)).toEqual([['id', 'schemas', 'userName'], ['id', 'schemas', 'userName']]),
  },
];

/** RFC 7644 §3.4.2.2's operators, logic, grouping, value paths and dates, over bjensen and jsmith. */
function filterSteps(): Step[] {
  const names = (expected: string[]) => ({ body }: ScimAnswer) => expect(body.Resources?.map(resource => resource.userName).sort()).toEqual(expected);
  const filtered = (filter: (state: WalkState) => string, expected: string[], what: string): Step => ({
    section: '§3.4.2.2',
    what,
    send: state => ({ method: 'GET', path: `/Users?filter=${q(filter(state))}` }),
    status: 200,
    expect: names(expected),
  });
  return [
    filtered(() => 'userName sw "BJ" and not (userName eq "jsmith")', ['bjensen'], 'sw (any case), and, not, grouping'),
    filtered(() => 'userName eq "jsmith" or name.familyName co "ens"', ['bjensen', 'jsmith'], 'or, co on a sub-attribute'),
    filtered(() => 'emails[type eq "work" and value ew "@example.com"]', ['bjensen'], 'a value path with and, ew'),
    filtered(() => 'externalId pr', ['bjensen'], 'pr'),
    filtered(({ startedAt }) => `meta.lastModified gt "${startedAt}"`, ['bjensen', 'jsmith'], 'gt on a dateTime'),
    filtered(({ startedAt }) => `meta.lastModified lt "${startedAt}"`, [], 'lt on a dateTime'),
  ];
}

/** RFC 7644 §3.5.1 PUT and §3.5.2 PATCH. */
const updates: Step[] = [
  {
    section: '§3.5.1',
    what: 'PUT replaces: attributes left out are cleared, id and meta.created kept',
    send: ({ ids }) => ({ method: 'PUT', path: `/Users/${ids.bjensen}`, body: user('bjensen', { displayName: 'Babs Jensen' }) }),
    status: 200,
    expect: ({ body }, { ids, created }) => {
      expect(body).toMatchObject({ id: ids.bjensen, userName: 'bjensen', displayName: 'Babs Jensen' });
      expect(body).not.toHaveProperty('emails');
      expect(body).not.toHaveProperty('name');
      expect(metaOf(body).created).toBe(metaOf(created.bjensen).created);
    },
  },
  { section: '§3.5.1', what: 'PUT to a taken userName is 409', send: ({ ids }) => ({ method: 'PUT', path: `/Users/${ids.jsmith}`, body: user('bjensen') }), status: 409, scimType: 'uniqueness' },
  { section: '§3.5.1', what: 'PUT to an unknown id is 404', send: () => ({ method: 'PUT', path: '/Users/no-such-user', body: user('nobody') }), status: 404 },
  {
    section: '§3.5.2.1',
    what: 'add with a path appends to a multi-valued attribute',
    send: patchUser({ op: 'add', path: 'emails', value: [{ value: 'babs@home.example', type: 'home' }] }),
    status: 200,
    expect: ({ body }) => expect(body.emails).toEqual([{ value: 'babs@home.example', type: 'home' }]),
  },
  { section: '§3.5.2.1', what: 'add without a path merges an object', send: patchUser({ op: 'add', value: { nickName: 'Babs' } }), status: 200, expect: ({ body }) => expect(body.nickName).toBe('Babs') },
  {
    section: '§3.5.2.3',
    what: 'replace with a value filter changes the matching value',
    send: patchUser({ op: 'replace', path: 'emails[type eq "home"].value', value: 'barbara@home.example' }),
    status: 200,
    expect: ({ body }) => expect(body.emails).toEqual([{ value: 'barbara@home.example', type: 'home' }]),
  },
  { section: '§3.5.2.3', what: 'replace with a filter that matches nothing is 400', send: patchUser({ op: 'replace', path: 'emails[type eq "other"].value', value: 'x' }), status: 400, scimType: 'noTarget' },
  { section: '§3.5.2.2', what: 'remove with a value filter', send: patchUser({ op: 'remove', path: 'emails[type eq "home"]' }), status: 200, expect: ({ body }) => expect(body).not.toHaveProperty('emails') },
  { section: '§3.5.2.2', what: 'remove without a path is 400', send: patchUser({ op: 'remove' }), status: 400, scimType: 'noTarget' },
  { section: '§3.5.2', what: 'a path to no attribute is 400', send: patchUser({ op: 'replace', path: 'shoeSize', value: 38 }), status: 400, scimType: 'invalidPath' },
  { section: '§3.5.2', what: 'changing id (readOnly) is 400', send: patchUser({ op: 'replace', path: 'id', value: 'mine' }), status: 400, scimType: 'mutability' },
  { section: '§3.5.2', what: 'a value of the wrong type is 400', send: patchUser({ op: 'replace', path: 'active', value: 'perhaps' }), status: 400, scimType: 'invalidValue' },
  {
    section: '§3.5.2',
    what: 'a PATCH answers the whole resource, as attributes asks',
    send: ({ ids }) => ({ method: 'PATCH', path: `/Users/${ids.bjensen}?attributes=nickName`, body: patchOp({ op: 'replace', path: 'nickName', value: 'B' }) }),
    status: 200,
    expect: ({ body }) => expect(body).toEqual({ schemas: [USER_SCHEMA], id: body.id, nickName: 'B' }),
  },
];

/** Groups and their members, RFC 7644 §3.5.2's own examples. */
const groups: Step[] = [
  {
    section: '§3.3',
    what: 'POST a group with a member',
    send: ({ ids }) => ({ method: 'POST', path: '/Groups', body: { schemas: [GROUP_SCHEMA], displayName: 'Tour Guides', members: [{ value: ids.bjensen }] } }),
    status: 201,
    expect: ({ body }, state) => {
      state.ids.group = String(body.id);
    },
  },
  { section: '§3.3', what: 'a taken displayName is 409', send: () => ({ method: 'POST', path: '/Groups', body: { schemas: [GROUP_SCHEMA], displayName: 'tour guides' } }), status: 409, scimType: 'uniqueness' },
  {
    section: '§3.4.2.2',
    what: 'groups filtered by a member',
    send: ({ ids }) => ({ method: 'GET', path: `/Groups?filter=${q(`members.value eq "${ids.bjensen}"`)}` }),
    status: 200,
    expect: ({ body }, { ids }) => expect(body.Resources?.map(resource => resource.id)).toEqual([ids.group]),
  },
  ...memberSteps(),
  { section: '§3.6', what: 'DELETE answers 204', send: ({ ids }) => ({ method: 'DELETE', path: `/Users/${ids.jsmith}` }), status: 204 },
  { section: '§3.6', what: 'a deleted resource is 404', send: ({ ids }) => ({ method: 'GET', path: `/Users/${ids.jsmith}` }), status: 404 },
  { section: '§3.6', what: 'deleting it again is 404', send: ({ ids }) => ({ method: 'DELETE', path: `/Users/${ids.jsmith}` }), status: 404 },
  {
    section: '§3.6',
    what: 'the deleted user is no longer a member of the group',
    send: ({ ids }) => ({ method: 'GET', path: `/Groups/${ids.group}` }),
    status: 200,
    expect: (answer, state) => expectMembers(answer, state, ['bjensen']),
  },
];

function expectMembers(answer: ScimAnswer, { ids }: WalkState, names: string[]): void {
  expect(answer.body.members).toEqual(names.map(name => expect.objectContaining({ value: ids[name] })));
}

function memberSteps(): Step[] {
  const patchGroup = (...operations: JsonObject[]) => ({ ids }: WalkState) => ({ method: 'PATCH', path: `/Groups/${ids.group}`, body: patchOp(...operations) });
  const members = (names: string[]) => (answer: ScimAnswer, state: WalkState) => expectMembers(answer, state, names);
  return [
    { section: '§3.5.2.1', what: 'add a member', send: state => patchGroup({ op: 'add', path: 'members', value: [{ value: state.ids.jsmith }] })(state), status: 200, expect: members(['bjensen', 'jsmith']) },
    { section: '§3.5.2.2', what: 'remove a member by a filter', send: state => patchGroup({ op: 'remove', path: `members[value eq "${state.ids.bjensen}"]` })(state), status: 200, expect: members(['jsmith']) },
    { section: '§3.5.2.3', what: 'replace all members', send: state => patchGroup({ op: 'replace', path: 'members', value: [{ value: state.ids.bjensen }, { value: state.ids.jsmith }] })(state), status: 200, expect: members(['bjensen', 'jsmith']) },
  ];
}

/** RFC 7644 §3.12's errors that no step above makes, and what this service provider does not offer. */
const errors: Step[] = [
  {
    section: '§3.12',
    what: 'a wrong bearer token is 401, with WWW-Authenticate',
    send: () => ({ method: 'GET', path: '/Users', token: 'not-the-token-at-all' }),
    status: 401,
    expect: answer => expect(answer.headers.get('www-authenticate')).toBe('Bearer'),
  },
  { section: '§3.7', what: 'bulk, not offered, is 501', send: () => ({ method: 'POST', path: '/Bulk', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] } }), status: 501 },
  { section: '§3.11', what: '/Me, not offered, is 501', send: get('/Me'), status: 501 },
  { section: '§3.4.3', what: 'a query by POST to .search, not offered, is 501', send: () => ({ method: 'POST', path: '/Users/.search', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] } }), status: 501 },
  {
    section: '§3.14',
    what: 'no ETag, as ServiceProviderConfig says: no ETag header, no meta.version',
    send: ({ ids }) => ({ method: 'GET', path: `/Users/${ids.bjensen}` }),
    status: 200,
    expect: answer => {
      expect(answer.headers.get('etag')).toBeNull();
      expect(answer.body.meta).not.toHaveProperty('version');
    },
  },
];

/**
 * RFC 7644's operations and errors, in order, through one real backend: each step's answer as the RFC says, and
 * where the receiver departs from it (what it does not offer) the answer the ServiceProviderConfig leads a client to expect.
 */
describe('SCIM provider: RFC 7644 conformance walk', () => {
  const fixture = useScimFixture({ emulator: noEmulator, providers: () => ({ rfc: providerConfig({ namespace: 'rfc', guard: { enabled: false } }) }) });
  const state: WalkState = { ids: {}, created: {}, startedAt: new Date(Date.now() - 1000).toISOString() };

  it.each([...discovery, ...createAndGet, ...queries, ...updates, ...groups, ...errors].map(step => [`${step.section} ${step.what}`, step] as const))('%s', async (_name, step) => {
    const { method, path, body, token } = step.send(state);
    const answer = await scimClientFor(fixture.catalog.baseUrl, 'rfc', token).request(method, path, body);
    expect({ status: answer.status, contentType: answer.contentType }).toEqual({ status: step.status, contentType: step.status === 204 ? null : 'application/scim+json; charset=utf-8' });
    if (step.status >= 400) expect(answer.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: String(step.status), ...(step.scimType ? { scimType: step.scimType } : {}) });
    step.expect?.(answer, state);
  });

  it('lands a group listed as a member of another group as its child group', async () => {
    const scim = scimClientFor(fixture.catalog.baseUrl, 'rfc');
    const parent = await scim.request('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Engineering' });
    const child = await scim.request('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'Platform', members: [{ value: state.ids.bjensen, type: 'User' }] });
    await scim.request('PUT', `/Groups/${parent.body.id}`, { schemas: [GROUP_SCHEMA], displayName: 'Engineering', members: [{ value: child.body.id, type: 'Group' }] });
    const platform = await waitFor(
      'Platform as the child of Engineering',
      async () => {
        const entity = await fixture.catalog.byName('Group', 'rfc', 'platform');
        return entity?.spec?.parent === 'group:rfc/engineering' && entity;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(platform.spec?.members).toEqual(['user:rfc/bjensen']);
    expect((await fixture.catalog.byName('Group', 'rfc', 'engineering'))?.spec?.children).toEqual(['group:rfc/platform']);
  });
});
