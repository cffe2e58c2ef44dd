import { enqueueOrganization } from './organization';
import { latestDeltaUrls } from './delta/deltaQueries';
import { deltaBounds, enqueueDeltaRound, type DeltaRound } from './delta/deltaRound';
import { readPhotos } from './photoStep';
import type { PhotoCache } from './photos';
import { readGroupsWithMembers, type GroupWithMembers } from './readGroups';
import { readUserList, readUsersInGroups, usesGroupMemberMode, type ReadContext } from './readUsers';
import { toUserRecord, type MsGraphSnapshot, type MsGraphUserRecord } from './toRecords';
import { fullRecords } from './tenant';
import type { MicrosoftGraph } from '../transform/types';

export interface FullRead {
  records: MsGraphSnapshot;
  /** Delta links from just before the lists were read; absent when not asked for or Graph gave none (`noLinks` says why). */
  links?: { users: string; groups: string };
  noLinks?: string;
}

/**
 * Reads the whole tenant. With `withDeltaLinks`, first asks Graph for delta
 * links of "now" (`$deltatoken=latest`, in the same `$batch` as the
 * organization: no extra request). Taken before the lists, they make the next
 * incremental read replay whatever changed while the lists were read, which
 * applying again is harmless when the lists already had it.
 *
 * Each page of users becomes records as it arrives (the page itself is let
 * go), and photos go straight onto those records (the photo cache and the
 * record share one string per photo).
 */
export async function readFull(ctx: ReadContext, photoCache: PhotoCache, withDeltaLinks: boolean): Promise<FullRead> {
  const { config } = ctx;
  const runner = ctx.batches();
  const organization = enqueueOrganization(runner, config.tenantId);
  let rounds: { users: DeltaRound; groups: DeltaRound } | undefined;
  if (withDeltaLinks) {
    const urls = latestDeltaUrls(config);
    const round = { target: config.target, onItems: () => undefined, anyFailureRefuses: true };
    rounds = {
      users: enqueueDeltaRound(runner, urls.users, { ...round, what: 'the users delta link', maxItems: deltaBounds(ctx).users }),
      groups: enqueueDeltaRound(runner, urls.groups, { ...round, what: 'the groups delta link', maxItems: deltaBounds(ctx).groups }),
    };
  }
  await runner.run();

  const users = new Map<string, MsGraphUserRecord>();
  const onUsers = (page: MicrosoftGraph.User[]) => {
    for (const user of page) if (user.id) users.set(user.id, toUserRecord(user, config, undefined));
  };
  await (usesGroupMemberMode(config) ? readUsersInGroups(ctx, onUsers) : readUserList(ctx, onUsers));
  const groups = new Map<string, GroupWithMembers>();
  for (const entry of await readGroupsWithMembers(ctx)) groups.set(entry.group.id!, entry);

  if (config.loadUserPhotos !== false) {
    // Only users that become entities get a photo (the others' would never be seen).
    const wanted = [...users.values()].filter(record => record.active).map(record => record.id);
    for (const [id, picture] of await readPhotos(ctx, photoCache, wanted)) users.get(id)!.picture = picture;
    photoCache.retainOnly(wanted);
  }

  const records = fullRecords(organization(), users, groups);
  if (!rounds) return { records };
  const { users: u, groups: g } = rounds;
  if (u.deltaLink && g.deltaLink) return { records, links: { users: u.deltaLink, groups: g.deltaLink } };
  return { records, noLinks: u.refused ?? g.refused ?? 'no delta link in the answer' };
}
