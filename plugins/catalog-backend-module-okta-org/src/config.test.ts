import { generateKeyPairSync } from 'node:crypto';
import { ConfigReader } from '@backstage/config';
import { DEFAULT_USER_STATUSES, providerIdFromOrgUrl, readOktaProviderConfig, readOktaProviderEntries } from './config';
import { profileAttributeStrategies } from './defaults';
import { privateKeySecrets } from './client/oauthPrivateKey';

type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;
type JsonValue = JsonObject[string];

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const RSA_JWK = rsa.privateKey.export({ format: 'jwk' });
const EC_JWK = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
const OTHER_RSA_JWK = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
const OTHER_EC_JWK = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });

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
      users: { filter: undefined, search: undefined, statuses: DEFAULT_USER_STATUSES, pictureAttribute: undefined, partitions: 4 },
      groups: { filter: undefined, search: undefined, type: undefined, parentAttribute: undefined, pruneEmpty: false, skipEmptyMemberReads: true },
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
      users: { filter: 'status eq "ACTIVE"', statuses: ['active', 'LOCKED_OUT'], pictureAttribute: 'photoUrl', partitions: 8 },
      groups: { search: 'type eq "OKTA_GROUP"', type: 'department', parentAttribute: 'parentGroupId', pruneEmpty: true, skipEmptyMemberReads: false },
      profileAnnotations: ['department', 'costCenter'],
      concurrency: 4,
      maxRetries: 3,
      requestTimeout: { seconds: 10 },
      namespace: 'okta',
      naming: { users: 'login' },
    });
    expect(config).toMatchObject({
      auth: { kind: 'oauth', clientId: '0oa1', keyId: 'k1', privateKey: PEM },
      users: { filter: 'status eq "ACTIVE"', statuses: ['ACTIVE', 'LOCKED_OUT'], pictureAttribute: 'photoUrl', partitions: 8 },
      groups: { search: 'type eq "OKTA_GROUP"', type: 'department', parentAttribute: 'parentGroupId', pruneEmpty: true, skipEmptyMemberReads: false },
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
    [{ orgUrl: 'acme.okta.com', token: 't' }, 'catalog.providers.okta.main.orgUrl is not a URL: "acme.okta.com"'],
    [{ orgUrl: 'ftp://acme.okta.com', token: 't' }, 'catalog.providers.okta.main.orgUrl must be an https: URL'],
    [{ orgUrl: 'https://acme.okta.com/api/v1', token: 't' }, "must be the org's base URL, without a path"],
    [{ orgUrl: 'https://a.okta.com' }, 'catalog.providers.okta.main needs credentials: token (an SSWS API token) or oauth'],
    [{ orgUrl: 'https://a.okta.com', token: 't', oauth: { clientId: 'c', privateKey: PEM } }, 'sets both token and oauth; choose one'],
    [{ orgUrl: 'https://a.okta.com', oauth: { privateKey: PEM } }, 'catalog.providers.okta.main.oauth.clientId is required'],
    [{ orgUrl: 'https://a.okta.com', oauth: { clientId: 'c' } }, 'catalog.providers.okta.main.oauth.privateKey is required'],
    [{ orgUrl: 'https://a.okta.com', oauth: { clientId: 'c', privateKey: 'abc' } }, 'must be a PEM ("-----BEGIN ...") or a JWK'],
    [{ orgUrl: 'https://a.okta.com', oauth: { clientId: 'c', privateKey: PEM, secret: 'x' } }, 'catalog.providers.okta.main.oauth.secret is not an Okta provider setting'],
    [{ orgUrl: 'https://a.okta.com', token: 't', userFilters: 'x' }, 'catalog.providers.okta.main.userFilters is not an Okta provider setting (did you mean userFilter?)'],
    [{ orgUrl: 'https://a.okta.com', token: 't', orgURL: 'x' }, 'catalog.providers.okta.main.orgURL is not an Okta provider setting (did you mean orgUrl?)'],
    [{ orgUrl: 'https://a.okta.com', token: 't', requestTimout: { seconds: 5 } }, 'requestTimout is not an Okta provider setting (did you mean requestTimeout?)'],
    [{ orgUrl: 'https://a.okta.com', token: 't', groups: { pruneEmty: true } }, 'catalog.providers.okta.main.groups.pruneEmty is not an Okta provider setting (did you mean pruneEmpty?)'],
    [{ orgUrl: 'https://a.okta.com', token: 't', requestTimeoutSeconds: 10 }, 'catalog.providers.okta.main.requestTimeoutSeconds was replaced by requestTimeout'],
    [{ orgUrl: 'https://a.okta.com', token: 't', requestTimeout: 'soon' }, 'catalog.providers.okta.main.requestTimeout'],
    [{ orgUrl: 'https://a.okta.com', token: 't', requestTimeout: { days: 30 } }, 'catalog.providers.okta.main.requestTimeout must be a duration from 1 second to 1 hour'],
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

  it('reads requestTimeout as a duration object or an ISO 8601 string', () => {
    expect(parse({ orgUrl: 'https://a.okta.com', token: 't', requestTimeout: { seconds: 2 } }).requestTimeoutMs).toBe(2000);
    expect(parse({ orgUrl: 'https://a.okta.com', token: 't', requestTimeout: 'PT1M30S' }).requestTimeoutMs).toBe(90_000);
  });

  it("accepts every key of Roadie's Okta module, and the settings every provider has", () => {
    expect(() =>
      entries([{ orgUrl: 'https://a.okta.com', token: 't', userFilter: 'a', groupFilter: 'b', schedule: { frequency: { hours: 1 }, timeout: { minutes: 50 } } }]),
    ).not.toThrow();
    const all = { orgUrl: 'https://a.okta.com', token: 't', namespace: 'okta', groupType: 'team', guard: {}, incremental: {}, requestTimeout: 'PT5S', allowInsecureHttp: false };
    expect(() => parse(all)).not.toThrow();
  });

  describe('orgUrl over http', () => {
    it('refuses an http: orgUrl that is not this machine, naming the setting and the opt-in', () => {
      expect(() => parse({ orgUrl: 'http://acme.okta.com', token: 't' })).toThrow(
        /^catalog\.providers\.okta\.main\.orgUrl is an http: URL \(http:\/\/acme\.okta\.com\).*set catalog\.providers\.okta\.main\.allowInsecureHttp: true/,
      );
      expect(() => parse({ orgUrl: 'http://10.0.0.5:8080', token: 't', allowInsecureHttp: false })).toThrow('orgUrl is an http: URL');
    });

    it('accepts loopback addresses, and any http: orgUrl with allowInsecureHttp: true', () => {
      expect(parse({ orgUrl: 'http://127.0.0.1:18081', token: 't' }).orgUrl).toBe('http://127.0.0.1:18081');
      expect(parse({ orgUrl: 'http://localhost:8080', token: 't' }).orgUrl).toBe('http://localhost:8080');
      expect(parse({ orgUrl: 'http://[::1]:8080', token: 't' }).orgUrl).toBe('http://[::1]:8080');
      expect(parse({ orgUrl: 'http://okta.test.internal', token: 't', allowInsecureHttp: true }).orgUrl).toBe('http://okta.test.internal');
    });
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
    expect(users['profile:employeeNumber']({ id: 'u', active: true, raw: { profile: { employeeNumber: 42 } } })).toBe('42');
    expect(groups['profile:slug']({ id: 'g', raw: { profile: { slug: ' team-a ' } } })).toBe('team-a');
    expect(groups['profile:slug']({ id: 'g', raw: { profile: {} } })).toBeUndefined();
    const bad = entries({ a: { orgUrl: 'https://a.okta.com', token: 't', naming: { groups: 'profile:' } } });
    expect(() => profileAttributeStrategies(bad)).toThrow('catalog.providers.okta.a.naming.groups "profile:" must name a profile attribute');
  });
});

