import type { OrgDelta, OrgListResult, OrgRecordRequest, OrgSource } from '@orgsync/plugin-catalog-org-sync-node';
import type { JsonObject } from '../protocol';
import type { ScimResourceStore } from '../store/ScimResourceStore';
import { groupRecordOf, memberIds, userRecordOf } from './toRecords';

/**
 * Reads the SCIM resources the IdP pushed (the module's table) as the engine reads any IdP: `read` is the whole
 * org (a list: what the scheduled run reconciles the catalog with), `readRecords` the resources a SCIM write named.
 */
export class ScimOrgSource implements OrgSource<JsonObject, JsonObject> {
  constructor(private readonly store: ScimResourceStore) {}

  async read(): Promise<OrgListResult<JsonObject, JsonObject>> {
    const users = await this.store.list('User');
    const groups = await this.store.list('Group');
    const groupIds = new Set(groups.map(group => String(group.id)));
    return { users: users.map(userRecordOf), groups: groups.map(group => groupRecordOf(group, id => groupIds.has(id))) };
  }

  async readRecords(request: OrgRecordRequest): Promise<OrgDelta<JsonObject, JsonObject>> {
    const users = await this.store.getMany('User', request.users);
    const groups = await this.store.getMany('Group', request.groups);
    const nested = await this.store.groupIds([...groups.values()].flatMap(memberIds));
    return {
      users: { upserted: [...users.values()].map(userRecordOf), deleted: request.users.filter(id => !users.has(id)) },
      groups: {
        upserted: [...groups.values()].map(group => groupRecordOf(group, id => nested.has(id))),
        deleted: request.groups.filter(id => !groups.has(id)),
      },
    };
  }
}
