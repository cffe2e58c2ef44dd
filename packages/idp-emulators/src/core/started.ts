import type { EmulatorServer } from './server';

/** What every `startXxxEmulator` returns. */
export interface StartedEmulator<Info> {
  /** JSON-serialisable connection facts: base URL, credentials, CA path. */
  info: Info;
  /** The underlying server: counters, faults, `dispatch`. */
  server: EmulatorServer;
  close(): Promise<void>;
}

/** Options every emulator accepts. */
export interface CommonEmulatorOptions {
  port?: number;
  host?: string;
  latencyMs?: number;
  jitterMs?: number;
  seed?: number;
}
