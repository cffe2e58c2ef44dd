import { ScimError } from '../base/errors';

export type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: '(' | ')' | '[' | ']'; at: number };

const WORD = /[A-Za-z$_.][\w$.:-]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\]|\\.)*"/y;
const SPACE = /\s+/y;

export const invalidFilter = (detail: string) => ScimError.badRequest('invalidFilter', detail);

/** Splits a filter (or a PATCH path) into tokens; `invalid` builds the error for a character that starts none. */
export function tokenize(text: string, invalid: (detail: string) => ScimError = invalidFilter): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at];
    if (char === '(' || char === ')' || char === '[' || char === ']') {
      tokens.push({ kind: char, at });
      at += 1;
      continue;
    }
    const match = matchAt(SPACE, text, at) ?? matchAt(STRING, text, at) ?? matchAt(NUMBER, text, at) ?? matchAt(WORD, text, at);
    if (match === undefined) throw invalid(`unexpected "${char}" at position ${at + 1}`);
    const token = toToken(match, at, invalid);
    if (token) tokens.push(token);
    at += match.length;
  }
  return tokens;
}

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

function toToken(match: string, at: number, invalid: (detail: string) => ScimError): Token | undefined {
  if (/^\s/.test(match)) return undefined;
  if (match.startsWith('"')) return { kind: 'string', value: parseStringLiteral(match, at, invalid), at };
  if (/^-?\d/.test(match)) return { kind: 'number', value: Number(match), at };
  return { kind: 'word', text: match, at };
}

function parseStringLiteral(literal: string, at: number, invalid: (detail: string) => ScimError): string {
  try {
    const value: unknown = JSON.parse(literal);
    if (typeof value === 'string') return value;
  } catch {
    // a bad escape: answered below
  }
  throw invalid(`malformed string at position ${at + 1}`);
}
