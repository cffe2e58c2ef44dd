import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogProcessor } from '@backstage/plugin-catalog-node';
import { ANNOTATION_LINKED_ACCOUNTS } from '../mapping/entities';
import type { LinkStore, StoredLink } from '../state/LinkStore';

/** How often the processor asks the database whether the links changed. */
const VERSION_CHECK_MS = 2_000;

/**
 * Adds the accounts of linked sources to the people source's Users: their
 * identity annotations (`github.com/user-login`, ...), which sign-in resolvers
 * look up, and `orgsync.io/linked-accounts` saying how each was matched.
 * The people source's provider emits the User; the link store (written by the
 * linked providers' runs) says what to add, so neither module knows the other.
 */
export class IdentityLinkProcessor implements CatalogProcessor {
  private links = new Map<string, StoredLink[]>();
  private version: string | undefined;
  private checkedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly store: LinkStore,
    private readonly linkedProviders: readonly string[],
  ) {}

  getProcessorName(): string {
    return `OrgSyncIdentityLinkProcessor:${this.linkedProviders.join(',')}`;
  }

  async preProcessEntity(entity: Entity): Promise<Entity> {
    if (entity.kind.toLowerCase() !== 'user') return entity;
    await this.refresh();
    const links = this.links.get(stringifyEntityRef(entity));
    if (!links?.length) return entity;
    const annotations = { ...entity.metadata.annotations };
    // The people source's own annotations win, then the account linked first (links come in link order): a linked account adds identities, it never replaces one.
    for (const link of links) for (const [key, value] of Object.entries(link.annotations ?? {})) if (!(key in annotations)) annotations[key] = value;
    const described = links.map(l => `${l.linkedProvider}/${l.accountLogin ?? l.accountId} (${l.method})`);
    const earlier = annotations[ANNOTATION_LINKED_ACCOUNTS];
    annotations[ANNOTATION_LINKED_ACCOUNTS] = [...(earlier ? [earlier] : []), ...described].join(', ');
    return { ...entity, metadata: { ...entity.metadata, annotations } };
  }

  private async refresh(): Promise<void> {
    if (Date.now() - this.checkedAt < VERSION_CHECK_MS) return;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    await this.loading;
  }

  private async load(): Promise<void> {
    const version = await this.store.version(this.linkedProviders);
    if (version !== this.version) {
      this.links = await this.store.linkedByPerson(this.linkedProviders);
      this.version = version;
    }
    this.checkedAt = Date.now();
  }
}
