// The widget's DOM: the skeleton built once per language, and the options and rows of each answer.

import { attributes, appendHighlighted, element } from './dom.js';

/** Builds the skeleton in `shadow` and returns the parts the controller works with. */
export function buildView(shadow, labels, css, pageMode) {
  const style = element('style');
  style.textContent = css;
  const root = element('div', pageMode ? 'root page' : 'root', 'root');
  const label = element('label', '', 'label');
  label.htmlFor = 'input';
  const box = element('div', 'box');
  const input = element('input', '', 'input');
  Object.assign(input, {
    id: 'input',
    type: pageMode ? 'search' : 'text',
    maxLength: MAX_QUERY_CHARS, // the API's limit (settings.MAX_QUERY_CHARS), defined at build time
    autocomplete: 'off',
    spellcheck: false,
  });
  attributes(input, {
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': 'listbox',
    enterkeyhint: 'search',
  });
  const clear = element('button', 'clear', 'clear', '×');
  clear.type = 'button';
  clear.hidden = true;
  box.append(input, clear);
  const live = attributes(element('div', 'visually-hidden'), { role: 'status' });
  const panel = element('div', 'panel', 'panel');
  panel.hidden = true;
  const content = element('div', 'content');
  const status = element('p', 'status', 'status');
  const listLabel = element('p', 'list-label', 'list-label');
  listLabel.id = 'list-label';
  const listbox = attributes(element('div', '', 'listbox'), { id: 'listbox', role: 'listbox' });
  const queries = attributes(element('div', 'queries'), { role: 'group' });
  const passages = attributes(element('div', 'passages'), { role: 'group' });
  listbox.append(queries, passages);
  const actions = element('div');
  const more = element('button', 'more', 'more');
  const forget = element('button', 'forget', 'forget-recent');
  more.type = forget.type = 'button';
  content.append(status, listLabel, listbox, actions, more, forget);
  panel.append(content);
  root.append(label, box, live, panel);
  shadow.replaceChildren(style, root);
  const view = { root, label, box, input, clear, live, panel, content, status, listLabel, listbox, queries, passages, actions, more, forget };
  labelView(view, labels);
  return view;
}

/** Puts `labels` on the skeleton's fixed texts: in place, so a change of `lang` keeps focus and typing. */
export function labelView(view, labels) {
  view.label.textContent = labels.search;
  view.input.placeholder = labels.placeholder;
  view.clear.setAttribute('aria-label', labels.clear);
  view.passages.setAttribute('aria-label', labels.results);
  view.more.textContent = labels.more;
  view.forget.textContent = labels.forgetRecent;
}

/** An option that puts a query in the box: a suggestion or a recent search. */
export function queryOption(text, id) {
  return attributes(element('div', 'query-option', 'option query', text), { id, role: 'option', 'aria-selected': 'false' });
}

/**
 * An option for one passage: heading, breadcrumb and snippet (with highlights). `sameArticle`:
 * every hit comes from one article, so its title is left out of the breadcrumb (it crowds out the
 * section at 360 px).
 */
export function passageOption(hit, id, sameArticle, highlight) {
  const option = attributes(element('div', 'passage', 'option'), { id, role: 'option', 'aria-selected': 'false' });
  const path = (hit.path || []).slice(sameArticle && hit.path.length > 1 ? 1 : 0).filter((p) => p && p !== hit.heading);
  const snippet = element('span', 'snippet', 'snippet');
  appendHighlighted(snippet, hit.snippet, highlight ? hit.highlights : []);
  option.append(element('span', 'heading', 'heading', hit.heading), element('span', 'path', 'path', path.join(' › ')), snippet);
  return option;
}

/** Lays each passage's action row over the space its option leaves at its bottom. */
export function placeActionRows(rows) {
  for (const [option, row] of rows) {
    option.style.paddingBottom = row.offsetHeight + 14 + 'px';
    row.style.top = option.offsetTop + option.offsetHeight - row.offsetHeight - 8 + 'px';
  }
}
