/**
 * Okta's SCIM-like filter / search expressions:
 * `status eq "ACTIVE" and (profile.lastName sw "Tu" or lastUpdated gt "2024-01-01T00:00:00.000Z")`.
 */

export type FilterOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'sw' | 'co' | 'ew' | 'pr';

export type FilterExpression =
  | { kind: 'and' | 'or'; left: FilterExpression; right: FilterExpression }
  | { kind: 'not'; inner: FilterExpression }
  | { kind: 'compare'; attribute: string; operator: FilterOperator; value: string | number | boolean | null };

export class FilterSyntaxError extends Error {}

const OPERATORS = new Set<FilterOperator>(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'ew', 'pr']);

type Token = { type: 'word' | 'string' | '(' | ')'; text: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ type: c, text: c });
      i++;
    } else if (c === '"') {
      let text = '';
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        text += input[i++];
      }
      if (input[i] !== '"') throw new FilterSyntaxError('unterminated string');
      i++;
      tokens.push({ type: 'string', text });
    } else {
      let text = '';
      while (i < input.length && !/[\s()"]/.test(input[i])) text += input[i++];
      tokens.push({ type: 'word', text });
    }
  }
  return tokens;
}

/** Parses an expression; `and` binds tighter than `or`. */
export function parseFilter(input: string): FilterExpression {
  const tokens = tokenize(input);
  let pos = 0;
  const peekWord = () => (tokens[pos]?.type === 'word' ? tokens[pos].text.toLowerCase() : undefined);

  const parseOr = (): FilterExpression => {
    let left = parseAnd();
    while (peekWord() === 'or') {
      pos++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): FilterExpression => {
    let left = parseUnary();
    while (peekWord() === 'and') {
      pos++;
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): FilterExpression => {
    if (peekWord() === 'not') {
      pos++;
      return { kind: 'not', inner: parseUnary() };
    }
    const token = tokens[pos];
    if (!token) throw new FilterSyntaxError('unexpected end of expression');
    if (token.type === '(') {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.type !== ')') throw new FilterSyntaxError('missing )');
      pos++;
      return inner;
    }
    if (token.type !== 'word') throw new FilterSyntaxError(`expected an attribute, got "${token.text}"`);
    pos++;
    const opToken = tokens[pos++];
    const operator = opToken?.text.toLowerCase() as FilterOperator;
    if (!opToken || opToken.type !== 'word' || !OPERATORS.has(operator)) {
      throw new FilterSyntaxError(`unknown operator "${opToken?.text ?? ''}"`);
    }
    if (operator === 'pr') return { kind: 'compare', attribute: token.text, operator, value: null };
    const valueToken = tokens[pos++];
    if (!valueToken) throw new FilterSyntaxError('missing value');
    let value: string | number | boolean | null;
    if (valueToken.type === 'string') value = valueToken.text;
    else if (valueToken.type !== 'word') throw new FilterSyntaxError(`unexpected "${valueToken.text}"`);
    else if (valueToken.text === 'true' || valueToken.text === 'false') value = valueToken.text === 'true';
    else if (valueToken.text === 'null') value = null;
    else if (/^-?\d+(\.\d+)?$/.test(valueToken.text)) value = Number(valueToken.text);
    else throw new FilterSyntaxError(`values must be quoted: ${valueToken.text}`);
    return { kind: 'compare', attribute: token.text, operator, value };
  };

  const expression = parseOr();
  if (pos !== tokens.length) throw new FilterSyntaxError(`unexpected "${tokens[pos].text}"`);
  return expression;
}

/** Every comparison in the expression, to check attributes and operators against what an endpoint allows. */
export function comparisons(expression: FilterExpression): Extract<FilterExpression, { kind: 'compare' }>[] {
  if (expression.kind === 'compare') return [expression];
  if (expression.kind === 'not') return comparisons(expression.inner);
  return [...comparisons(expression.left), ...comparisons(expression.right)];
}

const DATE_ATTRIBUTES = new Set(['created', 'activated', 'statusChanged', 'lastLogin', 'lastUpdated', 'passwordChanged', 'lastMembershipUpdated']);

/** Evaluates against an Okta object; strings compare case-insensitively, timestamps as instants. */
export function evaluateFilter(expression: FilterExpression, object: unknown): boolean {
  switch (expression.kind) {
    case 'and':
      return evaluateFilter(expression.left, object) && evaluateFilter(expression.right, object);
    case 'or':
      return evaluateFilter(expression.left, object) || evaluateFilter(expression.right, object);
    case 'not':
      return !evaluateFilter(expression.inner, object);
    default:
      return compare(expression, object);
  }
}

function compare(expression: Extract<FilterExpression, { kind: 'compare' }>, object: unknown): boolean {
  const actual = lookup(object, expression.attribute);
  const { operator, value } = expression;
  if (operator === 'pr') return actual !== undefined && actual !== null && actual !== '';
  if (actual === undefined || actual === null) return operator === 'eq' ? value === null : operator === 'ne' && value !== null;
  if (DATE_ATTRIBUTES.has(expression.attribute) && typeof value === 'string') {
    return order(operator, Date.parse(String(actual)) - Date.parse(value));
  }
  if (Array.isArray(actual)) {
    return actual.some(item => compare({ ...expression, attribute: '' }, item));
  }
  const a = typeof actual === 'string' ? actual.toLowerCase() : actual;
  const b = typeof value === 'string' ? value.toLowerCase() : value;
  switch (operator) {
    case 'sw':
      return typeof a === 'string' && typeof b === 'string' && a.startsWith(b);
    case 'ew':
      return typeof a === 'string' && typeof b === 'string' && a.endsWith(b);
    case 'co':
      return typeof a === 'string' && typeof b === 'string' && a.includes(b);
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    default:
      if (typeof a === 'number' && typeof b === 'number') return order(operator, a - b);
      return order(operator, String(a).localeCompare(String(b)));
  }
}

function order(operator: FilterOperator, difference: number): boolean {
  if (Number.isNaN(difference)) return false;
  switch (operator) {
    case 'eq':
      return difference === 0;
    case 'ne':
      return difference !== 0;
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

function lookup(object: unknown, attribute: string): unknown {
  if (attribute === '') return object;
  let current: unknown = object;
  for (const part of attribute.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Which attribute/operator pairs an endpoint parameter accepts. */
export type FilterPolicy = (attribute: string, operator: FilterOperator) => boolean;

/** Parses and checks against `policy`; throws FilterSyntaxError when the expression is malformed or not allowed. */
export function parseAllowedFilter(input: string, policy: FilterPolicy): FilterExpression {
  const expression = parseFilter(input);
  for (const c of comparisons(expression)) {
    if (!policy(c.attribute, c.operator)) {
      throw new FilterSyntaxError(`"${c.attribute} ${c.operator}" is not supported here`);
    }
    if (DATE_ATTRIBUTES.has(c.attribute) && typeof c.value === 'string' && Number.isNaN(Date.parse(c.value))) {
      throw new FilterSyntaxError(`"${c.value}" is not a timestamp`);
    }
  }
  return expression;
}
