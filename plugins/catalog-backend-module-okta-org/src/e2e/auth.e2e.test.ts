import { startOktaEmulator } from '@orgsync/idp-emulators';
import { generateKeyPairSync } from 'node:crypto';
import { catalogPicture, processedEntities, providerConfig, useOktaFixture } from '../__testing__/harness';

describe('Okta org provider: OAuth service app (private_key_jwt)', () => {
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const fixture = useOktaFixture({
    // Short-lived tokens and slow answers: the access token expires during every run.
    emulator: () => startOktaEmulator({ generate: { users: 200, groups: 30, seed: 5 }, accessTokenTtlSeconds: 1, latencyMs: 80 }),
    providers: okta => ({
      main: providerConfig(okta, { concurrency: 2 }, 'oauth'),
      wrongkey: providerConfig(okta, { oauth: { clientId: okta.info.oauth.clientId, keyId: okta.info.oauth.keyId, privateKey: otherKey } }, 'oauth'),
    }),
  });

  it('reads the whole org although the access token expires mid-run', async () => {
    fixture.emulator.server.resetCounters();
    const result = await fixture.provider('main').run();
    expect(result.error).toBeUndefined();
    const users = fixture.emulator.org.users().filter(u => u.status !== 'DEPROVISIONED');
    expect(result.counts).toMatchObject({ users: users.length, groups: 30 });
    const counters = fixture.emulator.server.counters();
    expect(counters.byRoute['POST /oauth2/v1/token']).toBeGreaterThanOrEqual(2);
    expect(counters.byStatus['401']).toBeGreaterThanOrEqual(1);
    await processedEntities(fixture.catalog, 'org-sync:okta:main', users.length + 30);
  });

  it('fails with an error naming the OAuth client config when Okta refuses the token, without the key, and applies nothing', async () => {
    const result = await fixture.provider('wrongkey').run();
    expect(result.outcome).toBe('read-failed');
    expect(result.error).toContain(
      `Okta refused an access token for catalog.providers.okta.wrongkey.oauth (clientId "${fixture.emulator.info.oauth.clientId}", keyId "${fixture.emulator.info.oauth.keyId}"`,
    );
    expect(result.error).toMatch(/HTTP 401 invalid_client/);
    expect(result.error).not.toContain('PRIVATE KEY');
    expect(fixture.logger.text()).toContain('okta:wrongkey: read failed, nothing applied');
    expect(fixture.logger.text()).not.toContain(otherKey.split('\n')[1]);
    expect(await catalogPicture(fixture.catalog, 'org-sync:okta:wrongkey')).toEqual({});
  });
});
