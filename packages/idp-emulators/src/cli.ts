#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { parseFaultSpec } from './core/faults';
import type { FaultRule } from './core/types';
import { startEmulators, type IdpName } from './startEmulators';

const USAGE = `Usage: idp-emulators [--okta PORT] [--graph PORT] [--github PORT] [options]

Starts local emulators of the Okta, Microsoft Graph (Entra ID) and GitHub APIs.
Prints one JSON line with base URLs, working credentials and the CA path, then
runs until stopped (Ctrl-C). PORT 0 picks a free port.

Org (when no fixture is given):
  --users N            people (default 100)
  --groups N           groups / teams (default 10)
  --seed N             generator seed (default 1)
  --nesting-depth N    maximum group nesting (default 3)
  --memberships N      average direct memberships per person (default 2)
  --suspended-share F  share of suspended people (default 0.03)
  --deprovisioned-share F  share of deprovisioned / disabled people (default 0.03)
  --hostile-share F    share of hostile names (default 0.02)
  --fixture IDP=FILE   serve FILE (that IdP's own JSON shapes) instead; repeatable
Behaviour:
  --latency-ms N       latency added to every request
  --jitter-ms N        extra random latency up to N
  --fault IDP=SPEC     a fault from the start, SPEC = kind[:key=value,...][@route],
                       e.g. okta=status:status=503,probability=0.1@GET /api/v1/users; repeatable
  --tls-dir DIR        where the Graph emulator keeps ca.pem / key.pem (reused when present)
`;

function pairs(values: string[] | undefined, flag: string): Array<[IdpName, string]> {
  return (values ?? []).map(value => {
    const eq = value.indexOf('=');
    const idp = value.slice(0, eq) as IdpName;
    if (eq < 0 || !['okta', 'graph', 'github'].includes(idp)) throw new Error(`--${flag} expects okta=…, graph=… or github=…, got "${value}"`);
    return [idp, value.slice(eq + 1)];
  });
}

function num(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${flag} expects a non-negative number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      okta: { type: 'string' },
      graph: { type: 'string' },
      github: { type: 'string' },
      users: { type: 'string' },
      groups: { type: 'string' },
      seed: { type: 'string' },
      'nesting-depth': { type: 'string' },
      memberships: { type: 'string' },
      'suspended-share': { type: 'string' },
      'deprovisioned-share': { type: 'string' },
      'hostile-share': { type: 'string' },
      fixture: { type: 'string', multiple: true },
      'latency-ms': { type: 'string' },
      'jitter-ms': { type: 'string' },
      fault: { type: 'string', multiple: true },
      'tls-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || (!values.okta && !values.graph && !values.github)) {
    process.stdout.write(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const faults: Partial<Record<IdpName, FaultRule[]>> = {};
  for (const [idp, spec] of pairs(values.fault, 'fault')) (faults[idp] ??= []).push(parseFaultSpec(spec));
  const emulators = await startEmulators({
    ports: { okta: num(values.okta, 'okta'), graph: num(values.graph, 'graph'), github: num(values.github, 'github') },
    generate: {
      users: num(values.users, 'users'),
      groups: num(values.groups, 'groups'),
      seed: num(values.seed, 'seed'),
      nestingDepth: num(values['nesting-depth'], 'nesting-depth'),
      membershipsPerUser: num(values.memberships, 'memberships'),
      suspendedShare: num(values['suspended-share'], 'suspended-share'),
      deprovisionedShare: num(values['deprovisioned-share'], 'deprovisioned-share'),
      hostileShare: num(values['hostile-share'], 'hostile-share'),
    },
    fixtureFiles: Object.fromEntries(pairs(values.fixture, 'fixture')),
    latencyMs: num(values['latency-ms'], 'latency-ms'),
    jitterMs: num(values['jitter-ms'], 'jitter-ms'),
    faults,
    tlsDir: values['tls-dir'] ?? process.env.IDP_EMULATORS_TLS_DIR,
  });
  process.stdout.write(`${JSON.stringify(emulators.info())}\n`);
  const stop = () => emulators.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  process.stderr.write(`idp-emulators: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
