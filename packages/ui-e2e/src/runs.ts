import type { StoppableEmulator } from '@orgsync/test-utils';
import { waitFor } from '@orgsync/test-utils';
import type { UiBackend } from './uiBackend';

/** A run as the operations API lists it (the fields the tests read). */
export interface ListedRun {
  runId: string;
  outcome: string;
  trigger: string;
  counts: Record<string, number>;
  guard?: { planId: string; removedUsers: string[] };
  acceptances?: Array<{ planId: string; by: string; outcome: string }>;
}

/** The provider's newest run, if it has run. */
async function newestRun(backend: UiBackend<StoppableEmulator>, provider: string): Promise<ListedRun | undefined> {
  return (await backend.orgSync<{ items: ListedRun[] }>(`/providers/${encodeURIComponent(provider)}/runs?limit=1`)).items[0];
}

/** The provider's newest run once it has this outcome. */
export function latestRun(backend: UiBackend<StoppableEmulator>, provider: string, outcome: string): Promise<ListedRun> {
  return waitFor(`the last run of ${provider} with outcome ${outcome}`, async () => {
    const run = await newestRun(backend, provider);
    return run?.outcome === outcome && run;
  }, { intervalMs: 200 });
}

/** Starts the provider's run through the operations API, as Run now does, and answers that run once it has ended. */
export async function runNow(backend: UiBackend<StoppableEmulator>, provider: string): Promise<ListedRun> {
  const before = (await newestRun(backend, provider))?.runId;
  await backend.orgSync(`/providers/${encodeURIComponent(provider)}/run`, { method: 'POST' });
  return waitFor(`a new run of ${provider}`, async () => {
    const run = await newestRun(backend, provider);
    return run?.runId !== before && run;
  }, { intervalMs: 200 });
}
