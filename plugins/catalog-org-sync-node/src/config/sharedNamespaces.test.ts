import { ConfigReader } from '@backstage/config';
import { claimNamespace } from './sharedNamespaces';

describe('claimNamespace', () => {
  const logger = () => {
    const warnings: string[] = [];
    return { warnings, logger: { warn: (m: string) => warnings.push(m) } as never };
  };

  it('warns when a second provider of the same backend emits into the same namespace', () => {
    const root = new ConfigReader({});
    const { warnings, logger: log } = logger();
    claimNamespace(root, undefined, 'catalog.providers.okta.main', log);
    claimNamespace(root, 'entra', 'catalog.providers.microsoftGraphOrg.main', log);
    expect(warnings).toEqual([]);
    claimNamespace(root, 'Default', 'catalog.providers.githubOrg[0]', log);
    expect(warnings).toEqual([
      'catalog.providers.githubOrg[0] emits into namespace "default", as catalog.providers.okta.main does: where their entity names match, the catalog keeps ' +
        "the first provider's entity and refuses the other's (each run reports the refused refs). Give each provider its own namespace unless their names cannot overlap.",
    ]);
  });

  it('keeps backends apart (one per root config)', () => {
    const { warnings, logger: log } = logger();
    claimNamespace(new ConfigReader({}), 'okta', 'catalog.providers.okta.main', log);
    claimNamespace(new ConfigReader({}), 'okta', 'catalog.providers.okta.main', log);
    expect(warnings).toEqual([]);
  });
});
