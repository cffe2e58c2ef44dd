import { EmulatorServer, generateOrg, type GeneratorOptions } from '../core';
import { createDirectoryHandle, type AdDirectoryHandle } from './adminHandle';
import { installAdAdminRoutes } from './adminRoutes';
import { dnKey } from './dn';
import { AdLdapFaults } from './faults';
import { adDirectoryFromGeneratedOrg, type AdConversionOptions } from './fromGeneratedOrg';
import { AdLdapServer, type AdLdapCounters } from './ldapServer';
import { randomBytes } from 'node:crypto';

export type { AdDirectoryHandle, AdObjectView, NewAdGroup, NewAdUser } from './adminHandle';
export type { AdLdapFault, AdLdapFaultKind, ActiveAdLdapFault } from './faults';
export type { AdLdapCounters } from './ldapServer';
export { AdAdminError } from './errors';
export { formatObjectGuid, parseObjectGuid } from './guid';
export { ACCOUNT_DISABLED, DONT_EXPIRE_PASSWORD, GLOBAL_SECURITY_GROUP, NORMAL_ACCOUNT, type AdConversionOptions } from './fromGeneratedOrg';

export interface AdLdapEmulatorOptions {
  /** LDAP port (0 or undefined = any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The org to serve (`generateOrg` options; its defaults when absent). */
  generate?: GeneratorOptions;
  /** How the org becomes a domain: DNS name, GUID seed, the large group (e.g. `{ largeGroup: { members: 5000 } }`). */
  conversion?: AdConversionOptions;
  /** The bind account's password. Default: random. */
  bindPassword?: string;
  /** AD's MaxValRange policy: values of one attribute per read. Default 1500. */
  maxValRange?: number;
  /** AD's MaxPageSize policy: entries per page, and per non-paged search before sizeLimitExceeded. Default 1000. */
  maxPageSize?: number;
  /** Send the three continuation references a DC returns for a subtree search from the domain head. Default true. */
  domainReferences?: boolean;
  /** Port of the HTTP admin API (`/__admin/ad/...`); false = none. Default: any free port. */
  adminPort?: number | false;
}

/** What a client needs to reach the emulator: JSON-serialisable. */
export interface AdLdapConnectionInfo {
  /** `ldap://127.0.0.1:<port>` */
  url: string;
  bindDn: string;
  bindPassword: string;
  /** The domain head, e.g. DC=example,DC=com. */
  baseDn: string;
  /** OU=People,<baseDn>: the generated people, by department OU. */
  peopleDn: string;
  /** OU=Groups,<baseDn>: the generated teams and the large group. */
  groupsDn: string;
  largeGroupDn?: string;
  /** Base URL of the HTTP admin API, when started. */
  adminUrl?: string;
}

export interface AdLdapEmulator extends AdLdapConnectionInfo {
  info: AdLdapConnectionInfo;
  /** Changes the directory in-process (the same operations as `/__admin/ad/...`). */
  admin: AdDirectoryHandle;
  /** LDAP fault rules (drop the connection, referral, sizeLimitExceeded, any result code). */
  faults: AdLdapFaults;
  counters(): AdLdapCounters;
  resetCounters(): void;
  /** LDAP connections open right now. */
  openConnections(): number;
  /** Generated person / team key → objectGUID string. */
  idByPersonKey: Map<string, string>;
  idByTeamKey: Map<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts an emulator of Active Directory's LDAP behaviours (not of AD): a real
 * LDAP server over TCP with AD's entries, range retrieval, paging policy,
 * uSNChanged and userAccountControl, seeded from the generated org.
 */
export async function startAdLdapEmulator(options: AdLdapEmulatorOptions = {}): Promise<AdLdapEmulator> {
  const conversion = options.conversion ?? {};
  const seeded = adDirectoryFromGeneratedOrg(generateOrg(options.generate ?? {}), conversion);
  const { directory } = seeded;
  const domain = conversion.domain ?? 'example.com';
  const bindPassword = options.bindPassword ?? randomBytes(12).toString('base64url');
  const faults = new AdLdapFaults();
  const ldap = new AdLdapServer({
    directory,
    passwords: new Map([[dnKey(seeded.bindDn), bindPassword]]),
    faults,
    maxValRange: options.maxValRange ?? 1500,
    maxPageSize: options.maxPageSize ?? 1000,
    domainReferences: options.domainReferences ?? true,
    domain,
  });
  const admin = createDirectoryHandle(directory, { peopleDn: seeded.peopleDn, groupsDn: seeded.groupsDn, domain, seed: conversion.seed ?? 1 });
  const host = options.host ?? '127.0.0.1';
  const port = await ldap.listen(options.port ?? 0, host);

  let http: EmulatorServer | undefined;
  if (options.adminPort !== false) {
    const notFound = () => ({ status: 404, body: { error: 'not an admin route: the directory answers LDAP on its own port' } });
    http = new EmulatorServer({
      name: 'ad-ldap',
      port: options.adminPort,
      host,
      errors: { notFound, serverError: status => ({ status, body: { error: 'server error' } }), rateLimited: () => ({ status: 429 }) },
    });
    installAdAdminRoutes(http, admin, faults, ldap);
    await http.start();
  }

  const info: AdLdapConnectionInfo = {
    url: `ldap://${host}:${port}`,
    bindDn: seeded.bindDn,
    bindPassword,
    baseDn: directory.baseDn,
    peopleDn: seeded.peopleDn,
    groupsDn: seeded.groupsDn,
    ...(seeded.largeGroupDn ? { largeGroupDn: seeded.largeGroupDn } : {}),
    ...(http ? { adminUrl: http.baseUrl } : {}),
  };
  return {
    ...info,
    info,
    admin,
    faults,
    counters: () => ldap.counters(),
    resetCounters: () => ldap.resetCounters(),
    openConnections: () => ldap.openConnections,
    idByPersonKey: seeded.idByPersonKey,
    idByTeamKey: seeded.idByTeamKey,
    stop: async () => {
      await Promise.all([ldap.close(), http?.close()]);
    },
  };
}
