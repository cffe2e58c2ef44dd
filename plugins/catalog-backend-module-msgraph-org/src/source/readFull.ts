import { enqueueOrganization } from './organization';
import { latestDeltaUrls } from './delta/deltaQueries';
import { deltaBounds, enqueueDeltaRound, type DeltaRound } from './delta/deltaRound';
import { readPhotos, wantsPhoto } from './photoStep';
import type { PhotoCache } from './photos';
import { readGroupsWithMembers } from './readGroups';
import { readUserList, readUsersInGroups, usesGroupMemberMode, type ReadContext } from './readUsers';
import type { TenantState } from './tenant';

export interface FullRead {
  state: TenantState;
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

  const users = usesGroupMemberMode(config) ? await readUsersInGroups(ctx) : await readUserList(ctx);
  const groups = await readGroupsWithMembers(ctx);
  const state: TenantState = { organization: organization(), users: new Map(), photos: new Map(), groups: new Map() };
  for (const user of users) if (user.id) state.users.set(user.id, user);
  for (const entry of groups) state.groups.set(entry.group.id!, entry);

  if (config.loadUserPhotos !== false) {
    const wanted = [...state.users.values()].filter(u => wantsPhoto(u, config)).map(u => u.id!);
    state.photos = await readPhotos(ctx, photoCache, wanted);
    photoCache.retainOnly(wanted);
  }

  if (!rounds) return { state };
  const { users: u, groups: g } = rounds;
  if (u.deltaLink && g.deltaLink) return { state, links: { users: u.deltaLink, groups: g.deltaLink } };
  return { state, noLinks: u.refused ?? g.refused ?? 'no delta link in the answer' };
}
