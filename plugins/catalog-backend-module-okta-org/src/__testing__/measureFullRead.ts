/**
 * Memory of one full Okta read, outside any backend: starts the Okta
 * emulator in a child process (its org does not count against this
 * process), runs `OktaOrgSource.read()` once and prints RSS and heap at each
 * stage the source reports, after the read while its result is held, and the
 * process's peak RSS (`VmHWM`). Not published (dist/__testing__ is excluded).
 *
 *   node --expose-gc plugins/catalog-backend-module-okta-org/dist/__testing__/measureFullRead.js [users] [groups]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConfigReader } from '@backstage/config';
import type { OrgListResult, SourceReadContext } from '@orgsync/plugin-catalog-org-sync-node';
import { readOktaProviderConfig } from '../config';
import { OktaOrgSource } from '../source/OktaOrgSource';
import type { OktaRawGroup, OktaRawUser } from '../source/rawObjects';

for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete process.env[name];

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

function peakRssMb(): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find(l => l.startsWith('VmHWM:'));
  return line ? Math.round(Number(line.split(/\s+/)[1]) / 1024) : NaN;
}

/** `collect`: also the heap after a full GC (run with --expose-gc); a GC during the read would lower the peak it measures. */
function sample(label: string, collect = false): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  const before = process.memoryUsage();
  if (collect) gc?.();
  const after = process.memoryUsage();
  console.log(
    `${label.padEnd(44)} rss ${mb(before.rss)} MB, heap used ${mb(before.heapUsed)} MB` +
      `${collect && gc ? ` (after gc ${mb(after.heapUsed)} MB)` : ''}, peak rss ${peakRssMb()} MB`,
  );
}

async function startEmulator(users: number, groups: number): Promise<{ orgUrl: string; token: string; stop(): void }> {
  const cli = require.resolve('@orgsync/idp-emulators/dist/cli.js');
  const child = spawn(process.execPath, [cli, '--okta', '0', '--users', String(users), '--groups', String(groups), '--seed', '8'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', code => reject(new Error(`the emulator exited (${code})`)));
  });
  const info = JSON.parse(line) as { okta: { orgUrl: string; token: string } };
  return { ...info.okta, stop: () => child.kill() };
}

async function main(): Promise<void> {
  const [users = 50_000, groups = 5_000] = process.argv.slice(2).map(Number);
  const emulator = await startEmulator(users, groups);
  try {
    sample('start');
    const config = readOktaProviderConfig(new ConfigReader({ orgUrl: emulator.orgUrl, token: emulator.token }), 'bench', 'catalog.providers.okta');
    const source = new OktaOrgSource(config, { debug() {}, info() {}, warn: console.warn, error: console.error, child: () => undefined as never });
    const seen = new Set<string>();
    let usersShown = 0;
    let membershipsShown = 0;
    const context: SourceReadContext<OktaRawUser, OktaRawGroup> = {
      signal: new AbortController().signal,
      reportProgress: progress => {
        const stage = (progress.stage ?? '').split(';')[0];
        const users = progress.users ?? 0;
        const memberships = progress.memberships ?? 0;
        if (!seen.has(stage)) sample(`first '${stage}' (${users} users)`);
        else if (users >= usersShown + 10_000) sample(`${users} users listed`);
        else if (memberships >= membershipsShown + 25_000) sample(`${memberships} memberships read`);
        else return;
        seen.add(stage);
        usersShown = users - (users % 10_000);
        membershipsShown = memberships - (memberships % 25_000);
      },
    };
    const started = Date.now();
    const result = (await source.read(context)) as OrgListResult;
    console.log(`read ${result.users.length} users, ${result.groups.length} groups in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    sample('after the read (result held)', true);
    console.log(`cursor as JSON: ${mb(JSON.stringify(result.cursor).length)} MB; records as JSON: ${mb(JSON.stringify(result.users).length + JSON.stringify(result.groups).length)} MB`);
    sample('end', true);
  } finally {
    emulator.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
