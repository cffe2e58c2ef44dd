import { CapturingLogger } from '@orgsync/test-utils';
import { NamespaceClaims } from './sharedNamespaces';

const warnings = (logger: CapturingLogger) => logger.lines.filter(line => line.level === 'warn').map(line => line.message);

describe('NamespaceClaims', () => {
  it('warns when a second provider of the same backend emits into the same namespace', () => {
    const claims = new NamespaceClaims();
    const logger = new CapturingLogger();
    claims.claim(undefined, 'catalog.providers.okta.main', logger);
    claims.claim('entra', 'catalog.providers.microsoftGraphOrg.main', logger);
    expect(warnings(logger)).toEqual([]);
    claims.claim('Default', 'catalog.providers.githubOrg[0]', logger);
    expect(warnings(logger)).toEqual([
      'catalog.providers.githubOrg[0] emits into namespace "default", as catalog.providers.okta.main does: where their entity names match, the catalog keeps ' +
        "the first provider's entity and refuses the other's (each run reports the refused refs). Give each provider its own namespace unless their names cannot overlap.",
    ]);
  });

  it('keeps backends apart (one set of claims per backend)', () => {
    const logger = new CapturingLogger();
    new NamespaceClaims().claim('okta', 'catalog.providers.okta.main', logger);
    new NamespaceClaims().claim('okta', 'catalog.providers.okta.main', logger);
    expect(warnings(logger)).toEqual([]);
  });
});
