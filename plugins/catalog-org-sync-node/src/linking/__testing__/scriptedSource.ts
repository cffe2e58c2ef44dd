import type { OrgDelta, OrgReadResult, OrgSnapshot, OrgSource } from '../../records';

/** A source whose next read the test sets: the org as a list, or a delta to answer once. */
export class ScriptedSource implements OrgSource {
  private pendingDelta?: OrgDelta;

  constructor(public org: OrgSnapshot) {}

  /** The next read answers this delta (then lists again). */
  answerDelta(delta: Partial<{ users: Partial<OrgDelta['users']>; groups: Partial<OrgDelta['groups']> }>): void {
    this.pendingDelta = {
      users: { upserted: delta.users?.upserted ?? [], deleted: delta.users?.deleted ?? [] },
      groups: { upserted: delta.groups?.upserted ?? [], deleted: delta.groups?.deleted ?? [] },
    };
  }

  async read(): Promise<OrgReadResult> {
    const delta = this.pendingDelta;
    this.pendingDelta = undefined;
    if (delta) return { readMode: 'delta', delta: structuredClone(delta), cursor: 'delta' };
    return { ...structuredClone(this.org), readMode: 'full', cursor: 'list' };
  }
}
