import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { CapturingLogger } from '@orgsync/test-utils';
import { readGithubOrgProviderConfig } from './config';
import { createGithubOrgEntityProviders } from './createGithubOrgEntityProviders';

type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

const PATH = 'catalog.providers.githubOrg';
const provider = { id: 'main', githubUrl: 'https://ghe.example.com', orgs: ['acme'] };
const integration = { host: 'ghe.example.com', apiBaseUrl: 'https://ghe.example.com/api/v3', token: 'ghp_secret' };

/** Builds the providers as the module's init does, from a whole app config. */
function build(githubOrg: unknown, integrations: unknown[] = [integration], logger = new CapturingLogger()) {
  const config = new ConfigReader({ integrations: { github: integrations }, catalog: { providers: { githubOrg } } } as JsonObject);
  return createGithubOrgEntityProviders({
    config,
    logger,
    scheduler: mockServices.scheduler.mock(),
    database: mockServices.database.mock(),
  });
}

const warnings = (logger: CapturingLogger) => logger.lines.filter(l => l.level === 'warn').map(l => l.message);

describe('unknown keys', () => {
  it('a misspelt provider key fails, naming it and the key probably meant', () => {
    const { orgs, ...rest } = provider;
    expect(() => build({ ...rest, orgz: orgs })).toThrow(`${PATH}.orgz is not a setting of this provider (did you mean orgs?)`);
    expect(() => build([provider, { ...provider, id: 'second', requestTimout: 'PT5S' }])).toThrow(
      `${PATH}[1].requestTimout is not a setting of this provider (did you mean requestTimeout?)`,
    );
  });

  it('a misspelt page size or default transformer key fails, naming its full path', () => {
    expect(() => build({ ...provider, pageSizes: { team: 10 } })).toThrow(`${PATH}.pageSizes.team is not a page size (did you mean teams?)`);
    expect(() => build({ ...provider, defaultUserTransformer: { useVerifiedEmail: true } })).toThrow(
      `${PATH}.defaultUserTransformer.useVerifiedEmail is not a setting of defaultUserTransformer (did you mean useVerifiedEmails?)`,
    );
  });

  it('a misspelt or mistyped events setting fails, naming its full path', () => {
    expect(() => build({ ...provider, events: { enable: false } })).toThrow(`${PATH}.events.enable is not a setting of events (enabled, batchTeamChanges, poll) for GitHub (did you mean enabled?)`);
    expect(() => build({ ...provider, events: { push: { maxBodyBytes: 4096 } } })).toThrow(`${PATH}.events.push is not a setting of events (enabled, batchTeamChanges, poll) for GitHub`);
    expect(() => build({ ...provider, events: { enabled: 'no' } })).toThrow(`${PATH}.events.enabled must be true or false, got "no"`);
  });

  it("the official module's keys this module ignores start with a warning naming the key", () => {
    const logger = new CapturingLogger();
    expect(build({ ...provider, experimental_checkForSuspendedUsersWithRest: true }, [integration], logger)).toHaveLength(1);
    expect(warnings(logger)).toEqual([
      `${PATH}.experimental_checkForSuspendedUsersWithRest is a setting of the official github-org module that this module does not implement; it is ignored`,
    ]);
  });

  it("every key of ours, of the official module and of the engine is accepted without a warning", () => {
    const logger = new CapturingLogger();
    const everything = {
      ...provider,
      schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
      pageSizes: { organizationMembers: 50, teams: 20, teamMembers: 50 },
      excludeSuspendedUsers: true,
      useVerifiedEmails: true,
      defaultUserTransformer: { useVerifiedEmails: true },
      concurrency: 3,
      namespaceGroupsByOrg: false,
      namespace: 'github',
      naming: { users: 'login', groups: 'name' },
      groupType: 'team',
      incremental: { enabled: false },
      guard: { maxUserRemovalShare: 0.2 },
      requestTimeout: { seconds: 30 },
      allowInsecureHttp: false,
      events: { enabled: true, poll: { interval: { seconds: 10 } } },
    };
    expect(build(everything, [integration], logger)).toHaveLength(1);
    expect(warnings(logger)).toEqual([]);
  });
});

describe('the API base URL', () => {
  const onHttp = (apiBaseUrl: string, host = 'ghe.example.com') => [{ ...integration, host, apiBaseUrl }];

  it('refuses an http: API base URL that is not on this machine, naming the integration setting and the opt-in', () => {
    const integrations = [{ host: 'github.com', token: 'other' }, ...onHttp('http://ghe.example.com/api/v3')];
    expect(() => build(provider, integrations)).toThrow(
      'integrations.github[1].apiBaseUrl is an http: URL (http://ghe.example.com): the IdP\'s credentials would travel in clear text. ' +
        `Use https:, or set ${PATH}.allowInsecureHttp: true`,
    );
  });

  it('accepts http: on a loopback address, or anywhere once the provider opts in', () => {
    expect(build({ ...provider, githubUrl: 'http://127.0.0.1:8080' }, onHttp('http://127.0.0.1:8080/api/v3', '127.0.0.1:8080'))).toHaveLength(1);
    expect(build({ ...provider, githubUrl: 'http://localhost:8080' }, onHttp('http://localhost:8080/api/v3', 'localhost:8080'))).toHaveLength(1);
    expect(build({ ...provider, allowInsecureHttp: true }, onHttp('http://ghe.example.com/api/v3'))).toHaveLength(1);
  });

  it('refuses a requestTimeout outside 1 second to 1 hour, naming it', () => {
    expect(() => build({ ...provider, requestTimeout: { days: 30 } })).toThrow(`${PATH}.requestTimeout must be a duration from 1 second to 1 hour`);
  });
});

describe('identity claims, derived from linkTo', () => {
  const read = (extra: Record<string, unknown>) => readGithubOrgProviderConfig(new ConfigReader({ ...provider, ...extra }), 'main', PATH).identityClaims;

  it('are off without linkTo, and read SAML identities when linkTo.match has saml or is not set (the default rules have it)', () => {
    expect(read({})).toBeUndefined();
    expect(read({ linkTo: { peopleSource: 'okta.main' } })).toEqual({ saml: true });
    expect(read({ linkTo: { peopleSource: 'okta.main', match: ['saml', 'verifiedEmail'] } })).toEqual({ saml: true });
    expect(read({ linkTo: { peopleSource: 'okta.main', match: ['verifiedEmail', 'mapping'] } })).toEqual({ saml: false });
  });
});
