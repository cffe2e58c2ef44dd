import { ConfigReader } from '@backstage/config';
import { checkIdpUrl } from './idpUrl';
import { checkCommonNestedKeys, checkKnownKeys } from './knownKeys';

describe('checkIdpUrl', () => {
  it('accepts https and loopback http', () => {
    for (const url of ['https://acme.okta.com', 'http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:80']) {
      expect(checkIdpUrl(url, 'x.orgUrl').href).toBe(new URL(url).href);
    }
  });

  it('refuses http to another host unless opted in, naming the setting and the opt-in', () => {
    expect(() => checkIdpUrl('http://okta.internal', 'catalog.providers.okta.main.orgUrl', { optInSetting: 'catalog.providers.okta.main.allowInsecureHttp' })).toThrow(
      'catalog.providers.okta.main.orgUrl is an http: URL (http://okta.internal): the IdP\'s credentials would travel in clear text. Use https:, or set catalog.providers.okta.main.allowInsecureHttp: true',
    );
    expect(checkIdpUrl('http://okta.internal', 'x', { allowInsecureHttp: true }).host).toBe('okta.internal');
    expect(() => checkIdpUrl('ftp://x', 'x.target')).toThrow('x.target must be an https: URL, got ftp:');
    expect(() => checkIdpUrl('not a url', 'x.target')).toThrow('x.target is not a URL');
  });
});

describe('checkKnownKeys', () => {
  const config = new ConfigReader({ tennantId: 'a', clientId: 'b', somethingElse: 1 });

  it('fails on unknown keys, suggesting the close one', () => {
    expect(() => checkKnownKeys(config, ['tenantId', 'clientId'], 'catalog.providers.microsoftGraphOrg.main', { onUnknown: 'fail' })).toThrow(
      'catalog.providers.microsoftGraphOrg.main.tennantId is not a setting of this provider (did you mean tenantId?); catalog.providers.microsoftGraphOrg.main.somethingElse is not a setting of this provider. Known settings: tenantId, clientId',
    );
  });

  it('or warns and goes on', () => {
    const warnings: string[] = [];
    const logger = { warn: (m: string) => warnings.push(m) } as never;
    expect(checkKnownKeys(config, ['tenantId', 'clientId'], 'p', { onUnknown: 'warn', logger })).toHaveLength(2);
    expect(warnings[0]).toBe('p.tennantId is not a setting of this provider (did you mean tenantId?); it is ignored');
  });
});

describe('checkCommonNestedKeys', () => {
  it('fails on a typo inside guard, naming the full path and the meant key', () => {
    const config = new ConfigReader({ guard: { maxUserRemovalShar: 0.2 }, naming: { users: 'email' } });
    expect(() => checkCommonNestedKeys(config, 'catalog.providers.okta.main')).toThrow(
      'catalog.providers.okta.main.guard.maxUserRemovalShar is not a setting of this provider (did you mean maxUserRemovalShare?)',
    );
  });

  it('suggests a key with two letters swapped', () => {
    expect(() => checkKnownKeys(new ConfigReader({ fliter: 'x' }), ['filter', 'search'], 'p.user', { onUnknown: 'fail' })).toThrow('p.user.fliter is not a setting of this provider (did you mean filter?)');
  });
});
