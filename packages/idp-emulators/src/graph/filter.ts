import { badRequest, unsupportedQuery } from './errors';

/**
 * The subset of OData `$filter` that directory sync clients use:
 * `prop eq|ne|gt|ge|lt|le literal`, `startswith(prop,'x')`, `endswith(prop,'x')`,
 * `coll/any(c:c eq 'x')`, `not`, parentheses, `and`, `or`.
 * String comparisons are case-insensitive, as Entra's are.
 */
export interface ParsedFilter {
  test(object: Record<string, unknown>): boolean;
  /** Uses `ne`, `not` or `endswith`: Graph wants `ConsistencyLevel: eventual` + `$count=true` for those. */
  advanced: boolean;
}

type Token = { type: 'ident' | 'string' | 'literal' | 'punct'; value: string };
type Node = (object: Record<string, unknown>) => boolean;

export function parseFilter(text: string): ParsedFilter {
  const parser = new FilterParser(tokenize(text));
  const node = parser.parseOr();
  if (!parser.done()) throw invalid(text);
  return { test: node, advanced: parser.advanced };
}

function invalid(text: string): Error {
  return badRequest(`Invalid filter clause: ${text}`, 'BadRequest');
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw invalid(text);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      tokens.push({ type: 'string', value });
    } else if ('(),:'.includes(c)) {
      tokens.push({ type: 'punct', value: c });
      i++;
    } else {
      const match = /^[A-Za-z0-9_.\-/@#$]+/.exec(text.slice(i));
      if (!match) throw invalid(text);
      const word = match[0];
      tokens.push({ type: /^(true|false|null|-?\d+(\.\d+)?)$/.test(word) ? 'literal' : 'ident', value: word });
      i += word.length;
    }
  }
  return tokens;
}

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

class FilterParser {
  advanced = false;
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  parseOr(): Node {
    let left = this.parseAnd();
    while (this.peekWord('or')) {
      this.pos++;
      const right = this.parseAnd();
      const l = left;
      left = o => l(o) || right(o);
    }
    return left;
  }

  private parseAnd(): Node {
    let left = this.parseUnary();
    while (this.peekWord('and')) {
      this.pos++;
      const right = this.parseUnary();
      const l = left;
      left = o => l(o) && right(o);
    }
    return left;
  }

  private parseUnary(): Node {
    if (this.peekWord('not')) {
      this.pos++;
      this.advanced = true;
      const inner = this.parseUnary();
      return o => !inner(o);
    }
    if (this.peekPunct('(')) {
      this.pos++;
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    return this.parseTerm();
  }

  private parseTerm(): Node {
    const head = this.next();
    if (head.type !== 'ident') throw unsupportedQuery();
    const lower = head.value.toLowerCase();
    if ((lower === 'startswith' || lower === 'endswith') && this.peekPunct('(')) {
      this.pos++;
      const property = this.expectIdent();
      this.expectPunct(',');
      const value = this.expectString();
      this.expectPunct(')');
      if (lower === 'endswith') this.advanced = true;
      return o => {
        const actual = o[property];
        if (typeof actual !== 'string') return false;
        return lower === 'startswith'
          ? actual.toLowerCase().startsWith(value.toLowerCase())
          : actual.toLowerCase().endsWith(value.toLowerCase());
      };
    }
    const any = /^(.+)\/any$/i.exec(head.value);
    if (any) return this.parseAny(any[1]);
    const op = this.next();
    if (op.type !== 'ident' || !COMPARISONS.has(op.value.toLowerCase())) throw unsupportedQuery();
    const operator = op.value.toLowerCase();
    if (operator === 'ne') this.advanced = true;
    const literal = this.literal();
    return o => compare(o[head.value], operator, literal);
  }

  /** `proxyAddresses/any(x:x eq 'smtp:a@b')` or `groupTypes/any(c:c eq 'Unified')`. */
  private parseAny(property: string): Node {
    this.expectPunct('(');
    const variable = this.expectIdent();
    this.expectPunct(':');
    const left = this.expectIdent();
    if (left !== variable) throw unsupportedQuery();
    const op = this.next();
    if (op.value.toLowerCase() !== 'eq') throw unsupportedQuery();
    const literal = this.literal();
    this.expectPunct(')');
    return o => {
      const values = o[property];
      return Array.isArray(values) && values.some(v => compare(v, 'eq', literal));
    };
  }

  private literal(): unknown {
    const token = this.next();
    if (token.type === 'string') return token.value;
    if (token.type !== 'literal') throw unsupportedQuery();
    if (token.value === 'true') return true;
    if (token.value === 'false') return false;
    if (token.value === 'null') return null;
    return Number(token.value);
  }

  private next(): Token {
    const token = this.tokens[this.pos++];
    if (!token) throw unsupportedQuery();
    return token;
  }

  private expectIdent(): string {
    const token = this.next();
    if (token.type !== 'ident') throw unsupportedQuery();
    return token.value;
  }

  private expectString(): string {
    const token = this.next();
    if (token.type !== 'string') throw unsupportedQuery();
    return token.value;
  }

  private expectPunct(value: string): void {
    const token = this.next();
    if (token.type !== 'punct' || token.value !== value) throw unsupportedQuery();
  }

  private peekWord(word: string): boolean {
    const token = this.tokens[this.pos];
    return !!token && token.type === 'ident' && token.value.toLowerCase() === word;
  }

  private peekPunct(value: string): boolean {
    const token = this.tokens[this.pos];
    return !!token && token.type === 'punct' && token.value === value;
  }
}

function compare(actual: unknown, operator: string, expected: unknown): boolean {
  const a = typeof actual === 'string' ? actual.toLowerCase() : actual ?? null;
  const e = typeof expected === 'string' ? expected.toLowerCase() : expected;
  switch (operator) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    default: {
      if (a === null || e === null) return false;
      const [x, y] = [a as string | number, e as string | number];
      if (operator === 'gt') return x > y;
      if (operator === 'ge') return x >= y;
      if (operator === 'lt') return x < y;
      return x <= y;
    }
  }
}
