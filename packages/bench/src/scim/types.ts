/** The SCIM receiver's figures on one database (issue #31), from one backend process. */
export interface ScimDatabaseResult {
  /** `sqlite` (in memory) or `postgres`. */
  database: 'sqlite' | 'postgres';
  ok: boolean;
  error?: string;
  /** 1-minute load average when this database's measurement started: other work on the machine shows here. */
  loadAvg1: number;
  provisioning?: {
    users: number;
    concurrency: number;
    /** POST /Users answered per second while the engine applied them (the same process, the same cores). */
    requestsPerS: number;
    /** Seconds from the first POST until the last answer. */
    answeredS: number;
    /** Seconds from the first POST until the catalog served every one of them. */
    allInCatalogS?: number;
    /**
     * CPU milliseconds (user + system) the backend process used per POST from the first one until the catalog served them
     * all: answering, applying and the catalog's processing. Other work on the machine moves it far less than the rates.
     */
    backendCpuMsPerUser?: number;
  };
  deactivation?: {
    /** Milliseconds from each deactivation's response (PATCH `active: false`) until the User's 404 in the catalog API. */
    samplesMs: number[];
    medianMs?: number;
    p90Ms?: number;
    maxMs?: number;
  };
}

/** One `npm run bench -- --scim` run (written to bench/results/*-scim.json). */
export interface ScimBenchResult {
  kind: 'scim';
  startedAt: string;
  settings: { users: number; concurrency: number; samples: number; catalog: string; commit?: string };
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  databases: ScimDatabaseResult[];
}

/** Issue #31's targets. */
export const SCIM_TARGETS = { requestsPerS: 200, deactivationMs: 2000 };
