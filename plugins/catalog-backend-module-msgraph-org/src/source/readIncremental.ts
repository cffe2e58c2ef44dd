import { enqueueOrganization } from './organization';
import { groupChanges, userChanges } from './delta/applyDelta';
import type { DeltaCursor } from './delta/cursor';
import { deltaBounds, enqueueDeltaRound, type DeltaItem } from './delta/deltaRound';
import { groupDelta } from './groupDelta';
import { readPhotos, wantsPhoto } from './photoStep';
import type { PhotoCache } from './photos';
import { userSelect, type ReadContext } from './readUsers';
import { toUserRecord, type MsGraphOrgDelta, type MsGraphRecordReader } from './toRecords';

export type IncrementalRead =
  | { delta: MsGraphOrgDelta; links: { users: string; groups: string } }
  /** Graph refused a delta link (expired, reset): nothing was read, a full read is needed. */
  | { refused: string };

/**
 * What changed since the cursor's delta links, as a delta on the stored
 * records: one `$batch` holding the users round, the groups round and the
 * organization (more only when the changes span several pages), then photos
 * of the users that changed. Membership comes from the groups'
 * `members@delta`: no member list is read, and only the records the changes
 * name (plus every stored group, for the hierarchy) are read from the store.
 */
export async function readIncremental(ctx: ReadContext, photoCache: PhotoCache, records: MsGraphRecordReader, cursor: DeltaCursor): Promise<IncrementalRead> {
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

  // Both rounds are complete before anything is built, so a failure leaves nothing half-read.
  const userDelta = await userChanges(records, userItems, userSelect(config));
  const groupDelta_ = await groupChanges(records, groupItems, config.groupSelect?.length ? config.groupSelect : undefined);

  // Delta does not track photos (stored outside the directory): only users that changed are asked again.
  const photos = new Map<string, string>();
  if (config.loadUserPhotos !== false) {
    const wanted = [...userDelta.changed.values()].filter(u => wantsPhoto(u, config)).map(u => u.id!);
    for (const [id, photo] of await readPhotos(ctx, photoCache, wanted)) photos.set(id, photo);
    photoCache.forget([...userDelta.deleted]);
  }
  const delta: MsGraphOrgDelta = {
    users: {
      upserted: [...userDelta.changed.values()].map(user => toUserRecord(user, config, photos.get(user.id!))),
      deleted: [...userDelta.deleted],
    },
    groups: await groupDelta(records, {
      ...groupDelta_,
      users: { upserted: new Set(userDelta.changed.keys()), deleted: userDelta.deleted },
      organization: organization(),
    }),
  };
  return { delta, links: { users: users.deltaLink!, groups: groups.deltaLink! } };
}
