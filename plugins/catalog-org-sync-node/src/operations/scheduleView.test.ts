import { estimateNextRun, scheduleView } from './scheduleView';
import type { StoredRun } from './RunHistory';

const lastRun = { startedAt: '2026-12-07T10:00:00.000Z' } as Pick<StoredRun, 'startedAt'>;

describe('scheduleView', () => {
  it('shows durations as ISO 8601 and cron as written', () => {
    expect(scheduleView({ frequency: { minutes: 30 }, timeout: { minutes: 3 }, initialDelay: { seconds: 10 } })).toEqual({
      frequency: 'PT30M',
      timeout: 'PT3M',
      initialDelay: 'PT10S',
    });
    expect(scheduleView({ frequency: { cron: '0 * * * *' }, timeout: { minutes: 5 } })?.frequency).toBe('0 * * * *');
  });

  it('shows a manual trigger as manual (it was a 500 from the providers route)', () => {
    expect(scheduleView({ frequency: { trigger: 'manual' }, timeout: { minutes: 3 } })).toEqual({ frequency: 'manual', timeout: 'PT3M', initialDelay: undefined });
  });
});

describe('estimateNextRun', () => {
  it('adds the frequency to the last scheduled run', () => {
    expect(estimateNextRun({ frequency: { hours: 1 }, timeout: { minutes: 5 } }, lastRun as StoredRun)).toBe('2026-12-07T11:00:00.000Z');
  });

  it('has no estimate for cron, manual, or before a first run', () => {
    expect(estimateNextRun({ frequency: { cron: '0 * * * *' }, timeout: { minutes: 5 } }, lastRun as StoredRun)).toBeNull();
    expect(estimateNextRun({ frequency: { trigger: 'manual' }, timeout: { minutes: 5 } }, lastRun as StoredRun)).toBeNull();
    expect(estimateNextRun({ frequency: { hours: 1 }, timeout: { minutes: 5 } }, undefined)).toBeNull();
  });
});
