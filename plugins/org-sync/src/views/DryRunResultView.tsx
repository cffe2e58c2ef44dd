import type { DryRunResult, KindPlan } from '../api/types';
import { RefList } from '../components/RefList';

const OUTCOMES: Record<DryRunResult['outcome'], string> = {
  'would-apply': 'A run now would apply this plan',
  'would-be-held': 'A run now would be held by the deletion guard',
  'read-failed': 'The IdP could not be read',
};

/** What a run would apply now, per kind. */
export function DryRunResultView(props: { result: DryRunResult }) {
  const { result } = props;
  return (
    <section aria-label="Dry run result">
      <p>
        {OUTCOMES[result.outcome] ?? result.outcome}
        {result.guard?.reason ? `: ${result.guard.reason}` : ''}
        {result.error ? `: ${result.error}` : ''}
      </p>
      <KindPlanView kind="Users" plan={result.users} />
      <KindPlanView kind="Groups" plan={result.groups} />
      <RefList title="Would leave (departed)" items={result.departed} />
    </section>
  );
}

function KindPlanView(props: { kind: string; plan: KindPlan | undefined }) {
  const plan = props.plan;
  if (!plan) return null;
  return (
    <>
      <RefList title={`${props.kind} to add`} items={plan.add} />
      <RefList title={`${props.kind} to change`} items={plan.change?.map(c => `${c.ref}${c.fields?.length ? ` (${c.fields.join(', ')})` : ''}`)} />
      <RefList title={`${props.kind} to remove`} items={plan.remove} />
    </>
  );
}
