import type { MapOptions } from '../mapping/mapSnapshot';
import type { AccountLinker, LinkPlan } from '../linking/AccountLinker';
import type { ProviderContext } from './ProviderContext';
import type { RunReport } from './RunReport';
import type { RunResult } from './runResult';

/** Ends a run whose accounts cannot be linked: nothing applied. */
export type LinkingFailed = { failed: (report: RunReport) => Promise<RunResult> };

/** The links a run would leave (none when the provider links no accounts), or the run's end when they cannot be worked out. */
export async function planLinks(provider: ProviderContext, plan: (linker: AccountLinker) => Promise<LinkPlan>): Promise<LinkPlan | LinkingFailed | undefined> {
  if (!provider.linker) return undefined;
  try {
    return await plan(provider.linker);
  } catch (error) {
    return { failed: report => linkingFailed(provider, report, error) };
  }
}

/** Mapping options for linked accounts: they join people instead of becoming Users of their own. */
export function linkedMapping(provider: ProviderContext, links: LinkPlan | undefined): Partial<MapOptions> {
  return links ? { linkedUsers: links.linkedUsers, keepLinkedUsers: provider.options.linking?.keepLinkedUsers } : {};
}

function linkingFailed(provider: ProviderContext, report: RunReport, error: unknown): Promise<RunResult> {
  const message = provider.describe(error);
  const line = `${provider.name}: cannot link accounts to people, nothing applied, the catalog keeps what it had: ${message}`;
  // Typically the people source has not applied its first run yet: run again as soon as it has, not an interval later.
  report.noteFailure(message, line);
  provider.runAgainAfterPeopleSource();
  return report.finish();
}
