import { CHANGE_MODE_NAMES, type ChangeModeName } from './changes/modes';
import { IMPL_NAMES, type ImplName } from './impls';

export type Size = 'S' | 'M' | 'L' | 'smoke';

export const SIZES: Record<Size, { users: number; groups: number }> = {
  smoke: { users: 200, groups: 20 },
  S: { users: 1_000, groups: 100 },
  M: { users: 10_000, groups: 1_000 },
  L: { users: 50_000, groups: 5_000 },
};

/** Sorts results by org size, smallest first (the order of `SIZES`). */
export const sizeOrder = (size: string) => Object.keys(SIZES).indexOf(size);

export interface BenchArgs {
  size: Size;
  impls: ImplName[];
  latencyMs: number;
  rateLimits: boolean;
  smoke: boolean;
  /** Wait until every user is queryable after the cold sync (and before the next one). */
  queryable: boolean;
  queryableTimeoutS: number;
  syncTimeoutS: number;
  /** Where result JSON goes; the smoke writes to a temporary directory. */
  resultsDir?: string;
  /** Only the cold sync (no no-change and 1% change syncs). */
  coldOnly: boolean;
  /** Update docs/benchmarks.md from the latest results. */
  writeDocs: boolean;
  /** The backend's database: SQLite in memory (the default) or a fresh PostgreSQL database per implementation. */
  database: 'sqlite' | 'postgres';
  /** `catalog.processingInterval` of the benchmarked backends, in seconds; default the catalog's own (100–150 s). */
  processingIntervalS?: number;
  /** `--max-old-space-size` of every benchmarked backend (MB): the heap budget a container's memory limit implies. */
  heapMb?: number;
  /**
   * Backend processes of one implementation sharing one PostgreSQL database (`--replicas N`, ours only): the
   * provider's run happens on one of them, the catalog's processing on all. Undefined when the flag is not given.
   */
  replicas?: number;
  /** Measure change events (latency, idle poll cost, burst, GitHub steady state) instead of the sync comparison. */
  changes: boolean;
  changeModes: ChangeModeName[];
  /** Latency samples per mode. */
  samples: number;
  /** `events.poll.interval` of the measured providers, in seconds. */
  intervalS: number;
  /** Idle window in poll intervals. */
  idleIntervals: number;
  /** Deactivations in the burst (0: none) and the org size they are made in. */
  burst: number;
  burstSize: Size;
  burstModes: ChangeModeName[];
  /** Measure the SCIM receiver (issue #31) instead of the sync comparison. */
  scim: boolean;
  /** POST /Users of the SCIM provisioning figure. */
  scimUsers: number;
  /** The databases the SCIM figures are measured on: both, unless `--database` names one. */
  scimDatabases: Array<'sqlite' | 'postgres'>;
}

const USAGE = `npm run bench -- [--size S|M|L] [--impl ${IMPL_NAMES.join(',')}] [--latency-ms 20] [--rate-limits]
                    [--no-queryable] [--cold-only] [--queryable-timeout 1800] [--sync-timeout 1800] [--no-docs] [--smoke]
                    [--database sqlite|postgres] [--processing-interval-s N] [--heap-mb N] [--replicas N]
                    [--changes [--modes ${CHANGE_MODE_NAMES.join(',')}] [--samples 5] [--interval-s 30] [--idle-intervals 2]
                               [--burst 1000] [--burst-size M] [--burst-modes a,b]]
                    [--scim [--scim-users 1000] [--samples 20] [--database sqlite|postgres]]   (postgres: $BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, default postgresql://postgres@127.0.0.1:5432)`;

