import { ConfigReader } from '@backstage/config';
import { DEFAULT_USER_STATUSES, providerIdFromOrgUrl, readOktaProviderConfig, readOktaProviderEntries } from './config';
import { profileAttributeStrategies } from './defaults';

type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;
type JsonValue = JsonObject[string];

const PEM = '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n';

function entries(okta: JsonValue) {
  return readOktaProviderEntries(new ConfigReader({ catalog: { providers: { okta } } }));
}

function parse(entry: JsonObject) {
  return readOktaProviderConfig(new ConfigReader(entry), 'main', 'catalog.providers.okta.main');
}

describe('readOktaProviderEntries', () => {
  it('reads the object form keyed by provider id', () => {
    const found = entries({ a: { orgUrl: 'https://a.okta.com', token: 't' }, b: { orgUrl: 'https://b.okta.com', token: 't' } });
    expect(found.map(e => [e.id, e.configPath])).toEqual([
      ['a', 'catalog.providers.okta.a'],
      ['b', 'catalog.providers.okta.b'],
    ]);
  });

  it("reads Roadie's array form, with ids from `id` or the org host", () => {
    const found = entries([
      { orgUrl: 'https://acme.okta.com', token: 't' },
      { orgUrl: 'http://127.0.0.1:4000', token: 't' },
      { id: 'eu', orgUrl: 'https://acme.okta-emea.com', token: 't' },
    ]);
    expect(found.map(e => [e.id, e.configPath])).toEqual([
      ['acme-okta-com', 'catalog.providers.okta[0]'],
      ['127-0-0-1-4000', 'catalog.providers.okta[1]'],
      ['eu', 'catalog.providers.okta[2]'],
    ]);
  });

  it('refuses two entries with the same id, naming both', () => {
    expect(() => entries([{ orgUrl: 'https://acme.okta.com', token: 't' }, { orgUrl: 'https://acme.okta.com/', token: 'u' }])).toThrow(
      'catalog.providers.okta[1] and catalog.providers.okta[0] both have the provider id "acme-okta-com"; give one of them a distinct id',
    );
  });

  it('explains a single provider written without an id', () => {
    expect(() => entries({ orgUrl: 'https://acme.okta.com', token: 't' })).toThrow(/holds a single provider's settings; put them under a provider id/);
  });

  it('refuses two entries taking the same provider name', () => {
    expect(() =>
      entries([
        { orgUrl: 'https://a.okta.com', token: 't', providerName: 'okta-org:all' },
        { orgUrl: 'https://b.okta.com', token: 't', providerName: 'okta-org:all' },
      ]),
    ).toThrow('catalog.providers.okta[1] and catalog.providers.okta[0] both use the provider name "okta-org:all"; each provider needs its own');
  });

  it('is empty when nothing is configured', () => {
    expect(readOktaProviderEntries(new ConfigReader({}))).toEqual([]);
  });

  it('refuses an id the provider name cannot carry', () => {
    expect(() => entries([{ id: 'no spaces', orgUrl: 'https://a.okta.com', token: 't' }])).toThrow(/provider id "no spaces" must be/);
  });
});

describe('readOktaProviderConfig', () => {
  it('applies the defaults', () => {
    expect(parse({ orgUrl: 'https://acme.okta.com/', token: 'secret' })).toEqual({
      id: 'main',
      providerName: undefined,
      configPath: 'catalog.providers.okta.main',
      orgUrl: 'https://acme.okta.com',
      auth: { kind: 'token', token: 'secret' },
      users: { filter: undefined, search: undefined, statuses: DEFAULT_USER_STATUSES, pictureAttribute: undefined },
      groups: { filter: undefined, search: undefined, type: undefined, parentAttribute: undefined, pruneEmpty: false },
      profileAnnotations: [],
      concurrency: 16,
      maxRetries: 10,
      requestTimeoutMs: 60_000,
    });
    expect(DEFAULT_USER_STATUSES).not.toContain('DEPROVISIONED');
    expect(DEFAULT_USER_STATUSES).toContain('SUSPENDED');
  });

  it('reads every option', () => {
    const config = parse({
      orgUrl: 'https://acme.okta.com',
      oauth: { clientId: '0oa1', keyId: 'k1', privateKey: PEM },
      users: { filter: 'status eq "ACTIVE"', statuses: ['active', 'LOCKED_OUT'], pictureAttribute: 'photoUrl' },
      groups: { search: 'type eq "OKTA_GROUP"', type: 'department', parentAttribute: 'parentGroupId', pruneEmpty: true },
      profileAnnotations: ['department', 'costCenter'],
      concurrency: 4,
      maxRetries: 3,
      requestTimeoutSeconds: 10,
      namespace: 'okta',
      naming: { users: 'login' },
    });
    expect(config).toMatchObject({
      auth: { kind: 'oauth', clientId: '0oa1', keyId: 'k1', privateKey: PEM },
      users: { filter: 'status eq "ACTIVE"', statuses: ['ACTIVE', 'LOCKED_OUT'], pictureAttribute: 'photoUrl' },
      groups: { search: 'type eq "OKTA_GROUP"', type: 'department', parentAttribute: 'parentGroupId', pruneEmpty: true },
      profileAnnotations: ['department', 'costCenter'],
      concurrency: 4,
      maxRetries: 3,
      requestTimeoutMs: 10_000,
    });
  });

  it("maps Roadie's userFilter and groupFilter to Okta search expressions", () => {
    const config = parse({ orgUrl: 'https://acme.okta.com', token: 't', userFilter: 'profile.department eq "Eng"', groupFilter: 'type eq "OKTA_GROUP"' });
    expect(config.users.search).toBe('profile.department eq "Eng"');
    expect(config.groups.search).toBe('type eq "OKTA_GROUP"');
  });

  it.each([
    [{ token: 't' }, 'catalog.providers.okta.main.orgUrl is required'],
    [{ orgUrl: 'acme.okta.com', token: 't' }, 'catalog.providers.okta.main.orgUrl "acme.okta.com" is not a URL'],
    [{ orgUrl: 'https://acme.okta.com/api/v1', token: 't' }, "must be the org's base URL, without a path"],
    [{ orgUrl: 'https://a.okta.com' }, 'catalog.providers.okta.main needs credentials: token (an SSWS API token) or oauth'],
    [{ orgUrl: 'https://a.okta.com', token: 't', oauth: { clientId: 'c', privateKey: PEM } }, 'sets both token and oauth; choose one'],
    [{ orgUrl: 'https://a.okta.com', oauth: { privateKey: PEM } }, 'catalog.providers.okta.main.oauth.clientId is required'],
    [{ orgUrl: 'https://a.okta.com', oauth: { clientId: 'c' } }, 'catalog.providers.okta.main.oauth.privateKey is required'],
    [{ orgUrl: 'https://a.okta.com', oauth: { clientId: 'c', privateKey: 'abc' } }, 'must be a PEM ("-----BEGIN ...") or a JWK'],
    [{ orgUrl: 'https://a.okta.com', oauth: { clientId: 'c', privateKey: PEM, secret: 'x' } }, 'catalog.providers.okta.main.oauth.secret is not an Okta provider setting'],
    [{ orgUrl: 'https://a.okta.com', token: 't', userFilters: 'x' }, 'catalog.providers.okta.main.userFilters is not an Okta provider setting'],
    [{ orgUrl: 'https://a.okta.com', token: 't', users: { status: ['ACTIVE'] } }, 'catalog.providers.okta.main.users.status is not an Okta provider setting'],
    [{ orgUrl: 'https://a.okta.com', token: 't', users: { statuses: ['ACTIVE', 'GONE'] } }, 'users.statuses has unknown status GONE'],
    [{ orgUrl: 'https://a.okta.com', token: 't', users: { statuses: [] } }, 'users.statuses must be a non-empty list'],
    [{ orgUrl: 'https://a.okta.com', token: 't', users: { statuses: ['DEPROVISIONED'] } }, "plain user list never returns; also set catalog.providers.okta.main.users.filter"],
    [{ orgUrl: 'https://a.okta.com', token: 't', concurrency: 0 }, 'catalog.providers.okta.main.concurrency must be a whole number from 1 to 100, got 0'],
    [{ orgUrl: 'https://a.okta.com', token: 't', concurrency: 2.5 }, 'concurrency must be a whole number'],
    [{ orgUrl: 'https://a.okta.com', token: 't', profileAnnotations: 'department' }, 'profileAnnotations must be a list of profile attribute names'],
    [{ orgUrl: 'https://a.okta.com', token: 't', userFilter: 'a', users: { search: 'b' } }, 'sets both userFilter and users.search'],
    [{ orgUrl: 'https://a.okta.com', token: ' ' }, 'catalog.providers.okta.main.token is empty'],
  ])('refuses %j', (entry, message) => {
    expect(() => parse(entry)).toThrow(message);
  });

  it('accepts DEPROVISIONED when a filter returns it', () => {
    expect(parse({ orgUrl: 'https://a.okta.com', token: 't', users: { search: 'status pr', statuses: ['ACTIVE', 'DEPROVISIONED'] } }).users.statuses).toEqual([
      'ACTIVE',
      'DEPROVISIONED',
    ]);
  });
});

describe('providerIdFromOrgUrl', () => {
  it('makes a provider id of the host and port', () => {
    expect(providerIdFromOrgUrl('https://Acme.okta.com')).toBe('acme-okta-com');
    expect(providerIdFromOrgUrl('http://localhost:8080')).toBe('localhost-8080');
  });
});

describe('profile attribute naming strategies', () => {
  it('registers the `profile:<attribute>` strategies the config names, and refuses a malformed one', () => {
    const found = entries({ a: { orgUrl: 'https://a.okta.com', token: 't', naming: { users: 'profile:employeeNumber', groups: 'profile:slug' } } });
    const { users, groups } = profileAttributeStrategies(found);
    expect(users['profile:employeeNumber']({ id: 'u', active: true, attributes: { profile: { employeeNumber: 42 } } })).toBe('42');
    expect(groups['profile:slug']({ id: 'g', attributes: { profile: { slug: ' team-a ' } } })).toBe('team-a');
    expect(groups['profile:slug']({ id: 'g', attributes: { profile: {} } })).toBeUndefined();
    const bad = entries({ a: { orgUrl: 'https://a.okta.com', token: 't', naming: { groups: 'profile:' } } });
    expect(() => profileAttributeStrategies(bad)).toThrow('catalog.providers.okta.a.naming.groups "profile:" must name a profile attribute');
  });
});
