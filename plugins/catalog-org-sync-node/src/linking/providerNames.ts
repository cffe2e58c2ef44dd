/**
 * The org providers of one backend by the config path they were made from (`catalog.providers.okta.main` →
 * `okta:main`), and who waits for whose next applied run. One per backend: its org modules share it through the
 * org sync service, so `linkTo.peopleSource` may name a provider of another module.
 */
export class ProviderNames {
  private readonly byConfigPath = new Map<string, string>();
  /** Linked providers whose people source had not applied yet, woken by its next applied run. */
  private readonly waiting = new Set<{ source: string; wake: () => void }>();

  /** Notes a provider's name under its config path, so `linkTo.peopleSource` can name it the way it is configured. */
  note(configPath: string, providerName: string): void {
    this.byConfigPath.set(configPath, providerName);
    this.byConfigPath.set(configPath.replace(/^catalog\.providers\./, ''), providerName);
  }

  /** The provider name `linkTo.peopleSource` means: a config path (with or without `catalog.providers.`), or a provider name as it is. */
  resolve(source: string): string {
    return this.byConfigPath.get(source) ?? this.byConfigPath.get(`catalog.providers.${source}`) ?? source;
  }

  /** Calls `wake` once, after the next run of `source` (as configured) applies in this backend. */
  wakeAfterApplied(source: string, wake: () => void): void {
    for (const entry of this.waiting) if (entry.source === source && entry.wake === wake) return;
    this.waiting.add({ source, wake });
  }

  /** A provider applied a run: wakes whoever waits for it. */
  announceApplied(providerName: string): void {
    for (const entry of [...this.waiting]) {
      if (this.resolve(entry.source) !== providerName) continue;
      this.waiting.delete(entry);
      entry.wake();
    }
  }
}
