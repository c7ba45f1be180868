// v-cell-text: an element's text, changed in place. Vue's text interpolation replaces the element's text node on
// every change (textContent), which the browser styles and lays out as a new node; a virtual table that changes
// every cell at each scroll step rewrites the existing node's value instead.
import type { Directive } from 'vue';

type TextHost = { firstChild: { nodeType: number; nodeValue: string | null } | null; childNodes: { length: number }; textContent: string | null };

function put(el: TextHost, text: string): void {
  const node = el.firstChild;
  if (node && node.nodeType === 3 && el.childNodes.length === 1) {
    if (node.nodeValue !== text) node.nodeValue = text;
  } else {
    el.textContent = text;
  }
}

export const vCellText: Directive<TextHost, string | number> = {
  mounted: (el, b) => put(el, String(b.value)),
  updated: (el, b) => put(el, String(b.value)),
};
