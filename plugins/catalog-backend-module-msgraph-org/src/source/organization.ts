import { expectOk, type BatchRunner } from '../client/batchRunner';
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
    organization = response.body as MicrosoftGraph.Organization;
  });
  return () => organization;
}
