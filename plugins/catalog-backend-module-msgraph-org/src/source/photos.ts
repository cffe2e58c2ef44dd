import { createHash } from 'node:crypto';
import type { BatchRunner, InnerResponse } from '../client/batchRunner';
import { errorText } from '../client/graphErrors';

interface CachedPhoto {
  etag?: string;
  hash: string;
  dataUrl: string;
}

/**
 * Users' photos as data URLs, kept between runs. Each run asks once per
 * user, inside `$batch`, with `If-None-Match` when Graph gave an ETag before:
 * an unchanged photo then costs no download (304) and keeps its data URL.
 */
export class PhotoCache {
  private readonly photos = new Map<string, CachedPhoto>();

  /** Number of users with a cached photo. */
  get size(): number {
    return this.photos.size;
  }

  /** Enqueues one request per user; resolves the map of user id → data URL once the runner has run. */
  enqueue(runner: BatchRunner, userIds: string[], size: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const id of userIds) {
      const cached = this.photos.get(id);
      const url = size === 'original' ? `/users/${id}/photo/$value` : `/users/${id}/photos/${size}/$value`;
      runner.enqueue(
        url,
        response => {
          const photo = this.accept(id, url, response);
          if (photo) out.set(id, photo);
        },
        cached?.etag ? { 'If-None-Match': cached.etag } : undefined,
      );
    }
    return out;
  }

  /** Drops users that left (a delta read cannot list everyone who stays). */
  forget(userIds: Iterable<string>): void {
    for (const id of userIds) this.photos.delete(id);
  }

  /** Drops users that no longer exist, so the cache does not grow forever. */
  retainOnly(userIds: Iterable<string>): void {
    const keep = new Set(userIds);
    for (const id of this.photos.keys()) if (!keep.has(id)) this.photos.delete(id);
  }

  private accept(id: string, url: string, response: InnerResponse): string | undefined {
    if (response.status === 304) return this.photos.get(id)?.dataUrl;
    // No photo (404), or no photo of that size (400/404): the user has no picture.
    if (response.status === 404 || response.status === 400) {
      this.photos.delete(id);
      return undefined;
    }
    if (response.status !== 200) {
      throw new Error(`Error while reading ${url} from Microsoft Graph: ${response.status} ${errorText(response.body)}`);
    }
    // Anything but the photo's bytes (an error object in a 200 answer) is an error, not "no photo".
    if (typeof response.body !== 'string') {
      throw new Error(`Error while reading ${url} from Microsoft Graph: the answer is not a photo (${errorText(response.body)})`);
    }
    const base64 = response.body;
    if (!base64) return undefined;
    const hash = createHash('sha256').update(base64).digest('hex');
    const cached = this.photos.get(id);
    if (cached && cached.hash === hash) {
      cached.etag = headerOf(response, 'etag') ?? cached.etag;
      return cached.dataUrl;
    }
    const contentType = (headerOf(response, 'content-type') ?? 'image/jpeg').split(';')[0];
    const entry = { etag: headerOf(response, 'etag'), hash, dataUrl: `data:${contentType};base64,${base64}` };
    this.photos.set(id, entry);
    return entry.dataUrl;
  }
}

/** A response header by name, whatever its case (batch responses name them `ETag`, `Content-Type`). */
function headerOf(response: InnerResponse, name: string): string | undefined {
  const found = Object.entries(response.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return found?.[1];
}
