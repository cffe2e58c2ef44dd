import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentiles } from './measure';
import { SCIM_README_BEGIN, SCIM_README_END, scimMarkdown, writeScimReadme } from './report';
import type { ScimBenchResult } from './types';

const run: ScimBenchResult = {
  kind: 'scim',
  startedAt: '2026-12-08T01:00:00.000Z',
  settings: { users: 1000, concurrency: 16, samples: 3, catalog: 'defaults', commit: 'abc1234' },
  machine: { cpus: 2, cpuModel: 'AMD EPYC', memoryGb: 24, node: 'v20', platform: 'linux' },
  databases: [
    { database: 'sqlite', ok: true, loadAvg1: 1.2, provisioning: { users: 1000, concurrency: 16, requestsPerS: 290, answeredS: 3.45, allInCatalogS: 10.8, backendCpuMsPerUser: 7.5 }, deactivation: { samplesMs: [300, 250, 2100], ...percentiles([300, 250, 2100]) } },
    { database: 'postgres', ok: false, error: 'POST /Users: 500', loadAvg1: 3.4 },
  ],
};

describe('the SCIM figures', () => {
  it('gives median, p90 and max by nearest rank', () => {
    expect(percentiles([300, 250, 2100])).toEqual({ medianMs: 300, p90Ms: 2100, maxMs: 2100 });
    expect(percentiles(Array.from({ length: 20 }, (_, i) => i + 1))).toEqual({ medianMs: 10, p90Ms: 18, maxMs: 20 });
    expect(percentiles([])).toEqual({});
  });

  it('writes a row per database with the targets judged, and a failed database as failed', () => {
    const table = scimMarkdown(run);
    expect(table).toContain('| SQLite in memory (1.2) | 290 | met | 10.8 s (backend CPU 7.5 ms per POST) | 300 / 2100 / 2100 ms (3) | **not met** |');
    expect(table).toContain('| PostgreSQL (3.4: more than the 2 CPUs busy) | **failed**: POST /Users: 500 |');
    expect(table).toContain('commit abc1234');
  });

  it("rewrites only what lies between the README's markers", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-readme-'));
    const readme = path.join(root, 'plugins', 'catalog-backend-module-scim', 'README.md');
    fs.mkdirSync(path.dirname(readme), { recursive: true });
    fs.writeFileSync(readme, `# SCIM\n\nbefore\n\n${SCIM_README_BEGIN}\nold figures\n${SCIM_README_END}\n\nafter\n`);
    expect(writeScimReadme(root, run)).toBe(readme);
    const text = fs.readFileSync(readme, 'utf8');
    expect(text).not.toContain('old figures');
    expect(text).toMatch(/^# SCIM\n\nbefore\n\n<!-- bench:scim:begin[^\n]*\n\nRun 2026-12-08T01:00:00.000Z[\s\S]*\| PostgreSQL \(3\.4: more than the 2 CPUs busy\)[^\n]*\n\n<!-- bench:scim:end -->\n\nafter\n$/);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
