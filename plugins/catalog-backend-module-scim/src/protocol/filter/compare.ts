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

/** Whether one attribute value meets a filter's comparison. */
export type ValueTest = (actual: JsonValue | undefined) => boolean;

/**
 * The test for `operator` against a filter's literal, prepared once so a filter scanning 10,000 members does not
 * re-read its literal per member. Strings compare case-insensitively unless `caseExact`; two dateTimes compare as
 * instants, so `meta.lastModified gt "2011-05-13T04:42:34Z"` holds for a later time in any zone.
 */
export function comparison(operator: CompareOperator, expected: CompareValue, caseExact: boolean): ValueTest {
  if (operator === 'ne') {
    const equals = comparison('eq', expected, caseExact);
    return actual => !equals(actual);
  }
  if (expected === null) return actual => actual === undefined || actual === null;
  if (typeof expected === 'boolean') return actual => actual === expected;
  if (typeof expected === 'number') return actual => typeof actual === 'number' && ordered(operator, actual - expected);
  return stringComparison(operator, expected, caseExact);
}

function stringComparison(operator: CompareOperator, expected: string, caseExact: boolean): ValueTest {
  const byText = textComparison(operator, caseExact ? expected : expected.toLowerCase(), caseExact);
  const expectedTime = operator === 'eq' || isOrdering(operator) ? instantOf(expected) : undefined;
  if (expectedTime === undefined) return actual => typeof actual === 'string' && byText(actual);
  return actual => {
    if (typeof actual !== 'string') return false;
    const actualTime = instantOf(actual);
    return actualTime === undefined ? byText(actual) : ordered(operator, actualTime - expectedTime);
  };
}

function textComparison(operator: CompareOperator, expected: string, caseExact: boolean): (actual: string) => boolean {
  const fold = caseExact ? (text: string) => text : (text: string) => text.toLowerCase();
  switch (operator) {
    case 'co':
      return actual => fold(actual).includes(expected);
    case 'sw':
      return actual => fold(actual).startsWith(expected);
    case 'ew':
      return actual => fold(actual).endsWith(expected);
    default:
      return actual => {
        const folded = fold(actual);
        return ordered(operator, folded < expected ? -1 : folded > expected ? 1 : 0);
      };
  }
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
