/**
 * Moving one item of an ordered list up or down: the positions to write so the list reads in
 * its new order (0, 1, 2, ...). Only items whose position changes are returned, so a swap of
 * two neighbours is two writes, and a list whose positions had gaps or ties is made tidy.
 */
export function moved<T extends { id: string; position: number }>(
  items: T[],
  index: number,
  by: -1 | 1,
): { id: string; position: number }[] {
  const to = index + by;
  if (to < 0 || to >= items.length) return [];
  const order = [...items];
  const [item] = order.splice(index, 1);
  if (item === undefined) return [];
  order.splice(to, 0, item);
  return order.flatMap((it, position) => (it.position === position ? [] : [{ id: it.id, position }]));
}
