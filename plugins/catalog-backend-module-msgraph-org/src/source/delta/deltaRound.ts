import type { BatchRunner, InnerResponse } from '../../client/batchRunner';
import { errorText, expectOk } from '../../client/batchRunner';
import { relativeLink } from '../readUsers';

/** One object of a delta page: changed properties, `@removed`, and for groups `members@delta`. */
export type DeltaItem = Record<string, unknown> & {
  id?: string;
  '@removed'?: { reason?: string };
  'members@delta'?: Array<{ id?: string; '@odata.type'?: string; '@removed'?: { reason?: string } }>;
};

/** A delta round once its runner has run: the next delta link, or why Graph refused the round. */
export interface DeltaRound {
  deltaLink?: string;
  refused?: string;
}

interface DeltaPage {
  value?: DeltaItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/**
 * `410 Gone`, or `syncStateNotFound` (which Graph documents as a 400 for
 * expired links), or any other 400 (a link it cannot read): the link cannot
 * be used, and a full read is needed.
 */
function isRefusal(response: InnerResponse): boolean {
  const code = (response.body as { error?: { code?: string } } | undefined)?.error?.code ?? '';
  return response.status === 410 || response.status === 400 || /syncState|resync/i.test(code);
}

/**
 * Follows a delta link (or a `$deltatoken=latest` URL) through `$batch`,
 * page after page in order, handing each page's objects to `onItems`. A
 * refused link ends the round with `refused` set; with `anyFailureRefuses`
 * so does any other error answer (for links that are only nice to have).
 */
export function enqueueDeltaRound(
  runner: BatchRunner,
  start: string,
  target: string,
  onItems: (items: DeltaItem[]) => void,
  options: { anyFailureRefuses?: boolean } = {},
): DeltaRound {
  const round: DeltaRound = {};
  const enqueue = (url: string) =>
    runner.enqueue(url, response => {
      if (isRefusal(response) || (options.anyFailureRefuses && (response.status < 200 || response.status >= 300))) {
        round.refused = `${response.status} ${errorText(response.body)}`;
        return;
      }
      expectOk(url, response);
      const page = response.body as DeltaPage;
      onItems(page.value ?? []);
      if (page['@odata.nextLink']) enqueue(relativeLink(page['@odata.nextLink'], target));
      else if (page['@odata.deltaLink']) round.deltaLink = page['@odata.deltaLink'];
      else throw new Error(`Error while reading ${url} from Microsoft Graph: a delta page with neither a nextLink nor a deltaLink`);
    });
  enqueue(start.startsWith('https://') ? relativeLink(start, target) : start);
  return round;
}
