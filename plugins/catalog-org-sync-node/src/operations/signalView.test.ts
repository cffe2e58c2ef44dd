import express from 'express';
import { defaultChangeOptions } from '../config/changes';
import type { OrgChangePoller, OrgChangeReceiver, OrgEventSubscriber } from '../changes';
import type { SignalSeen } from './SignalActivity';
import { changeSignalsView } from './signalView';

const receiver: OrgChangeReceiver = { router: () => express.Router() };
const poller: OrgChangePoller = { poll: async () => ({ hints: {}, cursor: null }) };
const subscriber: OrgEventSubscriber = { topics: ['acme.people'], hintsOf: () => undefined };
const provider = (changeSignals: { receiver?: OrgChangeReceiver; poller?: OrgChangePoller; subscriber?: OrgEventSubscriber }) => ({
  idp: 'acme',
  id: 'main',
  changeSignals,
  changeOptions: { ...defaultChangeOptions, intervalMs: 30_000 },
});

describe('changeSignalsView', () => {
  it('calls each signal what its module labels it', () => {
    const labelled = provider({ receiver: { ...receiver, label: 'Acme hook' }, poller: { ...poller, label: 'Acme audit poll' }, subscriber: { ...subscriber, label: 'Acme events' } });
    expect(changeSignalsView(labelled, []).signals).toEqual([
      { kind: 'receiver', mode: 'push', label: 'Acme hook', path: '/org-sync/acme/main' },
      { kind: 'subscriber', mode: 'push', label: 'Acme events', topics: ['acme.people'] },
      { kind: 'poller', mode: 'poll', label: 'Acme audit poll', everySeconds: 30 },
    ]);
  });

  it('gives a signal without a label a neutral word, whatever the IdP', () => {
    expect(changeSignalsView(provider({ receiver, poller, subscriber }), []).signals.map(s => s.label)).toEqual(['change hook', 'change events', 'change poll']);
    expect(changeSignalsView({ ...provider({ receiver }), idp: 'okta' }, []).signals.map(s => s.label)).toEqual(['change hook']);
  });

  it('answers the newest push or event as the last delivery, and the newest poll', () => {
    // Newest first, as SignalActivity.latest answers.
    const seen: SignalSeen[] = [
      { via: 'poll', at: '2026-01-01T10:00:03Z', outcome: 'ok', detail: 'named 0 records' },
      { via: 'event', at: '2026-01-01T10:00:02Z', outcome: 'accepted', detail: 'acme.people' },
      { via: 'push', at: '2026-01-01T10:00:01Z', outcome: 'rejected', detail: 'HTTP 401' },
    ];
    expect(changeSignalsView(provider({ subscriber }), seen)).toMatchObject({ lastDelivery: seen[1], lastPoll: seen[0] });
    expect(changeSignalsView(provider({}), [])).toEqual({ signals: [], lastDelivery: null, lastPoll: null });
  });
});
