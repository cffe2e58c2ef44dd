import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Duration } from 'luxon';
import type { StoredRun } from './RunHistory';

/** A schedule as JSON (durations as ISO 8601, cron as is). */
export function scheduleView(schedule: SchedulerServiceTaskScheduleDefinition | undefined) {
  if (!schedule) return null;
  const iso = (value: unknown) => (value === undefined ? undefined : typeof value === 'string' ? value : 'cron' in (value as object) ? (value as { cron: string }).cron : Duration.fromObject(value as object).toISO());
  return { frequency: iso(schedule.frequency), timeout: iso(schedule.timeout), initialDelay: iso(schedule.initialDelay) };
}

/**
 * When the next scheduled run should start: the last run's start plus the frequency. Backstage's scheduler service
 * does not tell a task's next start time, so this is an estimate; null for cron schedules or before any run.
 */
export function estimateNextRun(schedule: SchedulerServiceTaskScheduleDefinition | undefined, last: StoredRun | undefined): string | null {
  if (!schedule || !last) return null;
  const frequency = schedule.frequency;
  const ms =
    typeof frequency === 'string'
      ? Duration.fromISO(frequency).as('milliseconds')
      : 'cron' in frequency || 'trigger' in frequency
        ? NaN
        : Duration.fromObject(frequency).as('milliseconds');
  return ms > 0 ? new Date(Date.parse(last.startedAt) + ms).toISOString() : null;
}
