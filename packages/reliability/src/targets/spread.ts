/** `share` of the items, spread evenly over the list (so a wrong filter hits every group, not one end). */
export function spreadPick<T>(items: T[], share: number): T[] {
  return items.filter((_, i) => Math.floor((i + 1) * share) > Math.floor(i * share));
}
