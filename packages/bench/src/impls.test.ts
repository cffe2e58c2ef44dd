import { IMPLS } from './impls';

describe('reading our modules’ "applied" log line', () => {
  const line = (mode: string) =>
    `MicrosoftGraphOrgEntityProvider:bench: applied 9417 users, 1001 groups (0 added, 0 changed, 0 removed, 0 restored, 0 refused by the catalog, 0 skipped records) ` +
    `in 0.65s (${mode} read 0.11s, map 0.28s, catalog check 0.03s, guard 0.03s, apply 0s, save 0.05s)`;

  it.each(['full', 'incremental', 'delta'])('parses a %s run', mode => {
    const parsed = IMPLS['ours-msgraph'].parse(line(mode), []);
    expect(parsed).toMatchObject({ users: 9417, groups: 1001, readMode: mode, phases: { total: 0.65, read: 0.11, map: 0.28, check: 0.03, apply: 0, save: 0.05 } });
  });

  it('matches the line the provider logs, so a run of any read mode ends the wait', () => {
    expect(IMPLS['ours-okta'].finished.test(line('delta'))).toBe(true);
  });
});
