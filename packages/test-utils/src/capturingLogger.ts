import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';

export interface CapturedLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta: Record<string, unknown>;
}

/** A logger that keeps every line (children share the list), for asserting what operators would read. */
export class CapturingLogger implements LoggerService {
  readonly lines: CapturedLine[];
  private readonly meta: Record<string, unknown>;

  constructor(lines: CapturedLine[] = [], meta: Record<string, unknown> = {}) {
    this.lines = lines;
    this.meta = meta;
  }

  error(message: string, meta?: Error | JsonObject): void {
    this.push('error', message, meta);
  }
  warn(message: string, meta?: Error | JsonObject): void {
    this.push('warn', message, meta);
  }
  info(message: string, meta?: Error | JsonObject): void {
    this.push('info', message, meta);
  }
  debug(message: string, meta?: Error | JsonObject): void {
    this.push('debug', message, meta);
  }
  child(meta: JsonObject): LoggerService {
    return new CapturingLogger(this.lines, { ...this.meta, ...meta });
  }

  /** Every captured line as text, one per line. */
  text(): string {
    return this.lines.map(l => `${l.level} ${l.message} ${JSON.stringify(l.meta)}`).join('\n');
  }

  clear(): void {
    this.lines.length = 0;
  }

  private push(level: CapturedLine['level'], message: string, meta?: Error | JsonObject) {
    const extra = meta instanceof Error ? { error: meta.message } : (meta ?? {});
    this.lines.push({ level, message, meta: { ...this.meta, ...extra } });
  }
}
