import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { HumanDuration } from '@backstage/types';
import { Duration } from 'luxon';

/** Used when a provider has no `schedule`: hourly, first run soon after start-up. */
export const defaultSchedule: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 1 },
  timeout: { minutes: 50 },
  initialDelay: { seconds: 5 },
};

/**
 * `<configPath>.schedule`, or `fallback`. Errors name the full path, and
 * durations the scheduler would take but that make no sense for a sync are
 * refused: a frequency or timeout of zero or less (a zero frequency runs every
 * few seconds; a zero timeout aborts every run), a negative initial delay.
 */
export function readSchedule(
  config: Config,
  configPath: string,
  fallback: SchedulerServiceTaskScheduleDefinition = defaultSchedule,
): SchedulerServiceTaskScheduleDefinition {
  const schedule = config.getOptionalConfig('schedule');
  if (!schedule) return fallback;
  const path = `${configPath}.schedule`;
  let definition: SchedulerServiceTaskScheduleDefinition;
  try {
    definition = readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule);
  } catch (error) {
    throw new Error(`${path} is invalid: ${(error as Error).message}. Example: { frequency: { hours: 1 }, timeout: { minutes: 50 } } or { frequency: { cron: '0 * * * *' }, timeout: 'PT50M' }`);
  }
  const frequency = definition.frequency as { cron?: string; trigger?: string } | HumanDuration | Duration;
  if ('cron' in frequency) checkCron(String(frequency.cron), `${path}.frequency.cron`);
  else if (!('trigger' in frequency)) positive(frequency as HumanDuration | Duration, `${path}.frequency`);
  positive(definition.timeout as HumanDuration | Duration, `${path}.timeout`);
  if (definition.initialDelay !== undefined && milliseconds(definition.initialDelay as HumanDuration | Duration) < 0) {
    throw new Error(`${path}.initialDelay must not be negative`);
  }
  return definition;
}

/** The scheduler would only fail on a malformed cron expression at its first run; this catches the usual mistakes at start-up. */
function checkCron(expression: string, path: string): void {
  const fields = expression.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6 || !fields.every(field => /^[\d*,\-/A-Za-z?LW#]+$/.test(field))) {
    throw new Error(`${path} "${expression}" is not a cron expression (5 or 6 fields, e.g. "0 * * * *" for every hour)`);
  }
}

function positive(duration: HumanDuration | Duration, path: string): void {
  const ms = milliseconds(duration);
  if (!(ms > 0)) throw new Error(`${path} must be a positive duration, got ${JSON.stringify(Duration.isDuration(duration) ? duration.toISO() : duration)}`);
}

function milliseconds(duration: HumanDuration | Duration): number {
  return Duration.isDuration(duration) ? duration.as('milliseconds') : Duration.fromObject(duration).as('milliseconds');
}
