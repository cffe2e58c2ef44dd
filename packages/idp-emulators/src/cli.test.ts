import { spawn } from 'node:child_process';
import path from 'node:path';

const CLI = path.join(__dirname, '..', 'dist', 'cli.js');

/** Runs the built CLI, returns its first stdout line parsed, and the process. */
function startCli(args: string[]): Promise<{ info: any; stop: () => Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', d => (err += d));
    child.stdout.on('data', d => {
      out += d;
      const newline = out.indexOf('\n');
      if (newline >= 0) {
        resolve({
          info: JSON.parse(out.slice(0, newline)),
          stop: () =>
            new Promise(done => {
              child.once('exit', code => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', code => reject(new Error(`CLI exited with ${code}: ${err}`)));
  });
}

describe('idp-emulators CLI', () => {
  it('starts all three emulators from the generator, prints working connection facts, stops on SIGTERM', async () => {
    const { info, stop } = await startCli(['--okta', '0', '--graph', '0', '--github', '0', '--users', '40', '--groups', '5', '--seed', '3']);
    try {
      const okta = await fetch(`${info.okta.orgUrl}/api/v1/users?limit=200`, { headers: { authorization: `SSWS ${info.okta.token}` } });
      expect(okta.status).toBe(200);
      expect(((await okta.json()) as unknown[]).length).toBeGreaterThan(30);

      const github = await fetch(`${info.github.apiBaseUrl}/orgs/${info.github.org}/members?per_page=100`, {
        headers: { authorization: `token ${info.github.token}` },
      });
      expect(github.status).toBe(200);

      // Graph speaks HTTPS with the CA it reports; its health route proves it listens.
      expect(info.graph.url).toMatch(/^https:\/\/localhost:\d+$/);
      expect(info.graph.caPath).toMatch(/ca\.pem$/);
      expect(info.graph.clientSecret).toEqual(expect.any(String));
    } finally {
      expect(await stop()).toBe(0);
    }
  });

  it('applies faults given on the command line', async () => {
    const { info, stop } = await startCli(['--okta', '0', '--users', '5', '--groups', '1', '--fault', 'okta=status:status=503@GET /api/v1/users']);
    try {
      const response = await fetch(`${info.okta.orgUrl}/api/v1/users`, { headers: { authorization: `SSWS ${info.okta.token}` } });
      expect(response.status).toBe(503);
      const groups = await fetch(`${info.okta.orgUrl}/api/v1/groups`, { headers: { authorization: `SSWS ${info.okta.token}` } });
      expect(groups.status).toBe(200);
    } finally {
      await stop();
    }
  });

  it('explains a bad flag', async () => {
    await expect(startCli(['--okta', '0', '--fixture', 'nope=x.json'])).rejects.toThrow(/--fixture expects okta=…, graph=… or github=…/);
  });
});
