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
