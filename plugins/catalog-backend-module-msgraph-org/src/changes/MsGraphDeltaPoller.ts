import type { JsonValue, OrgChangeHints, OrgChangePoller } from '@orgsync/plugin-catalog-org-sync-node';
import { latestDeltaUrls, readShapeKey } from '../source/delta/deltaQueries';
import { deltaBounds, enqueueDeltaRound, type DeltaItem } from '../source/delta/deltaRound';
import { isGraphId } from '../source/graphIds';
import type { MsGraphOrgSource } from '../source/MsGraphOrgSource';
import type { ReadContext } from '../source/readUsers';

/** Bumped when the poller's cursor changes meaning: an older one starts from now again. */
const POLL_CURSOR_VERSION = 1;

/** The poller's own delta links (not the scheduled read's), kept by the engine. */
interface PollCursor {
  version: number;
  key: string;
  users: string;
  groups: string;
}

/**
 * Polls the users and groups delta queries with links of its own: the ids
 * of the objects in a round become hints (the engine re-reads them). One
 * `$batch` holds both rounds, so a poll with no change is one request. The
 * first poll (or one after the read settings changed) asks for links of "now"
 * (`$deltatoken=latest`: a delta without a token would list the whole tenant)
 * and returns no hints; a link Graph refuses gives a `resync` hint and fresh links.
 */
export class MsGraphDeltaPoller implements OrgChangePoller {
  readonly label = 'Graph delta poll';
  constructor(private readonly source: MsGraphOrgSource) {}

  poll({ cursor, signal }: { cursor?: JsonValue; signal: AbortSignal }): Promise<{ hints: OrgChangeHints; cursor: JsonValue }> {
    return this.source.withGraph(signal, async ctx => {
      const key = readShapeKey(ctx.config);
      const saved = usable(cursor, key);
      if (!saved) return { hints: {}, cursor: await latest(ctx, key) };
      const read = await round(ctx, saved);
      if ('refused' in read) {
        return { hints: { resync: `Microsoft Graph refused the poller's delta link (${read.refused})` }, cursor: await latest(ctx, key) };
      }
      return { hints: read.hints, cursor: { version: POLL_CURSOR_VERSION, key, ...read.links } };
    });
  }
}

function usable(cursor: JsonValue | undefined, key: string): PollCursor | undefined {
  const c = cursor as Partial<PollCursor> | null | undefined;
  const ok = c && typeof c === 'object' && c.version === POLL_CURSOR_VERSION && c.key === key && typeof c.users === 'string' && typeof c.groups === 'string';
  return ok ? (c as PollCursor) : undefined;
}

/** Delta links of "now", in one `$batch`. */
async function latest(ctx: ReadContext, key: string): Promise<JsonValue> {
  const urls = latestDeltaUrls(ctx.config);
  const read = await round(ctx, urls);
  if ('refused' in read) throw new Error(`Microsoft Graph refused a delta query from now ($deltatoken=latest): ${read.refused}`);
  return { version: POLL_CURSOR_VERSION, key, ...read.links };
}

/** Both rounds in one `$batch` (more only when changes span pages): the ids they name and the next links. */
async function round(ctx: ReadContext, links: { users: string; groups: string }): Promise<{ hints: OrgChangeHints; links: { users: string; groups: string } } | { refused: string }> {
  const users = new Set<string>();
  const groups = new Set<string>();
  const collect = (into: Set<string>) => (items: DeltaItem[]) => {
    for (const item of items) if (isGraphId(item.id)) into.add(item.id);
  };
  const runner = ctx.batches();
  const common = { target: ctx.config.target };
  const u = enqueueDeltaRound(runner, links.users, { ...common, what: 'the users delta (poll)', maxItems: deltaBounds(ctx).users, onItems: collect(users) });
  const g = enqueueDeltaRound(runner, links.groups, { ...common, what: 'the groups delta (poll)', maxItems: deltaBounds(ctx).groups, onItems: collect(groups) });
  await runner.run();
  if (u.refused || g.refused) return { refused: (u.refused ?? g.refused)! };
  const hints: OrgChangeHints = {};
  if (users.size) hints.users = [...users];
  if (groups.size) hints.groups = [...groups];
  return { hints, links: { users: u.deltaLink!, groups: g.deltaLink! } };
}
