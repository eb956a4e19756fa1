import { MAX_JSON_DEPTH, MAX_JSON_VALUES } from './limits.js';

/**
 * Why a value handed to the core as an object can't safely be walked by recursive code (`canonicalize`,
 * zod), or undefined if it can: nested deeper than `maxDepth`, or holding more than `maxValues` values
 * (counting a shared sub-object once per place it appears, as a serializer would). Walks with an
 * explicit stack and stops at the first problem, so it is itself bounded by `maxValues` steps.
 *
 * @example
 * jsonShapeProblem({ a: [[[1]]] }, { maxDepth: 2 }) // 'nests deeper than 2 levels at a.0'
 */
export function jsonShapeProblem(value: unknown, { maxDepth = MAX_JSON_DEPTH, maxValues = MAX_JSON_VALUES } = {}): string | undefined {
  // Each entry: a value, its nesting level (1 for a top-level container), and how to name where it is.
  const stack: { value: unknown; depth: number; parent: number; key: string }[] = [{ value, depth: 0, parent: -1, key: '' }];
  const visited: { parent: number; key: string }[] = [];
  let values = 0;
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (++values > maxValues) return `holds more than ${maxValues} values`;
    if (typeof entry.value !== 'object' || entry.value === null) continue;
    const depth = entry.depth + 1;
    const at = visited.push({ parent: entry.parent, key: entry.key }) - 1;
    if (depth > maxDepth) return `nests deeper than ${maxDepth} levels at ${pathOf(visited, at)}`;
    for (const key of Object.keys(entry.value)) stack.push({ value: (entry.value as Record<string, unknown>)[key], depth, parent: at, key });
  }
  return undefined;
}

/** The dotted path (`a.0.b`) to the container `visited[at]`, following parents to the top. */
function pathOf(visited: readonly { parent: number; key: string }[], at: number): string {
  const keys: string[] = [];
  for (let i = at; i > 0; i = visited[i]!.parent) keys.push(visited[i]!.key);
  return keys.reverse().join('.');
}
