import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Duration } from 'luxon';
import type { StoredRun } from './RunHistory';

type ScheduleFrequency = SchedulerServiceTaskScheduleDefinition['frequency'];
type ScheduleDuration = Exclude<SchedulerServiceTaskScheduleDefinition['timeout'], undefined>;

/** A frequency as JSON: a duration as ISO 8601, a cron expression as is, `manual` for a task only triggered by hand. */
function frequencyView(frequency: ScheduleFrequency): string | null {
  if ('cron' in frequency) return frequency.cron;
  if ('trigger' in frequency) return frequency.trigger;
  return Duration.fromDurationLike(frequency).toISO();
}

function durationView(duration: ScheduleDuration | undefined): string | null | undefined {
  return duration === undefined ? undefined : Duration.fromDurationLike(duration).toISO();
}

/** A schedule as JSON (durations as ISO 8601, cron as is, `manual` for a manual trigger). */
export function scheduleView(schedule: SchedulerServiceTaskScheduleDefinition | undefined) {
  if (!schedule) return null;
  return { frequency: frequencyView(schedule.frequency), timeout: durationView(schedule.timeout), initialDelay: durationView(schedule.initialDelay) };
}

/** A frequency in milliseconds; NaN when it has none (cron, manual). */
function frequencyMs(frequency: ScheduleFrequency): number {
  if ('cron' in frequency || 'trigger' in frequency) return NaN;
  return Duration.fromDurationLike(frequency).as('milliseconds');
}

/**
 * When the next scheduled run should start: the last run's start plus the frequency. Backstage's scheduler service
 * does not tell a task's next start time, so this is an estimate; null for cron and manual schedules or before any run.
 */
export function estimateNextRun(schedule: SchedulerServiceTaskScheduleDefinition | undefined, last: StoredRun | undefined): string | null {
  if (!schedule || !last) return null;
  const ms = frequencyMs(schedule.frequency);
  return ms > 0 ? new Date(Date.parse(last.startedAt) + ms).toISOString() : null;
}
