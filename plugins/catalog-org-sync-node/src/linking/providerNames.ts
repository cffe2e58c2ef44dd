/** Provider names by config path (`catalog.providers.okta.main` → `OktaOrgEntityProvider:main`), as the modules of this process created them. */
const byConfigPath = new Map<string, string>();

/** Notes a provider's name under its config path, so `linkTo.peopleSource` can name it the way it is configured. */
export function noteProviderName(configPath: string, providerName: string): void {
  byConfigPath.set(configPath, providerName);
  byConfigPath.set(configPath.replace(/^catalog\.providers\./, ''), providerName);
}

/** The provider name `linkTo.peopleSource` means: a config path (with or without `catalog.providers.`), or a provider name as it is. */
export function resolveProviderName(source: string): string {
  return byConfigPath.get(source) ?? byConfigPath.get(`catalog.providers.${source}`) ?? source;
}