describe('oauth.privateKey', () => {
  const withKey = (privateKey: string) => () => parse({ orgUrl: 'https://a.okta.com', oauth: { clientId: 'c', privateKey } });
  const SETTING = 'catalog.providers.okta.main.oauth.privateKey';

  /** Every piece of `secret` of `length` characters or more that appears in `text`. */
  function echoedParts(text: string, secret: string, length = 6): string[] {
    const found = new Set<string>();
    for (let i = 0; i + length <= secret.length; i++) {
      const part = secret.slice(i, i + length);
      if (text.includes(part)) found.add(part);
    }
    return [...found];
  }

  function errorOf(read: () => unknown): string {
    try {
      read();
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected the config to be refused');
  }

  it('accepts an RSA or EC key as PEM (PKCS#8 or PKCS#1) or JWK', () => {
    expect(withKey(PEM)()).toMatchObject({ auth: { privateKey: PEM } });
    expect(withKey(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString())).not.toThrow();
    expect(withKey(JSON.stringify(RSA_JWK))).not.toThrow();
    expect(withKey(JSON.stringify(EC_JWK))).not.toThrow();
  });

  it('says what is wrong with a JWK without quoting any of it', () => {
    const d = 'Zq7SecretDvalueXk3pLm9WbT4yHn2Rf8Jc6Vg1Ua5Os0Ei';
    const cases: Array<[string, string]> = [
      [JSON.stringify({ ...RSA_JWK, d, kty: undefined }), `${SETTING} is a JWK missing field kty`],
      [JSON.stringify({ kty: 'RSA', d }), `${SETTING} is a RSA JWK missing fields n, e, p, q, dp, dq, qi`],
      [JSON.stringify({ ...EC_JWK, d: undefined, x: d }), `${SETTING} is a EC JWK missing field d`],
      [JSON.stringify({ ...RSA_JWK, d, p: OTHER_RSA_JWK.p }), `${SETTING} is a RSA JWK whose fields do not make a usable private key`],
      [JSON.stringify({ ...EC_JWK, d: OTHER_EC_JWK.d, x: d }), `${SETTING} is a EC JWK whose fields do not make a usable private key`],
      [JSON.stringify({ ...RSA_JWK, kty: 'oct', k: d }), `${SETTING} is a JWK of an unsupported kty`],
      // Broken JSON right after the secret: Node's parse error quotes the text around the fault.
      [`{"kty":"RSA","d":"${d}"x,"n":"${RSA_JWK.n}"}`, `${SETTING} starts like a JWK but is not valid JSON`],
      [`{"kty":"RSA","d":"${d}`, `${SETTING} starts like a JWK but is not valid JSON`],
      [`{"kty":"RSA","d":${d}}`, `${SETTING} starts like a JWK but is not valid JSON`],
      [`["${d}"]`.replace('[', '{'), `${SETTING} starts like a JWK but is not valid JSON`],
    ];
    for (const [key, expected] of cases) {
      const message = errorOf(withKey(key));
      expect(message).toContain(expected);
      expect(echoedParts(message, d)).toEqual([]);
      expect(echoedParts(message, key.replace(/"(kty|RSA|EC|n|e|d|p|q|dp|dq|qi|crv|x|y|P-256|oct|k)"/g, ''))).toEqual([]);
    }
  });

  it('says a PEM is unreadable without quoting any of it', () => {
    const body = PEM.split('\n').slice(1, -2).join('\n');
    const cut = PEM.slice(0, PEM.length / 2) + '\n-----END PRIVATE KEY-----\n';
    const garbled = PEM.replace(body.slice(40, 80), 'Zq7SecretDvalueXk3pLm9WbT4yHn2Rf8Jc6Vg1Ua5O');
    for (const key of [cut, garbled, '-----BEGIN PRIVATE KEY-----\nZq7SecretDvalueXk3pLm9WbT4yHn2Rf8\n-----END PRIVATE KEY-----']) {
      const message = errorOf(withKey(key));
      expect(message).toContain(`${SETTING} is not a readable PEM private key`);
      expect(echoedParts(message, key.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, ''))).toEqual([]);
    }
  });

  it('refuses a PEM key of a type the SDK cannot sign with, naming the type only', () => {
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(errorOf(withKey(ed))).toBe(`${SETTING} is a PEM ed25519 key; the Okta SDK signs with RSA or EC keys`);
  });
});

describe('privateKeySecrets', () => {
  it("gives the key and each of its secret parts, so a message quoting one JWK member or PEM line is redacted", () => {
    const jwk = JSON.stringify(RSA_JWK);
    expect(privateKeySecrets(jwk)).toEqual([jwk, RSA_JWK.d, RSA_JWK.p, RSA_JWK.q, RSA_JWK.dp, RSA_JWK.dq, RSA_JWK.qi]);
    const lines = privateKeySecrets(PEM);
    expect(lines[0]).toBe(PEM);
    expect(lines.slice(1).join('')).toBe(PEM.replace(/-----[A-Z ]+-----|\n/g, ''));
  });
});
