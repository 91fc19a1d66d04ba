/**
 * The console's component layer: elements built from plain objects, children appended as nodes or
 * text (never as HTML, so nothing a call carries can become markup).
 */
export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Attributes, set as given (`aria-*`, `role`, `for`, `type`...). */
  attrs?: Record<string, string | number | boolean | null | undefined>;
  /** Event listeners. */
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props?.class) element.className = props.class;
  for (const [name, value] of Object.entries(props?.attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [name, listener] of Object.entries(props?.on ?? {})) {
    element.addEventListener(name, listener as EventListener);
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A `<label>` and its control, tied by id. */
export function labelled(
  id: string,
  label: string,
  control: HTMLInputElement | HTMLSelectElement,
): HTMLElement {
  control.id = id;
  return h('div', { class: 'field' }, h('label', { attrs: { for: id } }, label), control);
}

export function select(
  name: string,
  options: readonly (readonly [value: string, label: string])[],
  value = '',
): HTMLSelectElement {
  const element = h(
    'select',
    { attrs: { name } },
    ...options.map(([v, label]) => h('option', { attrs: { value: v } }, label)),
  );
  element.value = value;
  return element;
}
