// Builds DOM nodes from data without ever parsing it as HTML: text goes in as text nodes, attributes
// through setAttribute. No inline style attributes either: the CSP allows none.

export type Child = Node | string | number | false | null | undefined;
export type Attrs = Readonly<Record<string, string | number | boolean | undefined>>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) {
      el.setAttribute(name, '');
    } else if (value !== false && value !== undefined) {
      el.setAttribute(name, String(value));
    }
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: readonly Child[]): void {
  for (const c of children) {
    if (c === false || c === null || c === undefined) {
      continue;
    }
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Markdown-ish text (commands in backticks) as text and <code> nodes. */
export function rich(parts: readonly string[]): DocumentFragment {
  const frag = document.createDocumentFragment();
  parts.forEach((part, i) => append(frag, i % 2 === 1 ? h('code', {}, part) : part));
  return frag;
}

/** A vscode-elements button that calls `onClick` unless disabled. */
export function button(label: string, attrs: Attrs, onClick: () => void): HTMLElement {
  const b = h('vscode-button', attrs, label);
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) {
      onClick();
    }
  });
  return b;
}
