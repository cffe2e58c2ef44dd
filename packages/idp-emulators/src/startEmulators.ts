import fs from 'node:fs';
import type { FaultRule } from './core/types';
import type { GeneratorOptions } from './core/generator';
import { startGithubEmulator, type GithubEmulator, type GithubFixture, type GithubFromGeneratedOptions } from './github';
import { startGraphEmulator, type GraphEmulator, type GraphFixture } from './graph';
import { startOktaEmulator, type OktaEmulator, type OktaFixture } from './okta';

export type IdpName = 'okta' | 'graph' | 'github';

export interface StartEmulatorsOptions {
  /** Port per emulator to start (0 = any free port); an IdP left out is not started. */
  ports: Partial<Record<IdpName, number>>;
  /** Generator settings shared by every emulator without a fixture. */
  generate?: GeneratorOptions;
  /** Fixture file per IdP (JSON in that IdP's own shapes); wins over `generate`. */
  fixtureFiles?: Partial<Record<IdpName, string>>;
  latencyMs?: number;
  jitterMs?: number;
  /** Faults installed at start, per IdP. */
  faults?: Partial<Record<IdpName, FaultRule[]>>;
  /** Where the Graph emulator keeps its certificate (reused when present). */
  tlsDir?: string;
  /** How the GitHub emulator converts the generated org (org login, SAML identities, `linkingExtras`, ...); ignored with a GitHub fixture file. */
  githubConversion?: GithubFromGeneratedOptions;
  /** Fixed credentials, so a config file can name them (the demo). */
  credentials?: { oktaToken?: string; graphClientSecret?: string; githubToken?: string };
}

export interface StartedEmulators {
  okta?: OktaEmulator;
  graph?: GraphEmulator;
  github?: GithubEmulator;
  /** The JSON-serialisable connection facts of each started emulator. */
  info(): Record<string, unknown>;
  close(): Promise<void>;
}

function readFixture<T>(path: string | undefined): T | undefined {
  return path ? (JSON.parse(fs.readFileSync(path, 'utf8')) as T) : undefined;
}

/** Starts any of the three emulators with one set of options (the CLI and the demo use this). */
export async function startEmulators(options: StartEmulatorsOptions): Promise<StartedEmulators> {
  const common = { latencyMs: options.latencyMs, jitterMs: options.jitterMs, seed: options.generate?.seed, generate: options.generate };
  const started: Omit<StartedEmulators, 'info' | 'close'> = {};
  const all = () => [started.okta, started.graph, started.github].filter(e => e !== undefined);
  try {
    if (options.ports.okta !== undefined) {
      started.okta = await startOktaEmulator({
        ...common,
        port: options.ports.okta,
        fixture: readFixture<OktaFixture>(options.fixtureFiles?.okta),
        apiToken: options.credentials?.oktaToken,
      });
    }
    if (options.ports.graph !== undefined) {
      started.graph = await startGraphEmulator({
        ...common,
        port: options.ports.graph,
        fixture: readFixture<GraphFixture>(options.fixtureFiles?.graph),
        tlsDir: options.tlsDir,
        clientSecret: options.credentials?.graphClientSecret,
      });
    }
    if (options.ports.github !== undefined) {
      started.github = await startGithubEmulator({
        ...common,
        port: options.ports.github,
        fixture: readFixture<GithubFixture>(options.fixtureFiles?.github),
        conversion: options.githubConversion,
        token: options.credentials?.githubToken,
      });
    }
  } catch (error) {
    await Promise.all(all().map(e => e.close()));
    throw error;
  }
  for (const idp of ['okta', 'graph', 'github'] as const) {
    for (const rule of options.faults?.[idp] ?? []) started[idp]?.server.faults.add(rule);
  }
  return {
    ...started,
    info: () => Object.fromEntries((['okta', 'graph', 'github'] as const).filter(k => started[k]).map(k => [k, started[k]!.info])),
    close: async () => {
      await Promise.all(all().map(e => e.close()));
    },
  };
}
