import { randomBytes } from 'node:crypto';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import ldap from 'ldapjs';
import { enumerated, ldapMessage, octets, pagedResultsValue, searchResultDone, searchResultEntry, searchResultReference, tlv, type WireAttribute } from './ber';
import type { AdDirectory, AdObject } from './directory';
import { depthOf, dnKey, isAtOrBelow, parseDn, tryDnKey } from './dn';
import { AdDiagnostics, ResultCode } from './errors';
import type { ActiveAdLdapFault, AdLdapFaults } from './faults';
import { filterAttributes, matches, type LdapFilter } from './filter';
import { ACCOUNT_DISABLED } from './fromGeneratedOrg';
import { AttributeSelection } from './ranges';

export const PAGED_RESULTS_OID = '1.2.840.113556.1.4.319';

/** Requests and answers seen by the LDAP server since the last reset. */
export interface AdLdapCounters {
  binds: number;
  /** Search operations (a paged search counts once). */
  searches: number;
  /** Search requests (every page of a paged search counts). */
  searchRequests: number;
  entries: number;
  /** Search requests by the result code they were answered with ('dropped' when the connection was cut). */
  byResult: Record<string, number>;
}

export interface AdLdapServerOptions {
  directory: AdDirectory;
  /** Bind DN → password. */
  passwords: Map<string, string>;
  faults: AdLdapFaults;
  maxValRange: number;
  maxPageSize: number;
  domainReferences: boolean;
  /** DNS name of the domain (for referral URLs). */
  domain: string;
}

/** The ldapjs request fields the server reads. */
interface LdapjsRequest {
  messageId: number;
  connection: Socket;
  dn: { toString(): string };
  credentials?: string;
  baseObject: { toString(): string };
  scope: number;
  filter: LdapFilter & { toString(): string };
  attributes: string[];
  sizeLimit: number;
  typesOnly: boolean;
  controls: Array<{ type: string; criticality: boolean; value?: { size?: number; cookie?: Buffer } }>;
}

/** One paged search under way, keyed by its cookie. */
interface Operation {
  ids: string[];
  offset: number;
  page: number;
  sent: number;
  faults: ActiveAdLdapFault[];
  references: string[];
}

/**
 * An LDAP server (ldapjs for the transport and request parsing) answering
 * binds and searches the way an Active Directory domain controller does.
 * Responses are encoded by hand (see ber.ts) so they carry AD's exact
 * attribute names and binary values.
 */
export class AdLdapServer {
  private readonly server = ldap.createServer({ log: silentLog as never });
  private readonly sockets = new Set<Socket>();
  private readonly bound = new WeakSet<Socket>();
  private readonly operations = new Map<string, Operation>();
  private counts: AdLdapCounters = emptyCounters();

  constructor(private readonly options: AdLdapServerOptions) {
    this.server.bind('', (req: LdapjsRequest) => this.bind(req));
    this.server.search('', (req: LdapjsRequest) => this.search(req));
    this.server.on('error', () => undefined);
    this.server.on('clientError', () => undefined);
  }

  counters(): AdLdapCounters {
    return structuredClone(this.counts);
  }

  resetCounters(): void {
    this.counts = emptyCounters();
  }

  /** Client connections open right now. */
  get openConnections(): number {
    return this.sockets.size;
  }

