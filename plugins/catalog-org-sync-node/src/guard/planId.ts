/** A removal plan's id: the lower-case hex hash the guard logs and the operations API lists. */
export const PLAN_ID = /^[0-9a-f]{8,64}$/;

export function isPlanId(value: string): boolean {
  return PLAN_ID.test(value);
}
