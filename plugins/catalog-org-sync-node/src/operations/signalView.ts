import { changeRoutePath } from '../run/wireChangeSignals';
import type { OperableProvider } from './OperableProvider';
import type { SignalSeen } from './SignalActivity';

/** One change signal a provider listens to. @alpha */
export interface ChangeSignalView {
  kind: 'receiver' | 'poller' | 'subscriber';
  /** `push`: the IdP tells (a receiver, or webhooks through Backstage's events service); `poll`: the change run asks. */
  mode: 'push' | 'poll';
  /** What it is, in words, as its module labels it: `Okta event hook`, `Graph delta poll`, … (`change hook`, `change poll`, `change events` when it gives none). */
  label: string;
  /** A receiver's path under the catalog's base URL (`/org-sync/okta/main`). */
  path?: string;
  /** A subscriber's topics on the events service. */
  topics?: string[];
  /** How often a poller reads the change feed (`events.poll.interval`). */
  everySeconds?: number;
}

/** A provider's change signals, and the last delivery and poll any replica saw. @alpha */
export interface ChangeSignalsView {
  signals: ChangeSignalView[];
  /** The newest push or event, whichever came last. */
  lastDelivery: SignalSeen | null;
  lastPoll: SignalSeen | null;
}

type Kind = ChangeSignalView['kind'];

/** What a signal is called when its module gives it no `label`. */
const UNLABELLED: Record<Kind, string> = { receiver: 'change hook', poller: 'change poll', subscriber: 'change events' };

/** The change signals of a provider as the operations API answers them. */
export function changeSignalsView(provider: Pick<OperableProvider, 'idp' | 'id' | 'changeSignals' | 'changeOptions'>, seen: SignalSeen[]): ChangeSignalsView {
  const signals = provider.changeSignals ?? {};
  const label = (kind: Kind) => signals[kind]?.label ?? UNLABELLED[kind];
  const views: ChangeSignalView[] = [];
  if (signals.receiver) views.push({ kind: 'receiver', mode: 'push', label: label('receiver'), path: changeRoutePath(provider.idp, provider.id) });
  if (signals.subscriber) views.push({ kind: 'subscriber', mode: 'push', label: label('subscriber'), topics: signals.subscriber.topics });
  if (signals.poller) {
    const intervalMs = provider.changeOptions?.intervalMs;
    views.push({ kind: 'poller', mode: 'poll', label: label('poller'), ...(intervalMs ? { everySeconds: Math.round(intervalMs / 1000) } : {}) });
  }
  return {
    signals: views,
    lastDelivery: seen.find(s => s.via === 'push' || s.via === 'event') ?? null,
    lastPoll: seen.find(s => s.via === 'poll') ?? null,
  };
}
