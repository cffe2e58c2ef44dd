import { enqueueOrganization } from './organization';
import { applyGroupDelta, applyUserDelta } from './delta/applyDelta';
import type { DeltaCursor } from './delta/cursor';
import { deltaBounds, enqueueDeltaRound, type DeltaItem } from './delta/deltaRound';
import { readPhotos, wantsPhoto } from './photoStep';
import type { PhotoCache } from './photos';
import { userSelect, type ReadContext } from './readUsers';
import type { TenantState } from './tenant';

export type IncrementalRead =
  | { state: TenantState; links: { users: string; groups: string } }
  /** Graph refused a delta link (expired, reset): nothing was applied, a full read is needed. */
  | { refused: string };

/**
 * The previous tenant plus what changed since the cursor's delta links: one
 * `$batch` holding the users round, the groups round and the organization
 * (more only when the changes span several pages), then photos of the users
 * that changed. Membership comes from the groups' `members@delta`: no member
 * list is read.
 */
export async function readIncremental(ctx: ReadContext, photoCache: PhotoCache, previous: TenantState, cursor: DeltaCursor): Promise<IncrementalRead> {
  const { config } = ctx;
  const userItems: DeltaItem[] = [];
  const groupItems: DeltaItem[] = [];
  const runner = ctx.batches();
  const organization = enqueueOrganization(runner, config.tenantId);
  const users = enqueueDeltaRound(runner, cursor.users, {
    what: 'the users delta',
    maxItems: deltaBounds(ctx).users,
    target: config.target,
    onItems: items => {
      userItems.push(...items);
      ctx.progress('users delta', { users: userItems.length });
    },
  });
  const groups = enqueueDeltaRound(runner, cursor.groups, {
    what: 'the groups delta',
    maxItems: deltaBounds(ctx).groups,
    target: config.target,
    onItems: items => {
      groupItems.push(...items);
      ctx.progress('groups delta', { groups: groupItems.length });
    },
  });
  await runner.run();
  if (users.refused || groups.refused) return { refused: (users.refused ?? groups.refused)! };

  // Rounds are applied only once both are complete, so a failure leaves nothing half-applied.
  const state: TenantState = { ...previous, organization: organization() ?? previous.organization };
  const changed = applyUserDelta(state, userItems, userSelect(config));
  applyGroupDelta(state, groupItems, config.groupSelect?.length ? config.groupSelect : undefined);

  if (config.loadUserPhotos !== false) {
    // Delta does not track photos (stored outside the directory): only users that changed are asked again.
    const wanted = [...changed].filter(id => wantsPhoto(state.users.get(id)!, config));
    for (const id of changed) state.photos.delete(id);
    for (const [id, photo] of await readPhotos(ctx, photoCache, wanted)) state.photos.set(id, photo);
    photoCache.retainOnly([...state.users.values()].filter(u => wantsPhoto(u, config)).map(u => u.id!));
  }
  return { state, links: { users: users.deltaLink!, groups: groups.deltaLink! } };
}
