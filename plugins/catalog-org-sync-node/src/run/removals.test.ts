import { removalReasons } from './removals';

describe('removalReasons', () => {
  it('says why each ref goes: how it left the IdP, a departure whose time ran out, a stray, or no longer emitted', () => {
    const left = new Map([
      ['user:default/ina', 'status: DEPROVISIONED'],
      ['user:default/old', 'no longer in the IdP'],
    ]);
    const removed = ['user:default/ina', 'user:default/old', 'user:default/kept', 'user:default/stray', 'group:default/renamed'];
    expect(removalReasons(removed, { left, expired: ['user:default/old', 'user:default/kept'], stray: ['user:default/stray'] })).toEqual([
      { ref: 'user:default/ina', why: 'status: DEPROVISIONED' },
      { ref: 'user:default/old', why: 'no longer in the IdP; kept as departed until leavers.retainFor ran out' },
      { ref: 'user:default/kept', why: 'kept as departed until leavers.retainFor ran out' },
      { ref: 'user:default/stray', why: 'the catalog attributed it to this provider, which no longer emits it' },
      { ref: 'group:default/renamed', why: 'no longer emitted: renamed, left out by a transformer, or an empty group pruned' },
    ]);
  });
});
