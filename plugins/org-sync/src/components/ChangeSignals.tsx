import type { ChangeSignal, ProviderStatus, SignalSeen } from '../api/types';
import { formatWhen } from './format';

const signalText = (signal: ChangeSignal) => `${signal.label} (${signal.mode}${signal.everySeconds ? `, every ${signal.everySeconds} s` : ''})`;

const OUTCOME_WORDS: Record<SignalSeen['outcome'], string> = { accepted: 'accepted', rejected: 'rejected', ok: 'read', failed: 'failed' };

/** "Last delivery: <when>, rejected: HTTP 401 (push)": the detail (a push's answer, an event's topic, what a poll named or why it failed) after the outcome. */
export function seenText(title: string, seen: SignalSeen | null): string {
  if (!seen) return `${title}: none seen`;
  const via = seen.via === 'poll' ? '' : ` (${seen.via === 'push' ? 'push' : 'event'})`;
  return `${title}: ${formatWhen(seen.at)}, ${OUTCOME_WORDS[seen.outcome] ?? seen.outcome}${seen.detail ? `: ${seen.detail}` : ''}${via}`;
}

/** The change signals a provider listens to (push or poll, which), and the last delivery and poll any replica saw. */
export function ChangeSignals(props: { provider: ProviderStatus }) {
  const { name, changeSignals } = props.provider;
  if (!changeSignals) return <>not reported by this backend</>;
  if (!changeSignals.signals.length) return <>none: scheduled reads only</>;
  const polls = changeSignals.signals.some(s => s.mode === 'poll');
  const pushes = changeSignals.signals.some(s => s.mode === 'push');
  return (
    <ul aria-label={`Change signals of ${name}`} style={{ margin: 0, paddingLeft: '1.2em' }}>
      {changeSignals.signals.map(signal => (
        <li key={signal.kind}>{signalText(signal)}</li>
      ))}
      {pushes ? <li>{seenText('Last delivery', changeSignals.lastDelivery)}</li> : null}
      {polls ? <li>{seenText('Last poll', changeSignals.lastPoll)}</li> : null}
    </ul>
  );
}
