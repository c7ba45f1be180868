// CodeMirror extensions for scenario YAML: completion of keys and enum values and hover documentation from the
// scenario's JSON Schema, and issue markers (underline + gutter) for the problems the lab's validator reports.
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { gutter, GutterMarker, hoverTooltip, type EditorView } from '@codemirror/view';
import { RangeSet, StateEffect, StateField, type Extension, type Text } from '@codemirror/state';
import type { ScenarioIssue } from '../../../shared/protocol';
import { contextAt, keyAt } from './yamlContext';
import { enumValues, propertiesOf, schemaAt, typeSummary } from './schemaNav';

function complete(ctx: CompletionContext): CompletionResult | null {
  const text = ctx.state.doc.toString();
  const c = contextAt(text, ctx.pos);
  if (c.kind === 'key') {
    const props = propertiesOf(schemaAt(c.parent));
    if (!props) return null;
    if (!c.prefix && !ctx.explicit) return null;
    return {
      from: ctx.pos - c.prefix.length,
      options: Object.entries(props).map(([name, n]) => ({
        label: name,
        apply: `${name}: `,
        type: 'property',
        detail: typeSummary(n),
        info: n.description,
      })),
      validFor: /^[\w.-]*$/,
    };
  }
  const node = schemaAt([...c.parent, c.key!]);
  if (!node) return null;
  const values = enumValues(node);
  if (!values.length) return null;
  return {
    from: ctx.pos - c.prefix.length,
    options: values.map((v) => ({ label: v, type: 'enum', info: node.description })),
    validFor: /^[\w.-]*$/,
  };
}

const hover = hoverTooltip((view, pos) => {
  const k = keyAt(view.state.doc.toString(), pos);
  if (!k) return null;
  const node = schemaAt(k.path);
  if (!node) return null;
  return {
    pos: k.from,
    end: k.to,
    above: true,
    create: () => {
      const dom = document.createElement('div');
      dom.className = 'cm-schema-doc';
      dom.dataset.testid = 'schema-hover';
      const title = document.createElement('b');
      title.textContent = k.path.join('.').replace(/\.\[\]/g, '[]');
      const type = document.createElement('div');
      type.className = 'cm-schema-type';
      type.textContent = typeSummary(node);
      const desc = document.createElement('div');
      desc.textContent = node.description ?? '';
      dom.append(title, type, desc);
      return { dom };
    },
  };
});

/** Issues → positions in the document: from the issue's column to the end of its line. */
export function issueDiagnostics(doc: Text, issues: readonly ScenarioIssue[]): Diagnostic[] {
  return issues.map((i) => {
    const line = doc.line(Math.min(Math.max(1, i.line ?? 1), doc.lines));
    const from = Math.min(line.to, line.from + Math.max(0, (i.column ?? 1) - 1));
    const to = line.to > from ? line.to : Math.min(doc.length, from + 1);
    return { from, to: Math.max(from, to), severity: 'error', message: `${i.path}: ${i.message}`, source: 'scenario' };
  });
}

class IssueMarker extends GutterMarker {
  constructor(readonly line: number, readonly title: string) {
    super();
  }
  override eq(other: GutterMarker): boolean {
    return other instanceof IssueMarker && other.line === this.line && other.title === this.title;
  }
  override toDOM(): Node {
    const el = document.createElement('div');
    el.className = 'cm-issue-marker';
    if (this.line > 0) {
      el.dataset.testid = 'gutter-issue';
      el.dataset.line = String(this.line);
    }
    el.title = this.title;
    el.textContent = '●';
    return el;
  }
}

const setIssues = StateEffect.define<readonly ScenarioIssue[]>();
const issueField = StateField.define<readonly ScenarioIssue[]>({
  create: () => [],
  update: (v, tr) => tr.effects.reduce((acc, e) => (e.is(setIssues) ? e.value : acc), v),
});

const issueGutter = gutter({
  class: 'cm-issue-gutter',
  markers: (view) => {
    const byLine = new Map<number, string[]>();
    for (const i of view.state.field(issueField)) {
      if (i.line === undefined || i.line > view.state.doc.lines) continue;
      byLine.set(i.line, [...(byLine.get(i.line) ?? []), `${i.path}: ${i.message}`]);
    }
    const ranges = [...byLine.entries()]
      .sort(([a], [b]) => a - b)
      .map(([line, msgs]) => new IssueMarker(line, msgs.join('\n')).range(view.state.doc.line(line).from));
    return RangeSet.of(ranges);
  },
  initialSpacer: () => new IssueMarker(0, ''),
});

/** Shows the issues: underlines (lint) and gutter markers. */
export function showIssues(view: EditorView, issues: readonly ScenarioIssue[]): void {
  view.dispatch(setDiagnostics(view.state, issueDiagnostics(view.state.doc, issues)));
  view.dispatch({ effects: setIssues.of(issues) });
}

export function scenarioExtensions(): Extension[] {
  return [autocompletion({ override: [complete], activateOnTyping: true }), hover, issueField, issueGutter];
}
