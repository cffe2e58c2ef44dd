import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** One log line of the backend child, stamped when the harness received it. */
export interface LogLine {
  t: number;
  level: string;
  message: string;
}

export interface BackendChild {
  port: number;
  pid: number;
  lines: LogLine[];
  /** Resolves with the first line (received after `since`) matching one of the patterns. */
  waitForLine(patterns: RegExp[], since: number, timeoutMs: number): Promise<LogLine>;
  /** Peak resident set size since the last reset, in MB (VmHWM). */
  peakRssMb(): number;
  /** Starts a new peak-RSS window (Linux clear_refs 5); false when the kernel refuses. */
  resetPeakRss(): boolean;
  /** CPU seconds (user + system) the process has used so far. */
  cpuS(): number;
  stop(): Promise<void>;
  process: ChildProcess;
}

// eslint-disable-next-line no-control-regex -- colour codes of the development log format
const ANSI = /\u001b\[[0-9;]*m/g;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isListening(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Backstage prints JSON lines in production mode and `time plugin level message` in development; both are read. */
function parseLine(raw: string): { level: string; message: string } {
  const line = raw.replace(ANSI, '');
  if (line.startsWith('{')) {
    try {
      const json = JSON.parse(line) as { level?: string; message?: string };
      return { level: json.level ?? 'info', message: json.message ?? line };
    } catch {
      // not JSON after all
    }
  }
  const text = /^\S+\s+\S+\s+(info|warn|error|debug)\s+(.*)$/.exec(line);
  return text ? { level: text[1], message: text[2] } : { level: 'info', message: line };
}

/** Starts `node [--require preload] <entry> --config <file>` with a generated config and waits until it listens. */
export async function startBackendChild(options: {
  entry: string;
  preload?: string;
  /** `--max-old-space-size` (MB), when the run gives the backends a heap budget. */
  heapMb?: number;
  config: Record<string, unknown>;
  port: number;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<BackendChild> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgsync-bench-'));
  const configFile = path.join(dir, 'app-config.yaml');
  fs.writeFileSync(configFile, JSON.stringify(options.config, null, 2)); // JSON is YAML
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'orgsync-bench-backend', private: true }));
  const args = [
    ...(options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : []),
    ...(options.preload ? ['--require', options.preload] : []),
    options.entry,
    '--config',
    configFile,
  ];
  const child = spawn(process.execPath, args, {
    // Outside the monorepo: Backstage collects the config schemas of every workspace package around the cwd, so a
    // half-written module elsewhere in the repo could stop every child. Schemas only matter here for secret redaction.
    cwd: dir,
    env: { ...process.env, NODE_ENV: 'production', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const listeners = new Set<(line: LogLine) => void>();
  const onData = (() => {
    let rest = '';
    return (chunk: Buffer) => {
      const text = rest + chunk.toString('utf8');
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      for (const raw of parts) {
        if (!raw.trim()) continue;
        const line = { t: Date.now(), ...parseLine(raw) };
        lines.push(line);
        if (process.env.BENCH_VERBOSE) console.log(`    | ${line.level} ${line.message}`);
        listeners.forEach(listener => listener(line));
      }
    };
  })();
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));

  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (!(await isListening(options.port))) {
    if (child.exitCode !== null) {
      throw new Error(`backend ${options.entry} exited with ${child.exitCode} before listening:\n${tail(lines)}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`backend ${options.entry} did not listen on ${options.port} in time:\n${tail(lines)}`);
    }
    await sleep(200);
  }

  const statusFile = `/proc/${child.pid}/status`;
  return {
    port: options.port,
    pid: child.pid!,
    lines,
    process: child,
    waitForLine(patterns, since, timeoutMs) {
      const seen = lines.find(l => l.t >= since && patterns.some(p => p.test(l.message)));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`no log line matching ${patterns.join(' or ')} within ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        const listener = (line: LogLine) => {
          if (!patterns.some(p => p.test(line.message))) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(line);
        };
        listeners.add(listener);
        void exited.then(() => {
          if (!listeners.has(listener)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          reject(new Error(`backend exited while waiting for ${patterns.join(' or ')}:\n${tail(lines)}`));
        });
      });
    },
    peakRssMb() {
      const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(statusFile, 'utf8'));
      return match ? Math.round(Number(match[1]) / 1024) : NaN;
    },
    cpuS() {
      // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command name), in clock ticks of 1/100 s.
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    resetPeakRss() {
      try {
        fs.writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The last lines of the child's log, without the HTTP access log (the harness's own polling fills it). */
export function tail(lines: LogLine[], count = 25): string {
  return lines
    .filter(l => !/"[A-Z]+ \S+ HTTP\/1\.[01]" \d+/.test(l.message))
    .slice(-count)
    .map(l => `  ${l.level} ${l.message}`)
    .join('\n');
}

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
