/**
 * An element with `text` as its text (never parsed as markup: whatever a credential or a link says is shown
 * as those characters) and an optional class.
 */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}
