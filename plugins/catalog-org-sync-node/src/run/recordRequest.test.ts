import { describeRequest, recordRequestFor } from './recordRequest';

describe('recordRequestFor', () => {
  const pending = {
    users: ['U_1'],
    groups: ['T_whole'],
    memberships: [
      { user: 'U_1', group: 'T_1' },
      { user: 'U_2', group: 'T_whole' },
      { user: 'U_3', group: 'T_1' },
    ],
  };

  it('hands memberships to a source that reads them, but not those of a group re-read whole', () => {
    expect(recordRequestFor(pending, true)).toEqual({
      users: ['U_1'],
      groups: ['T_whole'],
      memberships: [
        { user: 'U_1', group: 'T_1' },
        { user: 'U_3', group: 'T_1' },
      ],
    });
  });

  it('asks any other source for each membership’s group, once', () => {
    expect(recordRequestFor(pending, false)).toEqual({ users: ['U_1'], groups: ['T_whole', 'T_1'] });
  });

  it('leaves memberships out when there are none', () => {
    expect(recordRequestFor({ users: [], groups: ['T_1'], memberships: [] }, true)).toEqual({ users: [], groups: ['T_1'] });
  });

  it('describes a request for the log', () => {
    expect(describeRequest(recordRequestFor(pending, true))).toBe('1 users, 1 groups and 2 memberships');
    expect(describeRequest({ users: ['a'] })).toBe('1 users, 0 groups');
  });
});
