import type { BenchResult } from './benchResult';
import { median, summary } from './changes/report';
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
