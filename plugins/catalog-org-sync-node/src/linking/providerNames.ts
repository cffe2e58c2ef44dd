/** Provider names by config path (`catalog.providers.okta.main` → `OktaOrgEntityProvider:main`), as the modules of this process created them. */
const byConfigPath = new Map<string, string>();
/** Who waits for which provider's next applied run (linked providers whose people source had not applied yet). */
const waiting = new Set<{ source: string; wake: () => void }>();

/** Notes a provider's name under its config path, so `linkTo.peopleSource` can name it the way it is configured. */
export function noteProviderName(configPath: string, providerName: string): void {
  byConfigPath.set(configPath, providerName);
  byConfigPath.set(configPath.replace(/^catalog\.providers\./, ''), providerName);
}

/** The provider name `linkTo.peopleSource` means: a config path (with or without `catalog.providers.`), or a provider name as it is. */
export function resolveProviderName(source: string): string {
  return byConfigPath.get(source) ?? byConfigPath.get(`catalog.providers.${source}`) ?? source;
}

/** Calls `wake` once, after the next run of `source` (as configured) applies in this process. */
export function wakeAfterApplied(source: string, wake: () => void): void {
  for (const entry of waiting) if (entry.source === source && entry.wake === wake) return;
  waiting.add({ source, wake });
}

/** A provider applied a run: wakes whoever waits for it. */
export function announceApplied(providerName: string): void {
  for (const entry of [...waiting]) {
    if (resolveProviderName(entry.source) !== providerName) continue;
    waiting.delete(entry);
    entry.wake();
  }
}
