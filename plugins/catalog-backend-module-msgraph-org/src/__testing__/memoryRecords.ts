import { isDeltaResult } from '@orgsync/plugin-catalog-org-sync-node';
import type {
  MsGraphGroupRecord as OrgGroupRecord,
  MsGraphOrgDelta as OrgDelta,
  MsGraphReadResult as OrgReadResult,
  MsGraphRecordReader,
  MsGraphSnapshot as OrgSnapshot,
  MsGraphUserRecord as OrgUserRecord,
} from '../source/toRecords';

/**
 * Records by id as the engine's record store keeps them between runs (JSON
 * round-tripped, as the database does), for the source's own tests before
 * a backend is involved: a list replaces everything, a delta is applied.
 */
export class MemoryRecords implements MsGraphRecordReader {
  private usersById = new Map<string, OrgUserRecord>();
  private groupsById = new Map<string, OrgGroupRecord>();

  apply(result: OrgSnapshot | OrgReadResult): void {
    if (isDeltaResult(result)) return this.applyDelta(result.delta);
    this.usersById = new Map(result.users.map(u => [u.id, json(u)]));
    this.groupsById = new Map(result.groups.map(g => [g.id, json(g)]));
  }

  applyDelta(delta: OrgDelta): void {
    for (const id of delta.users.deleted) this.usersById.delete(id);
    for (const user of delta.users.upserted) this.usersById.set(user.id, json(user));
    for (const id of delta.groups.deleted) this.groupsById.delete(id);
    for (const group of delta.groups.upserted) this.groupsById.set(group.id, json(group));
  }

  async users(ids: readonly string[]): Promise<Map<string, OrgUserRecord>> {
    return new Map(ids.filter(id => this.usersById.has(id)).map(id => [id, json(this.usersById.get(id)!)]));
  }

  async groups(ids: readonly string[]): Promise<Map<string, OrgGroupRecord>> {
    return new Map(ids.filter(id => this.groupsById.has(id)).map(id => [id, json(this.groupsById.get(id)!)]));
  }

  async allGroups(): Promise<OrgGroupRecord[]> {
    return [...this.groupsById.values()].map(json);
  }

  async all(): Promise<OrgSnapshot> {
    return this.snapshot();
  }

  /** Everything, sorted by id (to compare with a full read). */
  snapshot(): OrgSnapshot {
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return { users: [...this.usersById.values()].map(json).sort(byId), groups: [...this.groupsById.values()].map(json).sort(byId) };
  }
}

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value));
