import type { BenchResult } from './benchResult';
import { changeMarkdown, failedModes, median, summary } from './changes/report';
import { fillValues, runsToShow } from './report';

const run = (startedAt: string, impls: string[]) =>
  ({ startedAt, results: impls.map(impl => ({ impl, change1pct: { changed: { renamedUsers: impls.length } } })) }) as unknown as BenchResult;

describe('runsToShow', () => {
  it('shows the newest run whole, and an older run only for implementations no newer shown run measured, each run apart', () => {
    const runs = [run('2026-01-01', ['ours-okta', 'peer-okta']), run('2026-01-02', ['ours-okta']), run('2026-01-03', ['ours-okta', 'ours-github'])];
    const shown = runsToShow(runs);
    expect(shown.map(r => r.startedAt)).toEqual(['2026-01-03', '2026-01-01']);
    // The older run keeps all its rows, including the one a newer run also has: nothing is merged across runs.
    expect(shown[1].results.map(r => r.impl)).toEqual(['ours-okta', 'peer-okta']);
  });
});

describe('fillValues', () => {
  const runs = new Map<string, { startedAt: string }[]>([['M', [run('2026-11-29T16:55:40.826Z', ['ours-okta']), run('2026-12-01T14:44:27.797Z', ['ours-okta', 'ours-github'])]]]);

  it('refills quoted figures from the newest run of a key, or from the run named by its start', () => {
    const text =
      'moved <!-- bench:value M results[impl=ours-okta].change1pct.changed.renamedUsers -->97<!-- /bench:value --> and ' +
      '<!-- bench:value M@2026-11-29T16:55 results[impl=ours-okta].change1pct.changed.renamedUsers -->485<!-- /bench:value -->';
    expect(fillValues(text, runs)).toBe(
      'moved <!-- bench:value M results[impl=ours-okta].change1pct.changed.renamedUsers -->2<!-- /bench:value --> and ' +
        '<!-- bench:value M@2026-11-29T16:55 results[impl=ours-okta].change1pct.changed.renamedUsers -->1<!-- /bench:value -->',
    );
  });

  it('replaces a quote that no stored result holds by "(not measured)" instead of keeping a stale figure', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(fillValues('<!-- bench:value M results[impl=peer-okta].cold.wallS -->1<!-- /bench:value -->', runs)).toBe(
      '<!-- bench:value M results[impl=peer-okta].cold.wallS -->(not measured)<!-- /bench:value -->',
    );
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('M results[impl=peer-okta].cold.wallS'));
    warn.mockRestore();
  });
});

describe('latency summaries', () => {
  it('give the median and max of the samples seen and count those not seen', () => {
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(summary([0.5, undefined, 2, 1])).toEqual({ median: 1, max: 2, seen: 3, missed: 1 });
  });
});

describe('failedModes', () => {
  it('names a change mode that stopped early and why, so its tables are not read as complete', () => {
    const modes = [
      { mode: 'github-push-batched', idp: 'github', how: 'push', ok: false, intervalS: 5, offboard: [], join: [], error: 'steady state: a move was not visible in time' },
      { mode: 'okta-push', idp: 'okta', how: 'push', ok: true, intervalS: 5, offboard: [], join: [] },
    ];
    const text = failedModes({ modes } as unknown as Parameters<typeof failedModes>[0]);
    expect(text).toContain('steady state: a move was not visible in time');
    expect(text).toContain('batchTeamChanges');
    expect(text).not.toContain('okta');
    expect(failedModes({ modes: [modes[1]] } as unknown as Parameters<typeof failedModes>[0])).toBe('');
  });
});

/** A change bench run at size L holding one mode. */
const changeRunAtL = (startedAt: string, mode: object) =>
  ({
    startedAt, size: 'L', org: { users: 50000, groups: 5000 }, modes: [mode], bursts: [],
    settings: { latencyMs: 20, database: 'SQLite', intervalS: 5, samples: 2 },
    machine: { cpus: 2, cpuModel: 'x', memoryGb: 24, node: 'v20' },
  }) as unknown as Parameters<typeof changeMarkdown>[0];

describe('the GitHub steady state when it stopped early', () => {
  it('shows what the finished rounds cost, per round, and marks the row as not finished', () => {
    const requests = { total: 22, byRoute: { 'POST /api/graphql': 22 }, innerByRoute: {} };
    const mode = {
      mode: 'github-push-batched', idp: 'github', how: 'push', ok: false, intervalS: 5, offboard: [], join: [], fullReadRequests: 586,
      steady: { members: 48476, moves: 40, rounds: 24, roundsDone: 2, requests, error: 'a move was not visible in time' },
      error: 'steady state, after 2 of 24 rounds: a move was not visible in time',
    };
    const text = changeMarkdown(changeRunAtL('2026-12-02T05:07:06.590Z', mode));
    expect(text).toContain('stopped after 2 of 24 change rounds (40 of 48476 members moved): a move was not visible in time | 22 (11.0 per round) | 586 | – | not finished |');
    expect(text).toContain('Not finished in this run');
  });
});

describe('the GitHub steady state when the moves made at once were not all visible in time', () => {
  it('keeps the day in rounds as measured and marks only the at-once row as not finished', () => {
    const rounds = { total: 24, byRoute: { 'POST /api/graphql': 24 }, innerByRoute: {} };
    const atOnce = { total: 20, byRoute: { 'POST /api/graphql': 20 }, innerByRoute: {} };
    const mode = {
      mode: 'github-push-batched', idp: 'github', how: 'push', ok: true, intervalS: 5, offboard: [], join: [], fullReadRequests: 586,
      steady: { members: 48476, moves: 485, rounds: 24, requests: rounds, visibleS: 300, atOnce: { moves: 485, requests: atOnce, error: 'a move was not visible in time' } },
    };
    const text = changeMarkdown(changeRunAtL('2026-12-02T08:05:35.448Z', mode));
    expect(text).toContain('485 of 48476 members moved to another team (970 webhooks), in 24 change rounds, each applied before the next (a day of hourly rounds, `events.batchTeamChanges`) | 24 | 586 | 4.1% | met |');
    expect(text).toContain('485 of 48476 members moved all at once (for comparison): not all visible in time (a move was not visible in time) | 20 | 586 | – | not finished |');
  });
});
