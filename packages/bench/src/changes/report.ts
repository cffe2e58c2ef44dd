import type { BurstResult, ChangeBenchResult, CountedRequests, ModeResult, Sample } from './types';

const s = (v: number | undefined, digits = 1) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits));
const n = (v: number) => v.toLocaleString('en');

export function median(samples: number[]): number | undefined {
  if (!samples.length) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median, max and how many samples timed out. */
export function summary(samples: Sample[]): { median?: number; max?: number; seen: number; missed: number } {
  const seen = samples.filter((x): x is number => x !== undefined);
  return { median: median(seen), max: seen.length ? Math.max(...seen) : undefined, seen: seen.length, missed: samples.length - seen.length };
}

/** The latency target of a mode: push ≤ 10 s; poll ≤ poll interval + 10 s. */
export const latencyTargetS = (m: Pick<ModeResult, 'how' | 'intervalS'>) => (m.how === 'push' ? 10 : m.intervalS + 10);

const verdict = (samples: Sample[], target: number) => {
  const sum = summary(samples);
  if (!samples.length) return '–';
  if (sum.missed) return `**not met** (${sum.missed} not visible)`;
  return sum.max! <= target ? 'met' : '**not met**';
};

const routes = (r: CountedRequests | undefined) =>
  r && r.total
    ? Object.entries(r.byRoute)
        .sort((a, b) => b[1] - a[1])
        .map(([route, count]) => `\`${route}\` ${count}`)
        .join(', ') +
      (Object.keys(r.innerByRoute).length
        ? `; inside $batch: ${Object.entries(r.innerByRoute)
            .map(([route, count]) => `\`${route}\` ${count}`)
            .join(', ')}`
        : '')
    : 'none';

const label = (m: { idp: string; how: string; mode?: string }) =>
  `${m.idp} ${m.how === 'push' ? (m.idp === 'okta' ? 'Event Hook' : m.idp === 'graph' ? 'change notifications' : 'webhooks (events backend)') : m.idp === 'okta' ? 'System Log poll' : 'delta poll'}` +
  (m.mode === 'github-push-batched' ? ', `batchTeamChanges`' : '');

const cell = (samples: Sample[]) => {
  const sum = summary(samples);
  return samples.length ? `${s(sum.median)} / ${s(sum.max)} (${samples.length})` : '–';
};

function latencyTable(run: ChangeBenchResult): string {
  const rows = run.modes.map(m =>
    m.offboard.length || m.join.length
      ? `| ${label(m)} | ${m.intervalS} s | ≤ ${latencyTargetS(m)} s | ${cell(m.offboard)} | ${verdict(m.offboard, latencyTargetS(m))} | ${cell(m.join)} | ${verdict(m.join, latencyTargetS(m))} |`
      : `| ${label(m)} | ${m.intervalS} s | ≤ ${latencyTargetS(m)} s | **failed**: ${(m.error ?? '').slice(0, 120)} | | | |`,
  );
  return [
    '| IdP, signal | poll interval | target | offboarding s: median / max (samples) | verdict | added to a group s: median / max (samples) | verdict |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function idleTable(run: ChangeBenchResult): string {
  const rows = run.modes
    .filter(m => m.idle)
    .map(m => `| ${label(m)} | ${m.idle!.windowS} s (${m.idle!.windowS / m.intervalS} intervals) | ${m.idle!.total} | ${s(m.idle!.perInterval, 2)} | ${m.idle!.perInterval <= 1 ? 'met' : '**not met**'} | ${routes(m.idle)} |`);
  if (!rows.length) return '';
  return ['| IdP, signal | window | requests | per interval | ≤ 1 per interval | routes |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

function burstRow(b: BurstResult): string {
  const guard = b.defaultGuardHolds === undefined ? '–' : b.defaultGuardHolds ? `holds it (> 10% of ${n(b.users ?? 0)} users)` : 'lets it through';
  const result = b.ok ? `${s(b.allGoneS)} s (first gone after ${s(b.firstGoneS)} s)` : `**failed**: ${(b.error ?? '').slice(0, 120)}`;
  return `| ${label(b)} | ${b.intervalS} s | ${n(b.deactivated)} of ${n(b.users ?? 0)} | ${guard} | ${result} | ${b.requests?.total ?? '–'} | ${routes(b.requests)} |`;
}

function burstTable(run: ChangeBenchResult): string {
  if (!run.bursts.length) return '';
  return [
    '| IdP, signal | poll interval | deactivated at once | default guard | all gone from the catalog after | requests | routes |',
    '|---|---|---|---|---|---|---|',
    ...run.bursts.map(burstRow),
  ].join('\n');
}

/** Modes that stopped before all their parts were measured: the tables show only what they got to, this says why. */
export function failedModes(run: ChangeBenchResult): string {
  const failed = run.modes.filter(m => !m.ok);
  if (!failed.length) return '';
  return `Not finished in this run (the tables hold what was measured before): ${failed.map(m => `${label(m)}: ${m.error ?? 'failed'}`).join('; ')}.\n`;
}

function steadyTable(run: ChangeBenchResult): string {
  const rows = run.modes
    .filter(m => m.steady && m.fullReadRequests)
    .flatMap(m => {
      const st = m.steady!;
      const row = (what: string, moves: number, requests: CountedRequests) => {
        const share = requests.total / m.fullReadRequests!;
        return `| ${label(m)} | ${moves} of ${st.members} members moved to another team (${2 * moves} webhooks), ${what} | ${requests.total} | ${m.fullReadRequests} | ${(share * 100).toFixed(1)}% | ${share <= 0.1 ? 'met' : '**not met**'} | ${routes(requests)} |`;
      };
      if (st.error) {
        const perRound = st.roundsDone ? ` (${(st.requests.total / st.roundsDone).toFixed(1)} per round)` : '';
        return [
          `| ${label(m)} | stopped after ${st.roundsDone ?? 0} of ${st.rounds} change rounds (${st.moves} of ${st.members} members moved): ${st.error} | ${st.requests.total}${perRound} | ${m.fullReadRequests} | – | not finished | ${routes(st.requests)} |`,
        ];
      }
      const spread =
        st.rounds !== undefined && st.rounds < st.moves
          ? `in ${st.rounds} change rounds, each applied before the next (a day of hourly rounds, \`events.batchTeamChanges\`)`
          : 'one after the other, each applied before the next (as spread over a day)';
      const atOnce = st.atOnce;
      if (!atOnce) return [row(spread, st.moves, st.requests)];
      if (atOnce.error) {
        const what = `${atOnce.moves} of ${st.members} members moved all at once (for comparison): not all visible in time (${atOnce.error})`;
        return [row(spread, st.moves, st.requests), `| ${label(m)} | ${what} | ${atOnce.requests.total} | ${m.fullReadRequests} | – | not finished | ${routes(atOnce.requests)} |`];
      }
      return [row(spread, st.moves, st.requests), row('all at once (for comparison: the deliveries coalesce)', atOnce.moves, atOnce.requests)];
    });
  if (!rows.length) return '';
  return ['| IdP, signal | a day of typical changes (1% of members) | requests | full read requests | share | ≤ 10% | routes |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

/** `changes-S`, `changes-smoke`, `changes-burst-M` (a run of bursts only): one table set per key, from the newest run. */
export function changeResultKey(run: ChangeBenchResult): string {
  return run.modes.length ? `changes-${run.size}` : `changes-burst-${run.burstSize ?? run.size}`;
}

export function changeMarkdown(run: ChangeBenchResult): string {
  const m = run.machine;
  const burst = burstTable(run);
  return [
    run.modes.length
      ? `### Change events, size ${run.size}: ${n(run.org.users)} users / ${n(run.org.groups)} groups${run.bursts.length && run.burstOrg ? `; burst at size ${run.burstSize} (${n(run.burstOrg.users)} / ${n(run.burstOrg.groups)})` : ''}`
      : `### A burst of deactivations, size ${run.burstSize}: ${n(run.burstOrg?.users ?? 0)} users / ${n(run.burstOrg?.groups ?? 0)} groups`,
    '',
    `Run ${run.startedAt}${run.settings.commit ? ` of commit ${run.settings.commit}` : ''}: every table below is from this one run. ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}. ` +
      `${run.settings.latencyMs} ms per emulator request; ${run.settings.database}; \`events.poll.interval\` ${run.settings.intervalS} s; ` +
      'each mode in its own backend (catalog + our module) after its cold sync, once the catalog served every user.' +
      (run.modes.length
        ? ' Latency is from the emulator admin call (deactivate / remove from the org; add to a group) until `GET /api/catalog/entities/by-name/user/…` answers 404, ' +
          "or the person's `spec.memberOf` names the group; the catalog is polled every 100 ms."
        : ''),
    '',
    run.modes.length ? `${latencyTable(run)}\n` : '',
    failedModes(run),
    idleTable(run) ? `Idle cost: requests the emulator counted while nothing changed:\n\n${idleTable(run)}\n` : '',
    steadyTable(run) ? `GitHub steady state with webhooks (the change runs only; the scheduled relist is a full read on its own schedule):\n\n${steadyTable(run)}\n` : '',
    burst
      ? `A burst of deactivations, made in a loop through the emulator's admin handle; the guard raised to ${'`maxUserRemovalShare: 0.5`, `maxMembershipRemovalShare: 1`'} for the measurement (with the defaults, 10% of users per \`guard.changesWindow\` of 1 h, the engine holds such a burst and logs the \`guard.acceptPlan\` that applies it):\n\n${burst}\n`
      : '',
  ].join('\n');
}

const round = (v: number | undefined, digits = 1) => (v === undefined ? undefined : Number(v.toFixed(digits)));

/**
 * The run with the figures the tables show added to each mode (medians, maxima, shares), so the hand-written
 * findings can quote them through `bench:value` (e.g. `changes-S modes[mode=okta-push].offboardMedianS`).
 */
export function withDerivedFigures(run: ChangeBenchResult): ChangeBenchResult & { modes: (ModeResult & Record<string, unknown>)[] } {
  return {
    ...run,
    modes: run.modes.map(m => {
      const off = summary(m.offboard);
      const join = summary(m.join);
      const share = (r: CountedRequests | undefined) => (r && m.fullReadRequests ? round((100 * r.total) / m.fullReadRequests) : undefined);
      return {
        ...m,
        offboardMedianS: round(off.median),
        offboardMaxS: round(off.max),
        joinMedianS: round(join.median),
        joinMaxS: round(join.max),
        targetS: latencyTargetS(m),
        steadySharePct: share(m.steady?.requests),
        steadyAtOnceSharePct: share(m.steady?.atOnce?.error ? undefined : m.steady?.atOnce?.requests),
      };
    }),
  };
}
