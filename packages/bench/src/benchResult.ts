import type { ImplResult } from './runImpl';

/** One benchmark run: its settings, the machine and each implementation's results (written to the JSON report). */
export interface BenchResult {
  startedAt: string;
  size: string;
  org: { users: number; groups: number };
  settings: { latencyMs: number; rateLimits: boolean; database: string; queryable: boolean; catalog: string; processingIntervalS?: number; heapMb?: number; replicas?: number };
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    /** 1/5/15-minute load averages when the run started and ended: other work on the machine shows here. */
    loadAvgAtStart?: number[];
    loadAvgAtEnd?: number[];
  };
  results: ImplResult[];
}
