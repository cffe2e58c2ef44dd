import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AccountLinker } from '../linking/AccountLinker';
import type { LinkStore } from '../state/LinkStore';
import type { OrgEntityProviderOptions } from './providerOptions';
import type { RunHooks, RunResult } from './runResult';

/** What every step of a run needs from its provider: its name and options, and the few things only the provider does. */
export interface ProviderContext {
  readonly name: string;
  /** The provider's logger (a child naming the provider). */
  readonly logger: LoggerService;
  readonly options: OrgEntityProviderOptions;
  /** Location key of the applied entities. */
  readonly locationKey: string;
  /** Identity links: written when this provider is linked (`linkTo`), read for the people it removes. */
  readonly links?: LinkStore;
  readonly linker?: AccountLinker;
  /** An error as a log line may show it: with its cause, and the provider's secrets blanked out. */
  describe(error: unknown): string;
  /** Keeps a finished run (not a dry run) as the last one and hands it to the run hooks. */
  recordRun(result: RunResult): Promise<void>;
  /** Hands a poll of the change feed to the run hooks (the operations API's last poll). */
  notePoll(poll: Parameters<NonNullable<RunHooks['pollNoted']>>[0]): void;
  /** Tells whoever waits for this provider's next applied run (linked providers) that it came. */
  announceApplied(): void;
  /** Has this provider run again once the people source it links to has applied a run. */
  runAgainAfterPeopleSource(): void;
  /** Asks the catalog to process these people again now (their linked accounts changed); absent until wired. */
  refreshEntities?(refs: string[]): Promise<void>;
  /** The spent `guard.acceptPlan` value this process has said so of already. */
  spentAcceptPlanNoted?: string;
}
