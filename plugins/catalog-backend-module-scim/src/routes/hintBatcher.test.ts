import type { OrgChangeHints } from '@orgsync/plugin-catalog-org-sync-node';
import { HintBatcher, MAX_IDS_PER_BATCH } from './hintBatcher';

/** A change queue whose writes finish when the test says so, keeping what each write named. */
function heldQueue() {
  const writes: Array<{ hints: OrgChangeHints; finish(error?: Error): void }> = [];
  const queue = (hints: OrgChangeHints) =>
    new Promise<void>((resolve, reject) => {
      writes.push({ hints, finish: error => (error ? reject(error) : resolve()) });
    });
  return { writes, queue };
}

const flush = () => new Promise(resolve => setImmediate(resolve));

describe('HintBatcher', () => {
  it('queues the writes stored while a queue write is on its way in one next write', async () => {
    const { writes, queue } = heldQueue();
    const batcher = new HintBatcher(queue);
    const first = batcher.add({ users: ['u1'] });
    await flush();
    expect(writes.map(w => w.hints)).toEqual([{ users: ['u1'], groups: [] }]);
    const waiting = [batcher.add({ users: ['u2'] }), batcher.add({ groups: ['g1'] }), batcher.add({ users: ['u2', 'u3'] })];
    await flush();
    expect(writes).toHaveLength(1);
    writes[0].finish();
    await first;
    await flush();
    expect(writes.map(w => w.hints)).toEqual([
      { users: ['u1'], groups: [] },
      { users: ['u2', 'u3'], groups: ['g1'] },
    ]);
    let settled = false;
    void Promise.all(waiting).then(() => (settled = true));
    await flush();
    expect(settled).toBe(false); // each write waits until its own hints are queued
    writes[1].finish();
    await Promise.all(waiting);
  });

  it(`starts another batch once one names ${MAX_IDS_PER_BATCH} ids, and a failed write fails only its own batch`, async () => {
    const { writes, queue } = heldQueue();
    const batcher = new HintBatcher(queue);
    const first = batcher.add({ users: ['busy'] });
    await flush();
    const full = Array.from({ length: MAX_IDS_PER_BATCH }, (_, i) => batcher.add({ users: [`u${i}`] }));
    const next = batcher.add({ users: ['one-more'] });
    writes[0].finish();
    await first;
    await flush();
    expect(writes[1].hints.users).toHaveLength(MAX_IDS_PER_BATCH);
    writes[1].finish(new Error('the database is away'));
    await expect(Promise.all(full)).rejects.toThrow('the database is away');
    await flush();
    expect(writes[2].hints).toEqual({ users: ['one-more'], groups: [] });
    writes[2].finish();
    await expect(next).resolves.toBeUndefined();
  });
});
