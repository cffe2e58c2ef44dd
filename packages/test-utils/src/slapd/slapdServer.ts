import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isPortOpen } from '../postgres';
import { slapdPaths } from './availability';
import { createPrivateCa, type SlapdTlsFiles } from './tlsMaterial';

export interface StartSlapdOptions {
  /** Entries to load before the server starts (`slapadd`), the suffix entry first. */
  ldif: string;
  /** Default `dc=example,dc=com`. */
  suffix?: string;
  /** Default `secret-<random>`; bind as `cn=admin,<suffix>` with it. */
  rootPassword?: string;
  /** Also listen on `ldaps://` and offer StartTLS on `ldap://`, with a certificate from a private CA. */
  tls?: boolean;
  /** Load the ppolicy module and overlay, so `pwdAccountLockedTime` exists (default true when the module is installed). */
  ppolicy?: boolean;
  /** More slapd.conf lines for the database section (e.g. `limits …`). */
  databaseConfig?: string[];
}

/** What slapd did since the last `resetOperations()`, from its `stats` log. */
export interface SlapdOperationCounts {
  binds: number;
  /** Search operations (each page of a paged search is one). */
  searches: number;
  /** Entries returned by those searches. */
  entries: number;
  /** Other operations (add, modify, delete, modrdn, extended). */
  writes: number;
}

/** A throw-away OpenLDAP server: its own config and database in a temp dir, a child process on free ports. */
export interface SlapdServer {
  /** `ldap://127.0.0.1:<port>` (StartTLS offered when started with `tls`). */
  readonly url: string;
  /** `ldaps://127.0.0.1:<port>` when started with `tls`. */
  readonly ldapsUrl?: string;
  /** The private CA and the server's certificate when started with `tls`. */
  readonly tls?: SlapdTlsFiles;
  readonly suffix: string;
  readonly rootDn: string;
  readonly rootPassword: string;
  /** True when the ppolicy overlay is loaded (`pwdAccountLockedTime` locks an account). */
  readonly ppolicy: boolean;
  /** The counts so far (the stats log may lag behind the answers a client already has). */
  operations(): SlapdOperationCounts;
  /** The counts once slapd has logged the result of every search it logged (what to assert on after a client's calls). */
  settledOperations(): Promise<SlapdOperationCounts>;
  resetOperations(): void;
  /** Kills the process at once (SIGKILL): open connections drop; the database stays for `start()`. */
  kill(): Promise<void>;
  /** Starts the process again on the same ports with the same database. */
  start(): Promise<void>;
  /** Stops the process and removes its directory. */
  stop(): Promise<void>;
}

