import type { ScimError } from '../base/errors';
import type { Token } from './lexer';

/** Reads a token list front to back; every "expected …" error is built by `invalid`. */
export class TokenCursor {
  private index = 0;

  constructor(
    private readonly tokens: readonly Token[],
    readonly invalid: (detail: string) => ScimError,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  next(): Token | undefined {
    const token = this.tokens[this.index];
    if (token) this.index += 1;
    return token;
  }

  /** The next token if it is the keyword `word` (keywords are case-insensitive), consumed. */
  acceptKeyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind !== 'word' || token.text.toLowerCase() !== word) return false;
    this.index += 1;
    return true;
  }

  accept(kind: '(' | ')' | '[' | ']'): boolean {
    if (this.peek()?.kind !== kind) return false;
    this.index += 1;
    return true;
  }

  expect(kind: '(' | ')' | '[' | ']'): void {
    if (!this.accept(kind)) throw this.invalid(`expected "${kind}" ${this.where()}`);
  }

  expectEnd(): void {
    if (this.peek()) throw this.invalid(`unexpected input ${this.where()}`);
  }

  where(): string {
    const token = this.peek();
    return token ? `at position ${token.at + 1}` : 'at the end';
  }
}
