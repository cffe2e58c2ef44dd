import type { BatchRunner } from '../client/batchRunner';
import { errorText } from '../client/graphErrors';
import { expectOk } from '../client/pages';
import type { MicrosoftGraph } from '../transform/types';

/**
 * Puts the tenant's organization object in a batch that is about to run, so
 * it costs no request of its own; returns how to get it once the batch ran.
 */
export function enqueueOrganization(runner: BatchRunner, tenantId: string): () => MicrosoftGraph.Organization | undefined {
  let organization: MicrosoftGraph.Organization | undefined;
  const url = `/organization/${encodeURIComponent(tenantId)}`;
  runner.enqueue(url, response => {
    expectOk(url, response);
    const body = response.body as MicrosoftGraph.Organization | undefined;
    // Without its id the tenant's root group would be dropped from the catalog.
    if (typeof body?.id !== 'string') throw new Error(`Error while reading ${url} from Microsoft Graph: the answer is not an organization (${errorText(body)})`);
    organization = body;
  });
  return () => organization;
}
