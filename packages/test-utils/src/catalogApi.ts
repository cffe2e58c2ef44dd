import type { Entity } from '@backstage/catalog-model';

/** A client for the catalog REST API as an operator calls it (with a bearer token). */
export class CatalogApi {
  constructor(
    readonly baseUrl: string,
    private readonly authorization: string,
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.baseUrl}/api/catalog${path}`, {
      ...init,
      headers: { authorization: this.authorization, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
  }

  async json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.request(path, init);
    if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** Every entity matching the filter, following `by-query` cursors. */
  async query(filter: string): Promise<Entity[]> {
    const items: Entity[] = [];
    let cursor: string | undefined;
    do {
      const qs = cursor ? `cursor=${encodeURIComponent(cursor)}` : `filter=${encodeURIComponent(filter)}&limit=500`;
      const page = await this.json<{ items: Entity[]; pageInfo: { nextCursor?: string } }>(`/entities/by-query?${qs}`);
      items.push(...page.items);
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return items;
  }

  async byName(kind: string, namespace: string, name: string): Promise<Entity | undefined> {
    const response = await this.request(`/entities/by-name/${kind}/${namespace}/${encodeURIComponent(name)}`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`by-name ${kind}/${namespace}/${name} answered ${response.status}`);
    return (await response.json()) as Entity;
  }

  /** Entities managed by one location annotation value (one provider). */
  managedBy(location: string): Promise<Entity[]> {
    return this.query(`metadata.annotations.backstage.io/managed-by-location=${location}`);
  }
}

/**
 * Waits until the catalog plugin's scheduler reports a finished run of `taskId` (Backstage's
 * `/.backstage/scheduler/v1/tasks`). A task without `initialDelay` runs once at start-up: a test that calls the same
 * work by hand waits for that run first, so the two never race.
 */
export async function waitForTaskRun(catalog: CatalogApi, taskId: string, options?: { timeoutMs?: number }): Promise<void> {
  await waitFor(
    `a finished run of the scheduled task ${taskId}`,
    async () => {
      const { tasks } = await catalog.json<{ tasks: Array<{ taskId: string; taskState?: { lastRunEndedAt?: string } | null }> }>('/.backstage/scheduler/v1/tasks');
      return Boolean(tasks.find(task => task.taskId === taskId)?.taskState?.lastRunEndedAt);
    },
    options,
  );
}

/** Polls until `check` returns a value other than undefined/false, or fails with the last observation. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  { timeoutMs = 60_000, intervalMs = 250 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    await new Promise(r => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
}

/** `kind:namespace/name` of each entity, lower-cased and sorted. */
export function refsOf(entities: Entity[]): string[] {
  return entities.map(e => `${e.kind}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`.toLowerCase()).sort();
}
