/** A titled list of strings (entity refs, accounts), or nothing when empty. */
export function RefList(props: { title: string; items: Array<string> | undefined; total?: number }) {
  const items = props.items ?? [];
  if (!items.length) return null;
  const more = props.total !== undefined && props.total > items.length ? ` (first ${items.length} of ${props.total})` : '';
  return (
    <section aria-label={props.title}>
      <h4>
        {props.title}
        {more}
      </h4>
      <ul>
        {items.map(item => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}
