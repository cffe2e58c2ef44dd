import { ConfigReader } from '@backstage/config';
import { CapturingLogger } from '@orgsync/test-utils';
import { readMicrosoftGraphProviderConfig } from './config';

const PATH = 'catalog.providers.microsoftGraphOrg.main';
const valid = { target: 'https://graph.microsoft.com/v1.0', tenantId: 'contoso.onmicrosoft.com', clientId: 'app', clientSecret: 'very-secret' };

function read(values: Record<string, unknown>, logger = new CapturingLogger()) {
  return readMicrosoftGraphProviderConfig(new ConfigReader(values as ConstructorParameters<typeof ConfigReader>[0]), 'main', PATH, logger);
}

describe('unknown keys', () => {
  test('a misspelt provider key fails, naming it and the key probably meant', () => {
    const { tenantId, ...rest } = valid;
    expect(() => read({ ...rest, tennantId: tenantId })).toThrow(`${PATH}.tennantId is not a setting of this provider (did you mean tenantId?)`);
  });

  test('a misspelt key inside user, group or userGroupMember fails, naming its full path', () => {
    expect(() => read({ ...valid, user: { fliter: "department eq 'Sales'" } })).toThrow(`${PATH}.user.fliter is not a setting of user`);
    expect(() => read({ ...valid, group: { includeSubgroups: true } })).toThrow(`${PATH}.group.includeSubgroups is not a setting of group (did you mean includeSubGroups?)`);
    expect(() => read({ ...valid, userGroupMember: { paths: 'groups' } })).toThrow(`${PATH}.userGroupMember.paths is not a setting of userGroupMember (did you mean path?)`);
  });

  test("the official processor form's keys are ignored with a warning naming the key to use", () => {
    const logger = new CapturingLogger();
    const config = read({ ...valid, userFilter: "department eq 'Sales'", groupSelect: ['id'] }, logger);
    expect(config.userFilter).toBeUndefined();
    expect(config.groupSelect).toBeUndefined();
    const warnings = logger.lines.filter(l => l.level === 'warn').map(l => l.message);
    expect(warnings).toEqual([
      expect.stringContaining(`${PATH}.userFilter is a setting of the official module's processor form`),
      expect.stringContaining(`use ${PATH}.group.select`),
    ]);
  });

  test("every key of ours, of the official module's provider and of the engine is accepted", () => {
    const logger = new CapturingLogger();
    const config = read(
      {
        ...valid,
        authority: 'https://login.microsoftonline.com',
        queryMode: 'advanced',
        user: { filter: 'a', search: '"displayName:a"', select: ['id'], expand: 'manager', path: 'users', loadPhotos: false, photoSize: '48x48' },
        group: { filter: 'b', search: '"displayName:b"', select: ['id'], expand: 'members', path: 'groups', includeSubGroups: true },
        concurrency: 2,
        includeGuests: false,
        includeDisabled: true,
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 50 } },
        namespace: 'entra',
        naming: { users: 'upn' },
        groupType: 'team',
        incremental: { enabled: false },
        guard: {},
        requestTimeout: { seconds: 5 },
      },
      logger,
    );
    expect(config).toMatchObject({ concurrency: 2, photoSize: '48x48', requestTimeoutMs: 5000 });
    expect(logger.lines).toEqual([]);
  });
});

describe('URLs', () => {
  test('an http: target is refused, naming the key, on a loopback address and with allowInsecureHttp too', () => {
    expect(() => read({ ...valid, target: 'http://graph.example.com/v1.0' })).toThrow(`${PATH}.target is an http: URL (http://graph.example.com)`);
    expect(() => read({ ...valid, target: 'http://127.0.0.1:8080/v1.0' })).toThrow(`${PATH}.target is an http: URL`);
    expect(() => read({ ...valid, target: 'http://graph.example.com/v1.0', allowInsecureHttp: true })).toThrow(
      /target is an http: URL .*neither a loopback address nor allowInsecureHttp makes http: usable/,
    );
  });

  test('an http: authority is refused, naming the key', () => {
    expect(() => read({ ...valid, authority: 'http://login.example.com' })).toThrow(`${PATH}.authority is an http: URL (http://login.example.com)`);
  });

  test('a target that is not a URL, or of another scheme, is refused', () => {
    expect(() => read({ ...valid, target: 'graph.microsoft.com/v1.0' })).toThrow(`${PATH}.target is not a URL`);
    expect(() => read({ ...valid, target: 'ftp://graph.microsoft.com/v1.0' })).toThrow(`${PATH}.target must be an https: URL, got ftp:`);
  });

  test('allowInsecureHttp with https: URLs is accepted with a warning that it has no effect here', () => {
    const logger = new CapturingLogger();
    read({ ...valid, allowInsecureHttp: true }, logger);
    expect(logger.lines.map(l => l.message)).toEqual([`${PATH}.allowInsecureHttp has no effect on this provider: Microsoft Graph and its token endpoint are reached over https: only`]);
  });
});

describe('requestTimeout', () => {
  test('defaults to 60 s; a duration object or ISO string sets it; outside 1 s to 1 h is refused naming the key', () => {
    expect(read(valid).requestTimeoutMs).toBe(60_000);
    expect(read({ ...valid, requestTimeout: 'PT2S' })).toMatchObject({ requestTimeoutMs: 2000, requestTimeoutSetting: `${PATH}.requestTimeout` });
    expect(() => read({ ...valid, requestTimeout: { days: 30 } })).toThrow(`${PATH}.requestTimeout must be a duration from 1 second to 1 hour`);
  });
});
