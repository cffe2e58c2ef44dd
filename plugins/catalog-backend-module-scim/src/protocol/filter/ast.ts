import type { AttributePath } from '../base/attributePath';

export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type CompareValue = string | number | boolean | null;

/** `attrPath compareOp compValue` */
export interface CompareFilter {
  kind: 'compare';
  path: AttributePath;
  operator: CompareOperator;
  value: CompareValue;
}

/** `attrPath pr` */
export interface PresentFilter {
  kind: 'present';
  path: AttributePath;
}

/** `a and b and c` / `a or b`, kept flat so a long chain does not nest. */
export interface LogicalFilter {
  kind: 'and' | 'or';
  filters: Filter[];
}

export interface NotFilter {
  kind: 'not';
  filter: Filter;
}

/** `emails[type eq "work"]`: some value of a multi-valued attribute matches `filter`, whose paths are its sub-attributes. */
export interface ValuePathFilter {
  kind: 'valuePath';
  path: AttributePath;
  filter: Filter;
}

/** A parsed SCIM filter (RFC 7644 §3.4.2.2). */
export type Filter = CompareFilter | PresentFilter | LogicalFilter | NotFilter | ValuePathFilter;
