import type { OrgDelta, OrgRecordRequest, OrgSnapshot, OrgSource, SourceReadContext } from '../../records';

/** An IdP the test edits between runs: `org` is what it answers, `failWith` makes its reads fail. */
export class EditableSource implements OrgSource {
  failWith?: Error;

  /** `progress`: the requests and throttled answers each read reports last, as a paging client does. */
  constructor(
    public org: OrgSnapshot,
    private readonly progress: { requests: number; rateLimited: number } = { requests: 1, rateLimited: 0 },
  ) {}

  async read(context: SourceReadContext): Promise<OrgSnapshot> {
    // The run keeps the last figures, logged or not (the log takes one line per 10 s).
    context.reportProgress({ users: 0, requests: 2, rateLimited: 0 });
    context.reportProgress({ users: this.org.users.length, ...this.progress });
    if (this.failWith) throw this.failWith;
    return structuredClone(this.org);
  }

  async readRecords(request: OrgRecordRequest): Promise<OrgDelta> {
    const part = <R extends { id: string }>(records: R[], ids: string[] = []) => ({
      upserted: records.filter(r => ids.includes(r.id)),
      deleted: ids.filter(id => !records.some(r => r.id === id)),
    });
    return { users: part(this.org.users, request.users), groups: part(this.org.groups, request.groups) };
  }
}
