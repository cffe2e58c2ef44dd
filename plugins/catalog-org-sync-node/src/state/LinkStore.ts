import type { Knex } from 'knex';
import { IDENTITY_LINKS } from './migrations';

export type LinkState = 'linked' | 'unmatched' | 'conflict' | 'departed';

const LINK_STATES: readonly LinkState[] = ['linked', 'unmatched', 'conflict', 'departed'];

/** A row's `state` column as the state it names; the store writes no other. */
function linkStateOf(column: string): LinkState {
  const state = LINK_STATES.find(known => known === column);
  if (!state) throw new Error(`The identity link store holds a link in unknown state "${column}"`);
  return state;
}

/** One account of a linked source and what became of it. */
export interface StoredLink {
  linkedProvider: string;
  accountId: string;
  accountLogin?: string;
  /** Where the account lives, for reports (`GitHub org acme`). */
  where?: string;
  state: LinkState;
  peopleProvider: string;
  personId?: string;
  /** Lower-cased ref of the person's entity (linked accounts). */
  personRef?: string;
  method?: string;
  detail?: string;
  /** The account's identity annotations, added to the person's entity. */
  annotations?: Record<string, string>;
  updatedAt: number;
}

interface Row {
  linked_provider: string;
  account_id: string;
  account_login: string | null;
  account_where: string | null;
  state: string;
  people_provider: string;
  person_id: string | null;
  person_ref: string | null;
  method: string | null;
  detail: string | null;
  annotations: string | null;
  updated_at: number | string;
}

const BATCH = 400;

/**
 * The order every read gives links in, the same on every database: the earliest written first, so where two
 * accounts give a person the same annotation, the one linked first wins (IdentityLinkProcessor).
 */
const LINK_ORDER = [
  { column: 'updated_at', order: 'asc' },
  { column: 'linked_provider', order: 'asc' },
  { column: 'account_id', order: 'asc' },
];

/** The identity links in the catalog's database, shared by replicas: written by linked providers, read by the catalog processor and people providers. */
export class LinkStore {
  constructor(private readonly knex: () => Promise<Knex>) {}

  /** Every account of one linked provider. */
  async ofLinkedProvider(linkedProvider: string): Promise<Map<string, StoredLink>> {
    const knex = await this.knex();
    const rows: Row[] = await knex(IDENTITY_LINKS).where({ linked_provider: linkedProvider }).orderBy(LINK_ORDER);
    return new Map(rows.map(row => [row.account_id, fromRow(row)]));
  }

  /** One account of a linked provider. */
  async get(linkedProvider: string, accountId: string): Promise<StoredLink | undefined> {
    const knex = await this.knex();
    const row: Row | undefined = await knex(IDENTITY_LINKS).where({ linked_provider: linkedProvider, account_id: accountId }).first();
    return row && fromRow(row);
  }

  /** Linked accounts of the given providers, by lower-cased person ref, each person's in link order. */
  async linkedByPerson(linkedProviders: readonly string[]): Promise<Map<string, StoredLink[]>> {
    const knex = await this.knex();
    const rows: Row[] = await knex(IDENTITY_LINKS).whereIn('linked_provider', linkedProviders).andWhere({ state: 'linked' }).orderBy(LINK_ORDER);
    const out = new Map<string, StoredLink[]>();
    for (const row of rows) {
      const link = fromRow(row);
      const list = out.get(link.personRef!);
      if (list) list.push(link);
      else out.set(link.personRef!, [link]);
    }
    return out;
  }

  /** Accounts linked to these people (lower-cased refs), of any linked provider: for a people provider's leaver report. */
  async linkedTo(personRefs: readonly string[]): Promise<StoredLink[]> {
    if (!personRefs.length) return [];
    const knex = await this.knex();
    const out: StoredLink[] = [];
    for (let i = 0; i < personRefs.length; i += BATCH) {
      const rows: Row[] = await knex(IDENTITY_LINKS).whereIn('person_ref', personRefs.slice(i, i + BATCH)).andWhere({ state: 'linked' }).orderBy(LINK_ORDER);
      out.push(...rows.map(fromRow));
    }
    return out;
  }

  /** A stamp that changes whenever the links of these providers change (count and latest update). */
  async version(linkedProviders: readonly string[]): Promise<string> {
    const knex = await this.knex();
    const [row] = await knex(IDENTITY_LINKS).whereIn('linked_provider', linkedProviders).count({ n: '*' }).max({ at: 'updated_at' });
    return `${row?.n ?? 0}/${row?.at ?? 0}`;
  }

  /** Writes these links and deletes the given accounts of one linked provider. */
  async update(linkedProvider: string, links: StoredLink[], deletedAccountIds: readonly string[]): Promise<void> {
    const knex = await this.knex();
    await knex.transaction(async tx => {
      for (let i = 0; i < links.length; i += BATCH) {
        await tx(IDENTITY_LINKS)
          .insert(links.slice(i, i + BATCH).map(toRow))
          .onConflict(['linked_provider', 'account_id'])
          .merge();
      }
      for (let i = 0; i < deletedAccountIds.length; i += BATCH) {
        await tx(IDENTITY_LINKS).where({ linked_provider: linkedProvider }).whereIn('account_id', deletedAccountIds.slice(i, i + BATCH)).delete();
      }
    });
  }
}

function fromRow(row: Row): StoredLink {
  return {
    linkedProvider: row.linked_provider,
    accountId: row.account_id,
    accountLogin: row.account_login ?? undefined,
    where: row.account_where ?? undefined,
    state: linkStateOf(row.state),
    peopleProvider: row.people_provider,
    personId: row.person_id ?? undefined,
    personRef: row.person_ref ?? undefined,
    method: row.method ?? undefined,
    detail: row.detail ?? undefined,
    annotations: row.annotations ? JSON.parse(row.annotations) : undefined,
    updatedAt: Number(row.updated_at),
  };
}

function toRow(link: StoredLink): Row {
  return {
    linked_provider: link.linkedProvider,
    account_id: link.accountId,
    account_login: link.accountLogin?.slice(0, 255) ?? null,
    account_where: link.where?.slice(0, 255) ?? null,
    state: link.state,
    people_provider: link.peopleProvider,
    person_id: link.personId ?? null,
    person_ref: link.personRef?.toLowerCase() ?? null,
    method: link.method ?? null,
    detail: link.detail?.slice(0, 2000) ?? null,
    annotations: link.annotations ? JSON.stringify(link.annotations) : null,
    updated_at: link.updatedAt,
  };
}
