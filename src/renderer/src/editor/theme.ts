// The editor's dark theme, matching the app's palette.
import { EditorView } from '@codemirror/view';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

export const editorTheme = [
  EditorView.theme({
    '&': { height: '100%', backgroundColor: 'var(--bg-sunken)', color: 'var(--text)', fontSize: '13px' },
    '.cm-content': { fontFamily: 'var(--mono)', caretColor: '#fff' },
    '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '18px' },
    '.cm-gutters': { backgroundColor: '#13161a', color: 'var(--text-faint)', borderRight: '1px solid var(--border)' },
    '.cm-activeLine': { backgroundColor: '#1a1f26' },
    '.cm-activeLineGutter': { backgroundColor: '#1a1f26' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: '#2b4466 !important' },
    '.cm-cursor': { borderLeftColor: '#fff' },
    '.cm-issue-gutter .cm-gutterElement': { width: '14px', color: 'var(--error)', cursor: 'help', textAlign: 'center' },
    '.cm-tooltip': { backgroundColor: 'var(--bg-raised)', border: '1px solid var(--border)', color: 'var(--text)' },
    '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--bg-select)', color: 'var(--text)' },
    '.cm-schema-doc': { padding: '6px 10px', maxWidth: '460px' },
    '.cm-schema-type': { fontFamily: 'var(--mono)', color: 'var(--accent)', margin: '2px 0' },
    '.cm-diagnostic-error': { borderLeftColor: 'var(--error)' },
  }, { dark: true }),
  syntaxHighlighting(HighlightStyle.define([
    { tag: [t.propertyName, t.definition(t.propertyName)], color: '#9ecbff' },
    { tag: [t.string, t.special(t.string)], color: '#c3e88d' },
    { tag: [t.number, t.bool, t.null], color: '#f78c6c' },
    { tag: t.comment, color: '#5d6570', fontStyle: 'italic' },
    { tag: [t.keyword, t.meta], color: '#c792ea' },
    { tag: t.punctuation, color: '#8a93a0' },
  ])),
];
