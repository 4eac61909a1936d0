/** A list of strings as Python prints it, which is how the `system` client shows list-valued cells. */
export function pythonList(items: readonly string[]): string {
  return `[${items.map((item) => `'${item}'`).join(', ')}]`;
}