  async listen(port: number, host: string): Promise<number> {
    const net = (this.server as unknown as { server: NetServer }).server;
    net.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      net.once('error', reject);
      net.listen(port, host, () => resolve());
    });
    return (net.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const net = (this.server as unknown as { server: NetServer }).server;
    for (const socket of this.sockets) socket.destroy();
    this.operations.clear();
    await new Promise<void>(resolve => net.close(() => resolve()));
  }

  private bind(req: LdapjsRequest): void {
    this.counts.binds++;
    const socket = req.connection;
    const answer = (code: number, message = '') => socket.write(ldapMessage(req.messageId, tlv(0x61, enumerated(code), octets(''), octets(message))));
    const key = tryDnKey(req.dn.toString());
    const password = req.credentials ?? '';
    if (password === '') {
      // An unauthenticated bind (a name, no password) succeeds as anonymous, as on AD.
      this.bound.delete(socket);
      answer(ResultCode.success);
      return;
    }
    const account = key === undefined ? undefined : this.options.directory.byDnKey(key);
    const uac = Number(account && this.options.directory.attribute(account, 'userAccountControl')?.[0]);
    if (key === undefined || this.options.passwords.get(key) !== password || !account) {
      this.bound.delete(socket);
      answer(ResultCode.invalidCredentials, AdDiagnostics.invalidCredentials);
      return;
    }
    if (uac & ACCOUNT_DISABLED) {
      answer(ResultCode.invalidCredentials, AdDiagnostics.invalidCredentials.replace('data 52e', 'data 533'));
      return;
    }
    this.bound.add(socket);
    answer(ResultCode.success);
  }

  private search(req: LdapjsRequest): void {
    const socket = req.connection;
    this.counts.searchRequests++;
    const done = (code: number, message = '', extra: { referrals?: string[]; matchedDn?: string; cookie?: Buffer } = {}) => {
      this.counts.byResult[code] = (this.counts.byResult[code] ?? 0) + 1;
      const controls = extra.cookie ? [{ oid: PAGED_RESULTS_OID, value: pagedResultsValue(0, extra.cookie) }] : [];
      socket.write(ldapMessage(req.messageId, searchResultDone(code, message, extra.referrals, extra.matchedDn), controls));
    };
    if (!this.bound.has(socket)) return done(ResultCode.operationsError, AdDiagnostics.bindRequired);

    const paged = req.controls.find(c => c.type === PAGED_RESULTS_OID);
    const unknownCritical = req.controls.find(c => c.criticality && c.type !== PAGED_RESULTS_OID);
    if (unknownCritical) return done(ResultCode.unavailableCriticalExtension, `00000057: LdapErr: DSID-0C090D4D, comment: Error processing control, data 0, v3839 (${unknownCritical.type})`);

    const selection = new AttributeSelection(req.attributes);
    const cookieIn = paged?.value?.cookie?.length ? paged.value.cookie.toString('hex') : undefined;
    let operation: Operation;
    if (cookieIn) {
      const found = this.operations.get(cookieIn);
      if (!found) return done(ResultCode.unwillingToPerform, AdDiagnostics.badCookie);
      this.operations.delete(cookieIn);
      operation = found;
      if (paged?.value?.size === 0) return done(ResultCode.success, '', { cookie: Buffer.alloc(0) });
    } else {
      this.counts.searches++;
      const base = req.baseObject.toString();
      if (base === '' && req.scope === 0) {
        socket.write(ldapMessage(req.messageId, searchResultEntry('', selection.select(this.rootDse(), this.options.maxValRange, req.typesOnly))));
        this.counts.entries++;
        return done(ResultCode.success, '', paged ? { cookie: Buffer.alloc(0) } : {});
      }
      const resolved = this.resolveBase(base);
      if ('code' in resolved) return done(resolved.code, resolved.message, resolved);
      const read = filterAttributes(req.filter);
      operation = {
        ids: this.candidates(resolved.key, req.scope).filter(o => matches(req.filter, this.filterTarget(o, read))).map(o => o.id),
        offset: 0,
        page: 0,
        sent: 0,
        faults: this.options.faults.arm(req.filter.toString()),
        references: this.options.domainReferences && req.scope === 2 && resolved.key === dnKey(this.options.directory.baseDn) ? this.domainReferences() : [],
      };
    }

    const fault = operation.faults.find(f => f.kind !== 'drop-after-entries' && (f.pages ?? 0) === operation.page);
    if (fault?.kind === 'drop-after-pages') {
      this.counts.byResult.dropped = (this.counts.byResult.dropped ?? 0) + 1;
      socket.destroy();
      return undefined;
    }
    if (fault?.kind === 'size-limit') return done(ResultCode.sizeLimitExceeded, AdDiagnostics.sizeLimit, paged ? { cookie: Buffer.alloc(0) } : {});
    if (fault?.kind === 'referral') {
      const base = req.baseObject.toString();
      return done(ResultCode.referral, AdDiagnostics.referral(base), { referrals: [`ldap://dc2.${this.options.domain}/${base}`] });
    }
    if (fault?.kind === 'result') return done(fault.code!, fault.message ?? '');

    const pageSize = paged ? Math.min(paged.value?.size || this.options.maxPageSize, this.options.maxPageSize) : Infinity;
    const limit = Math.min(req.sizeLimit > 0 ? req.sizeLimit - operation.sent : Infinity, paged ? Infinity : this.options.maxPageSize - operation.sent);
    const dropAt = operation.faults.find(f => f.kind === 'drop-after-entries')?.entries;
    let sentThisPage = 0;
    let overLimit = false;
    while (operation.offset < operation.ids.length && sentThisPage < pageSize) {
      const object = this.options.directory.get(operation.ids[operation.offset]);
      if (!object) {
        operation.offset++;
        continue;
      }
      if (sentThisPage >= limit) {
        overLimit = true;
        break;
      }
      if (dropAt !== undefined && operation.sent >= dropAt) {
        this.counts.byResult.dropped = (this.counts.byResult.dropped ?? 0) + 1;
        socket.destroy();
        return undefined;
      }
      operation.offset++;
      const attributes = selection.select(this.options.directory.render(object), this.options.maxValRange, req.typesOnly);
      socket.write(ldapMessage(req.messageId, searchResultEntry(this.options.directory.dnOf(object), attributes)));
      operation.sent++;
      sentThisPage++;
      this.counts.entries++;
    }
    const more = operation.ids.slice(operation.offset).some(id => this.options.directory.get(id));
    if (overLimit || (!paged && more)) return done(ResultCode.sizeLimitExceeded, AdDiagnostics.sizeLimit, paged ? { cookie: Buffer.alloc(0) } : {});
    if (paged && more) {
      const cookie = randomBytes(12);
      operation.page++;
      this.operations.set(cookie.toString('hex'), operation);
      return done(ResultCode.success, '', { cookie });
    }
    if (operation.references.length) socket.write(ldapMessage(req.messageId, searchResultReference(operation.references)));
    return done(ResultCode.success, '', paged ? { cookie: Buffer.alloc(0) } : {});
  }

  /** The base object of a search: inside the domain and present, or the error AD answers with. */
  private resolveBase(base: string): { key: string } | { code: number; message: string; matchedDn?: string; referrals?: string[] } {
    const key = tryDnKey(base);
    if (key === undefined) return { code: ResultCode.invalidDnSyntax, message: `00002081: NameErr: DSID-03100238, problem 2003 (BAD_ATT_SYNTAX), data 0, best match of:\n\t'${base}'\n` };
    const domainKey = dnKey(this.options.directory.baseDn);
    if (!isAtOrBelow(key, domainKey)) {
      const host = parseDn(base).filter(([type]) => type.toLowerCase() === 'dc').map(([, v]) => v).join('.') || this.options.domain;
      return { code: ResultCode.referral, message: AdDiagnostics.referral(base), referrals: [`ldap://${host}/${base}`] };
    }
    if (this.options.directory.byDnKey(key)) return { key };
    let matched = this.options.directory.baseDn;
    const rdns = base.split(/(?<!\\),/);
    for (let i = 1; i < rdns.length; i++) {
      const candidate = this.options.directory.findByDn(rdns.slice(i).join(','));
      if (candidate) {
        matched = this.options.directory.dnOf(candidate);
        break;
      }
    }
    return { code: ResultCode.noSuchObject, message: AdDiagnostics.noSuchObject(matched), matchedDn: matched };
  }

  private candidates(baseKey: string, scope: number): AdObject[] {
    const directory = this.options.directory;
    if (scope === 0) return [directory.byDnKey(baseKey)!];
    const depth = depthOf(baseKey);
    return directory.all().filter(object => {
      const key = dnKey(directory.dnOf(object));
      if (!isAtOrBelow(key, baseKey)) return false;
      return scope === 1 ? depthOf(key) === depth + 1 : true;
    });
  }

  private filterTarget(object: AdObject, read: Set<string>) {
    const directory = this.options.directory;
    const closure = (start: string[], next: (id: string) => string[]) => {
      const seen = new Set<string>();
      const queue = [...start];
      while (queue.length) {
        const id = queue.shift()!;
        if (seen.has(id)) continue;
        seen.add(id);
        queue.push(...next(id));
      }
      return new Set([...seen].map(id => dnKey(directory.dnOf(directory.get(id)!))));
    };
    return {
      attributes: directory.render(object, read),
      groupsInChain: () => closure(directory.groupIdsOf(object.id), id => directory.groupIdsOf(id)),
      membersInChain: () => closure(object.members, id => directory.get(id)?.members ?? []),
    };
  }

  private domainReferences(): string[] {
    const { baseDn } = this.options.directory;
    const { domain } = this.options;
    return [
      `ldap://ForestDnsZones.${domain}/DC=ForestDnsZones,${baseDn}`,
      `ldap://DomainDnsZones.${domain}/DC=DomainDnsZones,${baseDn}`,
      `ldap://${domain}/CN=Configuration,${baseDn}`,
    ];
  }

  private rootDse(): WireAttribute[] {
    const { baseDn, highestCommittedUsn } = this.options.directory;
    const { domain } = this.options;
    return [
      { name: 'currentTime', values: [new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14) + '.0Z'] },
      { name: 'subschemaSubentry', values: [`CN=Aggregate,CN=Schema,CN=Configuration,${baseDn}`] },
      { name: 'dsServiceName', values: [`CN=NTDS Settings,CN=DC1,CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,${baseDn}`] },
      { name: 'namingContexts', values: [baseDn, `CN=Configuration,${baseDn}`, `CN=Schema,CN=Configuration,${baseDn}`, `DC=DomainDnsZones,${baseDn}`, `DC=ForestDnsZones,${baseDn}`] },
      { name: 'defaultNamingContext', values: [baseDn] },
      { name: 'rootDomainNamingContext', values: [baseDn] },
      { name: 'configurationNamingContext', values: [`CN=Configuration,${baseDn}`] },
      { name: 'schemaNamingContext', values: [`CN=Schema,CN=Configuration,${baseDn}`] },
      { name: 'supportedControl', values: [PAGED_RESULTS_OID] },
      { name: 'supportedLDAPVersion', values: ['3', '2'] },
      { name: 'highestCommittedUSN', values: [String(highestCommittedUsn)] },
      { name: 'dnsHostName', values: [`dc1.${domain}`] },
      { name: 'serverName', values: [`CN=DC1,CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,${baseDn}`] },
      { name: 'isSynchronized', values: ['TRUE'] },
      { name: 'domainFunctionality', values: ['7'] },
      { name: 'forestFunctionality', values: ['7'] },
      { name: 'domainControllerFunctionality', values: ['7'] },
    ];
  }
}

function emptyCounters(): AdLdapCounters {
  return { binds: 0, searches: 0, searchRequests: 0, entries: 0, byResult: {} };
}

const silentLog = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
  child: () => silentLog,
};
