import type { JsonValue } from '../base/json';
import type { CompareOperator, CompareValue } from './ast';
import { comparison, instantOf } from './compare';

const compareValue = (actual: JsonValue | undefined, operator: CompareOperator, expected: CompareValue, caseExact: boolean) =>
  comparison(operator, expected, caseExact)(actual);

describe('instantOf', () => {
  it('reads xsd:dateTime in any zone, without a zone as UTC', () => {
    expect(instantOf('2011-05-13T04:42:34Z')).toBe(Date.UTC(2011, 4, 13, 4, 42, 34));
    expect(instantOf('2011-05-13T06:42:34+02:00')).toBe(Date.UTC(2011, 4, 13, 4, 42, 34));
    expect(instantOf('2011-05-13T04:42:34.250')).toBe(Date.UTC(2011, 4, 13, 4, 42, 34, 250));
    expect(instantOf('2011-05-13')).toBeUndefined();
    expect(instantOf('2011-13-45T99:00:00Z')).toBeUndefined();
  });
});

describe('comparison', () => {
  it('compares strings case-insensitively unless case-exact', () => {
    expect(compareValue('Babs', 'eq', 'babs', false)).toBe(true);
    expect(compareValue('Babs', 'eq', 'babs', true)).toBe(false);
    expect(compareValue('Babs', 'co', 'AB', false)).toBe(true);
    expect(compareValue('Babs', 'sw', 'ba', false)).toBe(true);
    expect(compareValue('Babs', 'ew', 'BS', false)).toBe(true);
    expect(compareValue('b', 'gt', 'A', false)).toBe(true);
    expect(compareValue('b', 'gt', 'A', true)).toBe(true);
  });

  it('orders dateTimes as instants, not as text', () => {
    expect(compareValue('2011-05-13T06:00:00+02:00', 'lt', '2011-05-13T05:00:00Z', false)).toBe(true);
    expect(compareValue('2011-05-13T06:00:00+02:00', 'eq', '2011-05-13T04:00:00Z', false)).toBe(true);
    expect(compareValue('2011-05-13T06:00:00+02:00', 'le', '2011-05-13T04:00:00Z', false)).toBe(true);
  });

  it('compares numbers, booleans and null by type', () => {
    expect(compareValue(3, 'ge', 3, false)).toBe(true);
    expect(compareValue('3', 'eq', 3, false)).toBe(false);
    expect(compareValue(true, 'eq', true, false)).toBe(true);
    expect(compareValue('true', 'eq', true, false)).toBe(false);
    expect(compareValue(undefined, 'eq', null, false)).toBe(true);
    expect(compareValue('x', 'ne', null, false)).toBe(true);
    expect(compareValue(5, 'co', '5', false)).toBe(false);
  });
});