export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = {
    size: 'S',
    impls: [...IMPL_NAMES],
    latencyMs: 20,
    rateLimits: false,
    smoke: false,
    queryable: true,
    queryableTimeoutS: 1800,
    syncTimeoutS: 1800,
    writeDocs: true,
    coldOnly: false,
    database: 'sqlite',
    changes: false,
    changeModes: [...CHANGE_MODE_NAMES],
    samples: 5,
    intervalS: 30,
    idleIntervals: 2,
    burst: 1000,
    burstSize: 'M',
    burstModes: [...CHANGE_MODE_NAMES],
    scim: false,
    scimUsers: 1000,
    scimDatabases: ['sqlite', 'postgres'],
  };
  const modes = (list: string, flag: string): ChangeModeName[] => {
    if (list === 'none') return [];
    const names = list.split(',').map(n => n.trim()).filter(Boolean) as ChangeModeName[];
    const unknown = names.filter(n => !CHANGE_MODE_NAMES.includes(n));
    if (unknown.length) throw new Error(`unknown ${flag} ${unknown.join(', ')}; known: ${CHANGE_MODE_NAMES.join(', ')}`);
    return names;
  };
  const positive = (v: string, flag: string, whole = true) => {
    const n = Number(v);
    if (!(n >= 0) || (whole && !Number.isInteger(n))) throw new Error(`${flag} must be a ${whole ? 'whole ' : ''}number ≥ 0, got ${v}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--size') {
      const size = value().toUpperCase();
      if (!['S', 'M', 'L'].includes(size)) throw new Error(`--size must be S, M or L\n${USAGE}`);
      args.size = size as Size;
    } else if (flag === '--impl') {
      const names = value().split(',').map(s => s.trim()) as ImplName[];
      const unknown = names.filter(n => !IMPL_NAMES.includes(n));
      if (unknown.length) throw new Error(`unknown --impl ${unknown.join(', ')}; known: ${IMPL_NAMES.join(', ')}`);
      args.impls = names;
    } else if (flag === '--latency-ms') args.latencyMs = Number(value());
    else if (flag === '--rate-limits') args.rateLimits = true;
    else if (flag === '--no-queryable') args.queryable = false;
    else if (flag === '--queryable-timeout') args.queryableTimeoutS = Number(value());
    else if (flag === '--sync-timeout') args.syncTimeoutS = Number(value());
    else if (flag === '--no-docs') args.writeDocs = false;
    else if (flag === '--cold-only') args.coldOnly = true;
    else if (flag === '--processing-interval-s') {
      const seconds = Number(value());
      if (!(seconds > 0)) throw new Error(`--processing-interval-s must be a positive number of seconds\n${USAGE}`);
      args.processingIntervalS = seconds;
    } else if (flag === '--heap-mb') {
      const mb = Number(value());
      if (!(Number.isInteger(mb) && mb >= 64)) throw new Error(`--heap-mb must be a whole number of MB (at least 64)\n${USAGE}`);
      args.heapMb = mb;
    } else if (flag === '--replicas') {
      const n = Number(value());
      if (!(Number.isInteger(n) && n >= 1)) throw new Error(`--replicas must be a whole number of backend processes (at least 1)\n${USAGE}`);
      args.replicas = n;
    } else if (flag === '--database') {
      const database = value();
      if (database !== 'sqlite' && database !== 'postgres') throw new Error(`--database must be sqlite or postgres\n${USAGE}`);
      args.database = database;
    }
    else if (flag === '--smoke') args.smoke = true;
    else if (flag === '--scim') args.scim = true;
    else if (flag === '--scim-users') args.scimUsers = Math.max(1, positive(value(), flag));
    else if (flag === '--changes') args.changes = true;
    else if (flag === '--modes') args.changeModes = modes(value(), flag);
    else if (flag === '--burst-modes') args.burstModes = modes(value(), flag);
    else if (flag === '--samples') args.samples = Math.max(1, positive(value(), flag));
    else if (flag === '--interval-s') args.intervalS = Math.max(1, positive(value(), flag, false));
    else if (flag === '--idle-intervals') args.idleIntervals = Math.max(1, positive(value(), flag));
    else if (flag === '--burst') args.burst = positive(value(), flag);
    else if (flag === '--burst-size') {
      const size = value().toUpperCase();
      if (!['S', 'M', 'L'].includes(size)) throw new Error(`--burst-size must be S, M or L\n${USAGE}`);
      args.burstSize = size as Size;
    }
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  if (args.smoke) {
    args.size = 'smoke';
    if (!argv.includes('--impl')) args.impls = ['ours-okta', 'peer-okta'];
    args.writeDocs = false;
    args.queryableTimeoutS = Math.min(args.queryableTimeoutS, 60);
    args.syncTimeoutS = Math.min(args.syncTimeoutS, 60);
    // The change smoke: Okta polled every 2 s and pushed, two samples each, no burst.
    if (!argv.includes('--modes')) args.changeModes = ['okta-poll', 'okta-push'];
    if (!argv.includes('--interval-s')) args.intervalS = 2;
    if (!argv.includes('--samples')) args.samples = 2;
    if (!argv.includes('--idle-intervals')) args.idleIntervals = 3;
    if (!argv.includes('--burst')) args.burst = 0;
    // The SCIM smoke: 200 users and 3 deactivations on SQLite.
    if (!argv.includes('--scim-users')) args.scimUsers = 200;
    if (!argv.includes('--database')) args.scimDatabases = ['sqlite'];
  }
  if (argv.includes('--database')) args.scimDatabases = [args.database];
  // SCIM takes 20 deactivations unless told otherwise (the change modes' default, 5, is few for a p90).
  if (args.scim && !argv.includes('--samples')) args.samples = 20;
  if (args.replicas !== undefined) {
    if (args.database !== 'postgres') throw new Error(`--replicas needs --database postgres: replicas share one database, which SQLite in memory cannot be\n${USAGE}`);
    const peers = args.impls.filter(n => !n.startsWith('ours-'));
    if (peers.length) throw new Error(`--replicas measures our modules only (ours-*); drop ${peers.join(', ')} from --impl\n${USAGE}`);
    if (args.changes || args.smoke || args.scim) throw new Error(`--replicas measures the sync comparison only, not --changes, --scim or --smoke\n${USAGE}`);
  }
  return args;
}
