import type { MicrosoftGraphProviderConfig } from '../config';
import type { MicrosoftGraph } from '../transform/types';
import type { PhotoCache } from './photos';
import type { ReadContext } from './readUsers';
import { toUserRecord } from './toRecords';

/** Users who get a photo: those that become entities (the others' photos would never be seen). */
export function wantsPhoto(user: MicrosoftGraph.User, config: MicrosoftGraphProviderConfig): boolean {
  return toUserRecord(user, config, undefined).active;
}

/** Reads the photos of these users in `$batch` requests; user id → data URL for those who have one. */
export async function readPhotos(ctx: ReadContext, cache: PhotoCache, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const runner = ctx.batches();
  const photos = cache.enqueue(runner, userIds, ctx.config.photoSize);
  await runner.run();
  return photos;
}
