import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startBackendProcess, type BackendProcess } from '@orgsync/test-utils';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Runs the built backend with app-config.yaml plus `extra` until it exits; resolves its exit code and output. */
async function runUntilExit(extra: string, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgsync-bad-config-'));
  const file = path.join(dir, 'bad.yaml');
  fs.writeFileSync(file, `backend:\n  baseUrl: http://localhost:${await freePort()}\n  listen: { port: 0 }\n${extra}`);
  const child = spawn(process.execPath, ['packages/backend', '--config', 'app-config.yaml', '--config', file], { cwd: REPO_ROOT, env: { ...process.env, NODE_ENV: 'production' } });
  let output = '';
  child.stdout.on('data', chunk => (output += chunk));
  child.stderr.on('data', chunk => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>(resolve => child.on('exit', resolve));
  clearTimeout(timer);
  fs.rmSync(dir, { recursive: true, force: true });
  return { code, output };
}

describe('the backend app', () => {
  let backend: BackendProcess | undefined;
  afterEach(() => backend?.stop());

  it('starts alone with app-config.yaml: catalog up, every org module inert, auth enforced', async () => {
    backend = await startBackendProcess({ configs: [] });
    const users = await backend.catalog.query('kind=user');
    expect(users).toEqual([]);
    const anonymous = await fetch(`http://localhost:${backend.port}/api/catalog/entities/by-query?filter=kind=user`);
    expect(anonymous.status).toBe(401);
    const out = backend.output();
    expect(out).toContain('No catalog.providers.okta configured');
    expect(out).toContain('No catalog.providers.microsoftGraphOrg configured');
  });

  it('exits non-zero at start-up on an invalid provider config, naming the setting', async () => {
    const { code, output } = await runUntilExit(
      ['catalog:', '  providers:', '    okta:', '      main:', '        orgUrl: https://example.okta.com', '        token: not-a-real-token', '        requestTimeout: { days: 30 }', ''].join('\n'),
    );
    expect(code).toBe(1);
    expect(output).toContain('Backend start-up failed');
    expect(output).toContain('catalog.providers.okta.main.requestTimeout must be a duration from 1 second to 1 hour');
    expect(output).not.toContain('not-a-real-token');
  });
});
