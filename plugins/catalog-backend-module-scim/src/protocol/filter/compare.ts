import type { JsonValue } from '../base/json';
import type { CompareOperator, CompareValue } from './ast';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i;

/** The instant an xsd:dateTime names (one without a zone is read as UTC), or undefined for any other string. */
export function instantOf(text: string): number | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const time = Date.parse(match[1] ? text : `${text}Z`);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * One attribute value against a filter's literal. Strings compare case-insensitively unless `caseExact`; two
 * dateTimes compare as instants, so `meta.lastModified gt "2011-05-13T04:42:34Z"` holds for a later time in any zone.
 */
export function compareValue(actual: JsonValue | undefined, operator: CompareOperator, expected: CompareValue, caseExact: boolean): boolean {
  if (operator === 'ne') return !compareValue(actual, 'eq', expected, caseExact);
  if (expected === null) return actual === undefined || actual === null;
  if (typeof expected === 'boolean') return actual === expected;
  if (typeof expected === 'number') return typeof actual === 'number' && ordered(operator, actual - expected);
  if (typeof actual !== 'string') return false;
  const actualTime = instantOf(actual);
  const expectedTime = instantOf(expected);
  if (actualTime !== undefined && expectedTime !== undefined && isOrdering(operator)) {
    return ordered(operator, actualTime - expectedTime);
  }
  const left = caseExact ? actual : actual.toLowerCase();
  const right = caseExact ? expected : expected.toLowerCase();
  if (operator === 'co') return left.includes(right);
  if (operator === 'sw') return left.startsWith(right);
  if (operator === 'ew') return left.endsWith(right);
  if (operator === 'eq' && actualTime !== undefined && expectedTime !== undefined) return actualTime === expectedTime;
  return ordered(operator, left < right ? -1 : left > right ? 1 : 0);
}

function isOrdering(operator: CompareOperator): boolean {
  return operator === 'gt' || operator === 'ge' || operator === 'lt' || operator === 'le';
}

function ordered(operator: CompareOperator, difference: number): boolean {
  switch (operator) {
    case 'eq':
      return difference === 0;
    case 'gt':
      return difference > 0;
    case 'ge':
      return difference >= 0;
    case 'lt':
      return difference < 0;
    case 'le':
      return difference <= 0;
    default:
      return false;
  }
}
