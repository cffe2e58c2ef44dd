import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { MAX_TIMER, readBoundedDurationMs, type DurationBounds } from './durations';

/** Used when a provider has no `schedule`: hourly, first run soon after start-up. @public */
export const defaultSchedule: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { minutes: 50 },
  initialDelay: { seconds: 5 },
};

/** A sync more often than every second is a busy loop; a duration frequency is a timer (longer: use `cron`). */
const frequencyBounds: DurationBounds = { min: { seconds: 1 }, max: MAX_TIMER, example: '{ hours: 1 } or "PT1H" (longer: { cron: "0 0 1 * *" })' };
/** A run's timeout is a timer: zero aborts every run. */
const timeoutBounds: DurationBounds = { min: { seconds: 1 }, max: MAX_TIMER, example: '{ minutes: 50 } or "PT50M"' };
const initialDelayBounds: DurationBounds = { min: { seconds: 0 }, max: MAX_TIMER, example: '{ seconds: 5 } or "PT5S"' };

/**
 * `<configPath>.schedule`, or `fallback`. Errors name the full path. Durations
 * the scheduler would take but that make no sense for a sync are refused:
 * a frequency or timeout under a second (a zero frequency runs every few
 * seconds; a zero timeout aborts every run), a negative initial delay, and
 * any timer past what Node can wait (it fires at once).
 *
 * @public
 */
export function readSchedule(
  config: Config,
  configPath: string,
  fallback: SchedulerServiceTaskScheduleDefinition = defaultSchedule,
): SchedulerServiceTaskScheduleDefinition {
  const schedule = config.getOptionalConfig('schedule');
  if (!schedule) return fallback;
  const path = `${configPath}.schedule`;
  checkScheduleDurations(schedule, path);
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule);
  } catch (error) {
    throw new Error(`${path} is invalid: ${(error as Error).message}. Example: { frequency: { hours: 1 }, timeout: { minutes: 50 } } or { frequency: { cron: '0 * * * *' }, timeout: 'PT50M' }`);
  }
}

/** Checked before the scheduler's own reader, whose errors do not name the full path. */
function checkScheduleDurations(schedule: Config, path: string): void {
  const frequency = schedule.getOptional('frequency');
  const form = typeof frequency === 'object' && frequency !== null && !Array.isArray(frequency) ? frequency : {};
  if ('cron' in form) checkCron(String(form.cron), `${path}.frequency.cron`);
  else if (!('trigger' in form) && frequency !== undefined) readBoundedDurationMs(schedule, 'frequency', path, frequencyBounds);
  if (schedule.has('timeout')) readBoundedDurationMs(schedule, 'timeout', path, timeoutBounds);
  if (schedule.has('initialDelay')) readBoundedDurationMs(schedule, 'initialDelay', path, initialDelayBounds);
}

/** The scheduler would only fail on a malformed cron expression at its first run; this catches the usual mistakes at start-up. */
function checkCron(expression: string, path: string): void {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6 || !fields.every(field => /^[\d*,\-/A-Za-z?LW#]+$/.test(field))) {
    throw new Error(`${path} "${expression}" is not a cron expression (5 or 6 fields, e.g. "0 * * * *" for every hour)`);
  }
}
