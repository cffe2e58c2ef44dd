import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CatalogApi } from './catalogApi';
import { isPortOpen } from './postgres';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface BackendProcess {
  port: number;
  /** A client authenticated with the static token this process was given. */
  catalog: CatalogApi;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** The same, a line at a time, each with when this process received it (logs in production carry no time). */
  lines(): Array<{ at: number; text: string }>;
  /** SIGKILL: the process dies mid-whatever, as in a crash or an evicted pod. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  child: ChildProcess;
}

/** A free TCP port on 127.0.0.1. */
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

/**
 * Starts the built backend app (`node packages/backend --config …`) as its own
 * process, with `app-config.yaml` (unless `withBaseConfig: false`) plus the
 * given config objects, on a free port, with a static external-access token.
 * Resolves once it listens (a backend whose port is taken keeps running
 * without listening, so the port is checked, not assumed).
 */
export async function startBackendProcess(options: {
  configs: Array<Record<string, unknown>>;
  env?: Record<string, string>;
  withBaseConfig?: boolean;
  timeoutMs?: number;
}): Promise<BackendProcess> {
  const port = await freePort();
  const token = crypto.randomBytes(16).toString('hex');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgsync-backend-'));
  const own = {
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      auth: { externalAccess: [{ type: 'static', options: { token, subject: 'tests' } }] },
    },
  };
  const files = [own, ...options.configs].map((config, i) => {
    const file = path.join(dir, `config-${i}.yaml`);
    fs.writeFileSync(file, JSON.stringify(config, null, 2)); // JSON is YAML
    return file;
  });
  const args = [
    path.join(REPO_ROOT, 'packages', 'backend'),
    ...(options.withBaseConfig === false ? [] : ['--config', path.join(REPO_ROOT, 'app-config.yaml')]),
    ...files.flatMap(f => ['--config', f]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    // Not jest's NODE_ENV=test: Backstage turns off e.g. the scheduler's janitor (which frees the
    // lock of a task whose worker died) under test. These processes stand for production ones.
    env: { ...process.env, NODE_ENV: 'production', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const lines: Array<{ at: number; text: string }> = [];
  let partial = '';
  const take = (data: Buffer) => {
    output += data;
    const parts = (partial + data.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    const at = Date.now();
    for (const text of parts) lines.push({ at, text });
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  while (!(await isPortOpen('127.0.0.1', port))) {
    if (child.exitCode !== null) throw new Error(`backend exited with ${child.exitCode} before listening:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`backend did not listen on ${port} in time:\n${output}`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
  // The port opens before the plugins have started: wait for Backstage's readiness check.
  while (!(await isReady(port))) {
    if (child.exitCode !== null) throw new Error(`backend exited with ${child.exitCode} before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`backend on ${port} did not become ready in time:\n${output}`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    port,
    catalog: new CatalogApi(`http://localhost:${port}`, `Bearer ${token}`),
    output: () => output,
    lines: () => [...lines],
    kill: () => stopWith('SIGKILL'),
    stop: () => stopWith('SIGTERM'),
    child,
  };
}

async function isReady(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/.backstage/health/v1/readiness`);
    return response.status === 200;
  } catch {
    return false;
  }
}
