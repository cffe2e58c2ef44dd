import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RunResult } from '@orgsync/plugin-catalog-org-sync-node';
import { declaredProperties, documentedProperties, findLeaks, SECRET_KEY } from './secrets/leaks';
import { TARGETS, type SyncTarget, type TargetOptions } from './targets';
import { startGithubTarget } from './targets/github';
import { startOktaTarget } from './targets/okta';

const ORG = { users: 12, groups: 3, seed: 5 };
const tag = (what: string) => `SECRET-${what}-${crypto.randomBytes(6).toString('hex')}`;
const rsaPem = () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const rsaPkcs1 = () => crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

interface Captured {
  label: string;
  text: string;
}

/** Runs the provider healthy, then against a 500 storm and a 401 on its page, and captures everything an operator or API caller can see. */
async function exercise(label: string, target: SyncTarget, extraRuns: Array<() => void> = []): Promise<Captured[]> {
  const results: Array<RunResult | string> = [];
  const runs: Array<() => void> = [
    () => undefined,
    () => void target.server.faults.add({ kind: 'status', status: 500, route: target.pageRoute, count: 100 }),
    () => void target.server.faults.add({ kind: 'status', status: 401, route: target.pageRoute, count: 100 }),
    ...extraRuns,
  ];
  for (const arrange of runs) {
    target.server.faults.clear();
    arrange();
    try {
      results.push(await target.provider.run({ signal: AbortSignal.timeout(20_000) }));
    } catch (error) {
      results.push(`run threw: ${(error as Error).stack}`);
    }
  }
  target.server.faults.clear();
  const api = target.backend.catalog;
  const bodies = await Promise.all(
    ['/entities', '/entities/by-query?filter=kind=user', '/entities/by-query?filter=kind=group', '/locations', '/entity-facets?facet=metadata.annotations'].map(
      async p => ({ label: `${label} GET ${p}`, text: await (await api.request(p)).text() }),
    ),
  );
  return [
    { label: `${label} log`, text: target.logger.text() },
    { label: `${label} run results`, text: JSON.stringify(results) },
    ...bodies,
  ];
}

describe('secrets never leak', () => {
  it.concurrent.each([
    ['okta (SSWS token)', async () => startOktaTarget({ generate: ORG, auth: 'token', credentials: { token: tag('okta-token') } })],
    ['okta (OAuth private key)', async () => startOktaTarget({ generate: ORG, auth: 'oauth', credentials: { privateKey: rsaPem() } })],
    ['okta (wrong token)', async () => startOktaTarget({ generate: ORG, auth: 'token', providerConfig: { token: tag('okta-wrong-token') } })],
    ['msgraph (client secret)', async () => TARGETS.msgraph({ generate: ORG, credentials: { clientSecret: tag('graph-client-secret') } })],
    ['msgraph (wrong client secret)', async () => TARGETS.msgraph({ generate: ORG, providerConfig: { clientSecret: tag('graph-wrong-secret') } } as TargetOptions)],
    ['github (token)', async () => startGithubTarget({ generate: ORG, auth: 'token', credentials: { token: tag('github-token') } })],
    ['github (App key)', async () => startGithubTarget({ generate: ORG, auth: 'app', credentials: { privateKey: rsaPkcs1(), clientSecret: tag('github-client-secret') } })],
    ['github (wrong token)', async () => startGithubTarget({ generate: ORG, auth: 'token', credentials: { configuredToken: tag('github-wrong-token') } })],
  ] as const)(
    '%s: no secret in logs, errors, run results, entities or catalog API responses, also after failing runs',
    async (label, start) => {
      const target = await start();
      let captured: Captured[];
      const secrets = [...target.secrets];
      try {
        // A configured secret the emulator does not know must be searched for too.
        const wrong = (target.provider as unknown as { options: { secrets?: string[] } }).options.secrets ?? [];
        secrets.push(...wrong);
        captured = await exercise(label, target, [() => target.revokeTokens()]);
      } finally {
        await target.stop();
      }
      expect(secrets.filter(s => s.startsWith('SECRET-') || s.includes('PRIVATE KEY')).length).toBeGreaterThan(0);
      expect(findLeaks(secrets, captured)).toEqual([]);
    },
    90_000,
  );
});

describe('config.d.ts marks every secret @visibility secret', () => {
  const plugins = path.resolve(__dirname, '..', '..', '..', 'plugins');
  const modules = ['catalog-backend-module-okta-org', 'catalog-backend-module-msgraph-org', 'catalog-backend-module-github-org'];

  it.each(modules)('%s', module => {
    const source = fs.readFileSync(path.join(plugins, module, 'config.d.ts'), 'utf8');
    const secretKeys = declaredProperties(source).filter(name => SECRET_KEY.test(name));
    const documented = documentedProperties(source);
    const unmarked = secretKeys.filter(name => !documented.some(d => d.name === name && /@visibility\s+secret/.test(d.doc)));
    expect(unmarked).toEqual([]);
  });

  it('the GitHub credentials the github module reads (integrations.github of @backstage/integration) are secret in its schema', () => {
    const schemaFile = path.join(path.dirname(require.resolve('@backstage/integration/package.json')), 'config.schema.json');
    const github = JSON.parse(fs.readFileSync(schemaFile, 'utf8')).properties.integrations.properties.github.items.properties;
    expect(github.token.visibility).toBe('secret');
    for (const key of ['privateKey', 'clientSecret', 'webhookSecret']) expect(github.apps.items.properties[key].visibility).toBe('secret');
  });
});
