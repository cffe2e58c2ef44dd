import { enqueueListing } from '../../client/batchListing';
import type { BatchRunner, InnerResponse } from '../../client/batchRunner';
import { relativeLink } from '../../client/collections';
import { errorText } from '../../client/graphErrors';
import type { ReadContext } from '../readUsers';

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
 * Most objects a delta round may return. A group with many member changes
 * comes as several objects, so the groups round is bounded by groups and
 * users together.
 */
export function deltaBounds(ctx: Pick<ReadContext, 'bounds'>): { users: number; groups: number } {
  return { users: ctx.bounds.maxUsers, groups: ctx.bounds.maxGroups + ctx.bounds.maxUsers };
}

/** A 2xx answer holding a list of objects. */
function isPage(response: InnerResponse): boolean {
  const ok = response.status >= 200 && response.status < 300;
  return ok && Array.isArray((response.body as { value?: unknown } | null | undefined)?.value);
}

/**
 * Follows a delta link (or a `$deltatoken=latest` URL) through `$batch`,
 * page after page in order, handing each page's objects to `onItems`. A
 * refused link ends the round with `refused` set; with `anyFailureRefuses`
 * so does any other error answer (for links that are only nice to have).
 * A page linking back to one already read, or more than `maxItems` objects,
 * fails the run (`PagingError`).
 */
export function enqueueDeltaRound(
  runner: BatchRunner,
  start: string,
  options: { what: string; maxItems: number; target: string; onItems: (items: DeltaItem[]) => void; anyFailureRefuses?: boolean },
): DeltaRound {
  const round: DeltaRound = {};
  enqueueListing<DeltaItem>(runner, start.startsWith('https://') ? relativeLink(start, options.target) : start, {
    what: options.what,
    maxItems: options.maxItems,
    target: options.target,
    onItems: options.onItems,
    endsWithout: response => {
      const refused = isRefusal(response) || (options.anyFailureRefuses && !isPage(response));
      if (refused) round.refused = `${response.status} ${errorText(response.body)}`;
      return !!refused;
    },
    onEnd: last => {
      if (!last.deltaLink) throw new Error(`Error while reading ${options.what} from Microsoft Graph: its last page has neither a nextLink nor a deltaLink`);
      round.deltaLink = last.deltaLink;
    },
  });
  return round;
}
