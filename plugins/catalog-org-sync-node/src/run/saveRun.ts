import { encodePreviousRead } from '../state/ProviderStateStore';
import type { LinkPlan } from '../linking/AccountLinker';
import { logLinkReport, logStillLinked } from '../linking/linkReport';
import { defaultIncrementalReadOptions } from '../config/incremental';
import type { Cursor } from './plan';
import type { ProviderContext } from './ProviderContext';
import type { RunReport } from './RunReport';

/** Notes the apply and keeps the cursor (or forgets the old one); a cursor failure only costs the next run a full read. */
export async function saveRun(provider: ProviderContext, cursor: Cursor | undefined): Promise<void> {
  const { name, options } = provider;
  const store = options.stateStore;
  await store.markApplied(name, new Date().toISOString());
  if (!cursor) return;
  try {
    if (cursor.value !== undefined && (options.incremental ?? defaultIncrementalReadOptions).enabled) {
      await store.savePreviousRead(name, await encodePreviousRead({ cursor: cursor.value, readAt: cursor.readAt, fullReadAt: cursor.fullReadAt }));
    } else {
      await store.clearPreviousRead(name);
    }
  } catch (error) {
    provider.logger.warn(`${name}: cannot save the cursor, the next run reads everything: ${provider.describe(error)}`);
    await store.clearPreviousRead(name).catch(() => undefined);
  }
}

/** Keeps the links of an applied run and has the catalog process the people whose accounts changed. */
export async function saveLinks(provider: ProviderContext, links: LinkPlan | undefined): Promise<void> {
  if (!links || !provider.linker) return;
  await provider.linker.save(links);
  logLinkReport(provider.logger, provider.name, links.report);
  if (!links.changedPeople.length || !provider.refreshEntities) return;
  await provider
    .refreshEntities(links.changedPeople)
    .catch(error =>
      provider.logger.warn(`${provider.name}: cannot ask the catalog to process linked people again (they follow at its processing interval): ${provider.describe(error)}`),
    );
}

/** People this run removed who still hold accounts of linked sources: the offboarding gap, said out loud. */
export async function reportStillLinked(provider: ProviderContext, report: RunReport, removed: string[]): Promise<void> {
  const people = removed.filter(ref => ref.startsWith('user:'));
  if (!provider.links || !people.length) return;
  try {
    const still = await provider.links.linkedTo(people);
    if (!still.length) return;
    report.result.stillLinked = still.map(l => ({ person: l.personRef!, account: l.accountLogin ?? l.accountId, where: l.where ?? l.linkedProvider }));
    logStillLinked(provider.logger, provider.name, report.result.stillLinked);
  } catch (error) {
    provider.logger.warn(`${provider.name}: cannot look up the linked accounts of people who left: ${provider.describe(error)}`);
  }
}
