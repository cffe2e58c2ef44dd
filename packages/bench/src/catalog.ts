/** The catalog REST API of a benchmark backend, with its static token. */
export class BenchCatalog {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  private async call(method: string, path: string): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${this.token}` } });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response;
  }

  /** How many entities of a kind the catalog serves (processed and stitched). */
  async count(kind: 'user' | 'group'): Promise<number> {
    const response = await this.call('GET', `/api/catalog/entities/by-query?filter=kind=${kind}&limit=1`);
    return ((await response.json()) as { totalItems: number }).totalItems;
  }

  /** How many users the catalog serves whose display name contains `term` (case-insensitive). */
  async countUsersNamed(term: string): Promise<number> {
    const query = new URLSearchParams({ filter: 'kind=user', fullTextFilterTerm: term, fullTextFilterFields: 'spec.profile.displayName', limit: '1' });
    const response = await this.call('GET', `/api/catalog/entities/by-query?${query}`);
    return ((await response.json()) as { totalItems: number }).totalItems;
  }

  /** Runs a scheduled task of the catalog plugin now (Backstage's scheduler endpoint). */
  async trigger(task: RegExp): Promise<string> {
    const response = await this.call('GET', '/api/catalog/.backstage/scheduler/v1/tasks');
    const { tasks } = (await response.json()) as { tasks: { taskId: string }[] };
    const found = tasks.find(t => task.test(t.taskId));
    if (!found) throw new Error(`no scheduled task matching ${task}; tasks: ${tasks.map(t => t.taskId).join(', ')}`);
    await this.call('POST', `/api/catalog/.backstage/scheduler/v1/tasks/${encodeURIComponent(found.taskId)}/trigger`);
    return found.taskId;
  }
}

/** A catalog entity as the change measurements need it. */
export interface ServedEntity {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: { memberOf?: string[] };
}

/** `user:default/jane` as the catalog writes references (kind and namespace lower-cased, defaults filled in). */
export function refOf(entity: ServedEntity): string {
  return `${entity.kind.toLowerCase()}:${(entity.metadata.namespace ?? 'default').toLowerCase()}/${entity.metadata.name.toLowerCase()}`;
}

/** Reads of single entities and of everything a provider emitted (the change measurements' view of the catalog). */
export class ChangeCatalog extends BenchCatalog {
  constructor(
    private readonly base: string,
    private readonly bearer: string,
  ) {
    super(base, bearer);
  }

  private get headers() {
    return { authorization: `Bearer ${this.bearer}`, 'content-type': 'application/json' };
  }

  /** The user or group by name; undefined once the catalog answers 404. */
  async byName(kind: 'user' | 'group', namespace: string, name: string): Promise<ServedEntity | undefined> {
    const response = await fetch(`${this.base}/api/catalog/entities/by-name/${kind}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`, { headers: this.headers });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`GET by-name ${kind}/${namespace}/${name}: ${response.status} ${await response.text()}`);
    return (await response.json()) as ServedEntity;
  }

  /** How many of these refs the catalog still serves (one `by-refs` request per 500). */
  async countServed(refs: string[]): Promise<number> {
    let served = 0;
    for (let i = 0; i < refs.length; i += 500) {
      const response = await fetch(`${this.base}/api/catalog/entities/by-refs`, {
        method: 'POST',
        headers: this.headers,
        body: JSON.stringify({ entityRefs: refs.slice(i, i + 500), fields: ['kind', 'metadata.name'] }),
      });
      if (!response.ok) throw new Error(`POST by-refs: ${response.status} ${await response.text()}`);
      served += ((await response.json()) as { items: (ServedEntity | null)[] }).items.filter(Boolean).length;
    }
    return served;
  }

  /** Every entity of a kind the catalog serves (paged by cursor). */
  async all(kind: 'user' | 'group'): Promise<ServedEntity[]> {
    const out: ServedEntity[] = [];
    let cursor: string | undefined;
    do {
      const fields = 'fields=kind,metadata.name,metadata.namespace,metadata.annotations,spec.memberOf';
      const query = `${cursor ? `cursor=${encodeURIComponent(cursor)}` : `filter=kind=${kind}`}&limit=1000&${fields}`;
      const response = await fetch(`${this.base}/api/catalog/entities/by-query?${query}`, { headers: this.headers });
      if (!response.ok) throw new Error(`GET by-query ${kind}: ${response.status} ${await response.text()}`);
      const page = (await response.json()) as { items: ServedEntity[]; pageInfo: { nextCursor?: string } };
      out.push(...page.items);
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return out;
  }
}
