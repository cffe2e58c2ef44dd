import type { BenchResult } from './benchResult';
import { replicaRows, replicasMarkdown } from './replicasReport';

const run = (startedAt: string, replicas: number | undefined, queryableS: number, cpuModel = 'cpu', size = 'M') =>
  ({
    startedAt,
    size,
    org: { users: 10_000, groups: 1_000 },
    settings: { latencyMs: 20, rateLimits: false, database: 'PostgreSQL', queryable: true, catalog: 'defaults', replicas },
    machine: { cpus: 2, cpuModel, memoryGb: 8, node: 'v20', platform: 'linux', loadAvgAtStart: [1, 1, 1], loadAvgAtEnd: [2, 1.5, 1] },
    results: [
      {
        impl: 'ours-okta',
        idp: 'okta',
        side: 'ours',
        module: 'm',
        ok: true,
        cold: { ok: true, wallS: 10, users: 9_700, groups: 1_000, queryableS, allQueryableS: queryableS + 5, peakRssMb: 300, requests: { total: 1 } },
        replicas: Array.from({ length: replicas ?? 1 }, (_, i) => ({ ranColdSync: i === 0, listeningAfterS: 3, peakRssMb: 300 + i, cpuS: 50 })),
      },
    ],
  }) as unknown as BenchResult;

describe('first sync on replicas', () => {
  const runs = [
    run('2026-12-02T01:10', 2, 100),
    run('2026-12-02T01:00', 1, 200),
    run('2026-12-02T01:05', 2, 120),
    run('2026-12-02T01:15', 1, 300),
    run('2026-12-02T01:20', undefined, 999),
  ];

  it('lists every --replicas run by replica count, then start, and leaves out runs without --replicas', () => {
    expect(replicaRows(runs).map(r => r.run.startedAt)).toEqual(['2026-12-02T01:00', '2026-12-02T01:15', '2026-12-02T01:05', '2026-12-02T01:10']);
  });

  it('names each row’s own run, divides by the median of the 1-replica runs, and sums up with the spread', () => {
    const text = replicasMarkdown(runs);
    expect(text).toContain('**Each row is its own run**');
    expect(text).toMatch(/\| 2026-12-02T01:10 \| ours-okta \| 2 \| ok \| 9700 \/ 1000 \| 10.0 \| 100.0 \| 0.40× \| 105.0 \| #1\* 300, #2 301 \| #1\* 50, #2 50 \| 1.0 \/ 1.0 \/ 1.0 → 2.0 \/ 1.5 \/ 1.0 \|/);
    expect(text).toContain(
      'Every user queryable after: ours-okta on 1 replica 250 s (median of 2 runs: 200, 300 s), 50 CPU s in all replicas together (median); ' +
        'ours-okta on 2 replicas 110 s (median of 2 runs: 120, 100 s), 0.44× the 1-replica median, 100 CPU s in all replicas together (median).',
    );
    expect(text).not.toContain('999');
  });

  it('gives each machine of a size its own table, divided by the 1-replica median of that machine only', () => {
    const text = replicasMarkdown([run('2026-12-02T07:00', 1, 1000, 'AMD EPYC', 'L'), run('2026-12-02T13:00', 1, 400, 'Intel Xeon', 'L'), run('2026-12-02T13:10', 2, 300, 'Intel Xeon', 'L'), ...runs]);
    const headings = text.split('\n').filter(line => line.startsWith('### '));
    expect(headings).toEqual([
      '### First sync on replicas, size M: 10,000 users / 1,000 groups, PostgreSQL',
      '### First sync on replicas, size L: 10,000 users / 1,000 groups, PostgreSQL, AMD EPYC',
      '### First sync on replicas, size L: 10,000 users / 1,000 groups, PostgreSQL, Intel Xeon',
    ]);
    const intel = text.slice(text.indexOf('Intel Xeon'));
    expect(intel).toContain('2 CPUs (Intel Xeon)');
    expect(intel).toMatch(/\| 2026-12-02T13:10 \| ours-okta \| 2 \| ok \| 9700 \/ 1000 \| 10.0 \| 300.0 \| 0.75× \|/);
    expect(intel).toContain('ours-okta on 1 replica 400 s, 50 CPU s in all replicas together; ours-okta on 2 replicas 300 s, 0.75× the 1-replica median');
    expect(intel).not.toContain('1000.0');
  });

  it('is empty without replica runs', () => {
    expect(replicasMarkdown([run('2026-12-02T01:20', undefined, 999)])).toBe('');
  });
});