/** Servers still running, killed if the test process exits without stopping them (a crashed or timed-out test file). */
const running = new Map<ChildProcess, string>();
process.once('exit', () => {
  for (const [proc, dir] of running) {
    proc.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function slapdConfig(dir: string, o: { suffix: string; rootDn: string; rootPassword: string; ppolicy: boolean; tls?: SlapdTlsFiles; databaseConfig: string[] }): string {
  const schemas = ['core', 'cosine', 'inetorgperson', 'nis'].map(s => `include ${path.join(slapdPaths.schemas, `${s}.schema`)}`);
  const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return [
    ...schemas,
    `modulepath ${slapdPaths.modules}`,
    'moduleload back_mdb',
    ...(o.ppolicy ? ['moduleload ppolicy'] : []),
    `pidfile ${path.join(dir, 'slapd.pid')}`,
    `argsfile ${path.join(dir, 'slapd.args')}`,
    ...(o.tls ? [`TLSCACertificateFile ${o.tls.caPath}`, `TLSCertificateFile ${o.tls.certPath}`, `TLSCertificateKeyFile ${o.tls.keyPath}`] : []),
    'database mdb',
    'maxsize 1073741824',
    `suffix ${quote(o.suffix)}`,
    `rootdn ${quote(o.rootDn)}`,
    `rootpw ${quote(o.rootPassword)}`,
    `directory ${path.join(dir, 'db')}`,
    'index objectClass eq',
    ...(o.ppolicy ? ['overlay ppolicy'] : []),
    ...o.databaseConfig,
    '',
  ].join('\n');
}

/**
 * Starts a throw-away slapd seeded with `ldif`: a `slapd.conf` in a temp dir (core, cosine,
 * inetorgperson and nis schemas, back_mdb), the LDIF loaded offline with `slapadd`, then
 * `slapd -h ldap://127.0.0.1:<port>/` as a child process, answered once it accepts connections.
 * Needs no root and no system service. Check `isSlapdAvailable()` (or use `describeSlapd`) first.
 */
export async function startSlapd(options: StartSlapdOptions): Promise<SlapdServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgsync-slapd-'));
  const suffix = options.suffix ?? 'dc=example,dc=com';
  const rootDn = `cn=admin,${suffix}`;
  const rootPassword = options.rootPassword ?? `secret-${Math.random().toString(36).slice(2)}`;
  const ppolicy = options.ppolicy ?? fs.existsSync(path.join(slapdPaths.modules, 'ppolicy.la'));
  const tls = options.tls ? createPrivateCa(path.join(dir, 'tls')) : undefined;
  fs.mkdirSync(path.join(dir, 'db'));
  const confPath = path.join(dir, 'slapd.conf');
  fs.writeFileSync(confPath, slapdConfig(dir, { suffix, rootDn, rootPassword, ppolicy, tls, databaseConfig: options.databaseConfig ?? [] }), { mode: 0o600 });
  const ldifPath = path.join(dir, 'seed.ldif');
  fs.writeFileSync(ldifPath, options.ldif);
  try {
    execFileSync(slapdPaths.slapadd, ['-q', '-f', confPath, '-l', ldifPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`slapadd could not load the LDIF: ${stderr || String(error)}`);
  }
  const port = await freePort();
  const tlsPort = tls ? await freePort() : undefined;
  const listeners = [`ldap://127.0.0.1:${port}/`, ...(tlsPort ? [`ldaps://127.0.0.1:${tlsPort}/`] : [])];

  let child: ChildProcess | undefined;
  let counts: SlapdOperationCounts = { binds: 0, searches: 0, entries: 0, writes: 0 };
  let searchResults = 0;
  let stderrTail = '';
  const countLine = (line: string) => {
    if (/ op=\d+ BIND .* method=/.test(line)) counts.binds++;
    else if (/ op=\d+ SRCH base=/.test(line)) counts.searches++;
    else if (/ op=\d+ (ADD|MOD|DEL|MODRDN|EXT) /.test(line)) counts.writes++;
    const entries = / op=\d+ SEARCH RESULT .*nentries=(\d+)/.exec(line);
    if (entries) {
      counts.entries += Number(entries[1]);
      searchResults++;
    }
  };

  const start = async () => {
    // -d 256: stay in the foreground and log each operation (stats) to stderr, which is counted.
    const proc = spawn(slapdPaths.slapd, ['-f', confPath, '-h', listeners.join(' '), '-d', '256'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    running.set(proc, dir);
    proc.once('exit', () => running.delete(proc));
    let pending = '';
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) countLine(line);
      stderrTail = (stderrTail + chunk).slice(-4000);
    });
    const deadline = Date.now() + 15_000;
    while (!(await isPortOpen('127.0.0.1', port, 200)) || (tlsPort && !(await isPortOpen('127.0.0.1', tlsPort, 200)))) {
      if (proc.exitCode !== null || Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`slapd did not start (exit ${proc.exitCode}): ${stderrTail.trim().split('\n').slice(-5).join(' | ')}`);
      }
      await new Promise(r => setTimeout(r, 50));
    }
  };
  const kill = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise(resolve => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  };

  try {
    await start();
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `ldap://127.0.0.1:${port}`,
    ldapsUrl: tlsPort ? `ldaps://127.0.0.1:${tlsPort}` : undefined,
    tls,
    suffix,
    rootDn,
    rootPassword,
    ppolicy,
    operations: () => ({ ...counts }),
    settledOperations: async () => {
      const deadline = Date.now() + 5_000;
      while (searchResults < counts.searches && Date.now() < deadline) await new Promise(r => setTimeout(r, 20));
      return { ...counts };
    },
    resetOperations: () => {
      counts = { binds: 0, searches: 0, entries: 0, writes: 0 };
      searchResults = 0;
    },
    kill,
    start,
    async stop() {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
