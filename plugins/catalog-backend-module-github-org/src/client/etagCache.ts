/** The parts of an Octokit request that identify it. */
export interface RequestOptionsLike {
  method: string;
  url: string;
  baseUrl?: string;
  headers: Record<string, string | number | undefined>;
  [key: string]: unknown;
}

interface Cached {
  etag: string;
  response: unknown;
}

/**
 * Remembers the ETag and body of REST GETs and sends `If-None-Match`, so an
 * unchanged resource answers 304, which GitHub does not count against the
 * rate limit. Kept per provider across runs.
 */
export class EtagCache {
  private readonly entries = new Map<string, Cached>();

  constructor(private readonly maxEntries = 5000) {}

  async conditional<T>(options: RequestOptionsLike, send: () => Promise<T>, onNotModified: () => void): Promise<T> {
    const key = cacheKey(options);
    const cached = this.entries.get(key);
    if (cached) options.headers['if-none-match'] = cached.etag;
    try {
      const response = await send();
      const etag = (response as { headers?: Record<string, string | undefined> }).headers?.etag;
      if (etag) {
        if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
        this.entries.set(key, { etag, response });
      }
      return response;
    } catch (error) {
      if (cached && (error as { status?: number }).status === 304) {
        onNotModified();
        return cached.response as T;
      }
      throw error;
    }
  }
}

function cacheKey(options: RequestOptionsLike): string {
  const params = Object.entries(options)
    .filter(([k]) => !['method', 'baseUrl', 'headers', 'request', 'mediaType', 'url'].includes(k))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `${options.baseUrl ?? ''}${options.url} ${JSON.stringify(params)}`;
}
