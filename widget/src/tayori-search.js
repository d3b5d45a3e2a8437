// <tayori-search>: the custom element partners embed. It wires the pieces together: the view
// (view.js), the combobox keys (combobox.js), the API (api-client.js), feedback, click events,
// recent searches and the full-page mode. Docs: docs/widget.md

import { getJson } from './api-client.js';
import { sendClick } from './click-events.js';
import { Combobox } from './combobox.js';
import { nameBy, safeLink, trackingPairs } from './dom.js';
import { actionRow } from './feedback.js';
import { labelsFor } from './labels.js';
import { queryInUrl, savedPlace, savePlace, writeQueryToUrl } from './page-mode.js';
import { forgetSearches, recentSearches, rememberSearch } from './recent-searches.js';
import css from './styles.css';
import { buildView, labelView, passageOption, placeActionRows, queryOption } from './view.js';

const DEBOUNCE_MS = 200; // search this long after the last keystroke
const SUGGESTIONS_SHOWN = 3;

// Without an api attribute the widget talks to the API that served this script.
const scriptApi = document.currentScript ? document.currentScript.src.replace(/\/v1\/widget\.js.*$/, '') : '';

const viewportHeight = () => (window.visualViewport ? visualViewport.height : innerHeight); // above an on-screen keyboard

class TayoriSearch extends HTMLElement {
  static get observedAttributes() {
    return ['lang', 'api', 'partner'];
  }

  constructor() {
    super();
    this.onViewport = () => this.fitPanel();
    this.onHistory = () => this.showQueryFromUrl();
  }

  connectedCallback() {
    if (!this.view) this.build();
    addEventListener('resize', this.onViewport);
    addEventListener('scroll', this.onViewport, { passive: true });
    if (window.visualViewport) visualViewport.addEventListener('resize', this.onViewport);
    if (this.pageMode) {
      addEventListener('popstate', this.onHistory);
      if (!this.shown) this.showQueryFromUrl();
    }
  }

  disconnectedCallback() {
    this.cancel();
    removeEventListener('resize', this.onViewport);
    removeEventListener('scroll', this.onViewport);
    if (window.visualViewport) visualViewport.removeEventListener('resize', this.onViewport);
    removeEventListener('popstate', this.onHistory);
  }

  // lang relabels in place (focus, typing and an open list stay); api and partner change what answers
  // come back. Either way what the list shows is searched again; the list does not open (see open()).
  attributeChangedCallback(name, old, value) {
    if (!this.view || old === value) return;
    if (name === 'lang') labelView(this.view, (this.labels = labelsFor(value)));
    this.shown = null;
    this.refresh();
  }

  build() {
    this.labels = labelsFor(this.getAttribute('lang'));
    this.pageMode = this.getAttribute('mode') === 'page';
    const view = (this.view = buildView(this.shadowRoot || this.attachShadow({ mode: 'open' }), this.labels, css, this.pageMode));
    const input = view.input;
    this.combobox = new Combobox(input);
    this.rows = [];
    this.shown = null;
    view.more.hidden = view.forget.hidden = true;

    input.addEventListener('compositionstart', () => {
      this.composing = true;
      clearTimeout(this.timer);
    });
    input.addEventListener('compositionend', () => {
      this.composing = false;
      this.typed();
    });
    // While an input method composes, the kana typed so far get suggestions; nothing is searched.
    input.addEventListener('input', (event) => (this.composing || event.isComposing ? this.later(() => this.suggestOnly()) : this.typed()));
    input.addEventListener('keydown', (event) => this.key(event));
    input.addEventListener('focus', () => (this.text() ? this.combobox.options.length && this.open(true) : this.showRecent()));
    view.clear.onclick = () => {
      this.reset(true);
      input.focus();
    };
    view.listbox.addEventListener('mousedown', (event) => event.preventDefault()); // focus stays in the input
    view.listbox.addEventListener('click', (event) => {
      const option = event.target.closest('[role=option]');
      if (option) this.choose(this.combobox.indexOf(option), event.ctrlKey || event.metaKey || event.shiftKey, true);
    });
    view.listbox.addEventListener('mousemove', (event) => {
      const index = this.combobox.indexOf(event.target.closest('[role=option]'));
      if (index >= 0 && index !== this.combobox.active) this.combobox.activate(index);
    });
    // Escape from a result's link or feedback button closes the list and returns to the input.
    view.panel.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      input.focus(); // first: focusing the input reopens the list
      this.open(false);
    });
    view.more.onclick = () => this.refresh(this.shown.query, this.shown.next);
    view.forget.onclick = () => {
      forgetSearches();
      this.showRecent();
      input.focus();
    };
    view.root.addEventListener('focusout', (event) => {
      if (!this.pageMode && !this.shadowRoot.contains(event.relatedTarget)) this.open(false);
    });
    if (window.ResizeObserver) new ResizeObserver(() => this.placeRows()).observe(view.listbox);
  }

  text() {
    // Characters that render as nothing (Default_Ignorable_Code_Point) are left out: alone, they are blank, as the API says.
    return this.view.input.value.replace(/\p{DI}/gu, '').trim();
  }

  api() {
    return (this.getAttribute('api') || scriptApi).replace(/\/+$/, '');
  }

  partner() {
    return this.getAttribute('partner') || '';
  }

  remembersSearches() {
    return this.getAttribute('recent') !== 'off';
  }

  pageSize() {
    const size = parseInt(this.getAttribute('limit'), 10) || (this.pageMode ? 10 : 5);
    return Math.min(Math.max(size, 1), MAX_RESULTS - (this.pageMode ? 1 : 0)); // page mode asks one more, to see a next page
  }

  link(hit) {
    return safeLink(hit.url, [...trackingPairs(this.getAttribute('tracking')), ...trackingPairs(this.tracking)]);
  }

  /** Whether the answers shown are for the text now in the box: only those may be acted on. */
  fresh() {
    return !!this.shown && this.shown.query === this.text();
  }

  later(task) {
    clearTimeout(this.timer);
    this.timer = setTimeout(task, DEBOUNCE_MS);
  }

  typed() {
    this.view.clear.hidden = !this.view.input.value;
    this.combobox.activate(-1); // the active option belonged to the text before
    this.place = null; // a reader typing is not returning to a result: focus stays in the box
    this.later(() => this.refresh());
  }

  cancel() {
    clearTimeout(this.timer);
    if (this.controller) this.controller.abort();
    this.controller = null;
  }

  key(event) {
    // Enter that confirms an IME conversion must not act (Safari reports it after compositionend).
    if (this.composing || event.isComposing || event.keyCode === 229) return;
    const options = this.combobox.options;
    const isOpen = !this.view.panel.hidden;
    const newTab = event.ctrlKey || event.metaKey;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!options.length) return;
      event.preventDefault();
      this.open(true);
      this.combobox.step(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter') {
      if (isOpen && this.combobox.active >= 0) {
        event.preventDefault();
        this.choose(this.combobox.active, newTab);
      } else if (this.text()) {
        event.preventDefault();
        // Answers to an older text (typed fast, or just confirmed by an IME): search this text instead.
        if (!this.fresh() || this.pageMode) return this.commit(this.text());
        const first = options.find((option) => option.answer);
        if (isOpen && first) this.openPassage(first, newTab);
      }
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (isOpen) this.open(false);
      else this.reset(false);
    }
  }

  /** Acts on option `index`: a query goes into the box and is searched; a passage opens. */
  choose(index, newTab, byPointer) {
    const option = this.combobox.options[index];
    if (!option) return;
    if (option.query) return this.commit(option.query);
    if (byPointer || this.fresh()) this.openPassage(option, newTab);
    else this.commit(this.text());
  }

  /** Searches `text` now, as a deliberate search: remembered, and a new history entry in page mode. */
  commit(text) {
    this.view.input.value = text;
    this.view.clear.hidden = false;
    if (this.remembersSearches()) rememberSearch(text);
    this.newHistoryEntry = true;
    this.refresh(text);
  }

  /** Empties the box (× or Escape) the way deleting the text does; `showRecent`: then offer recent searches. */
  reset(showRecent) {
    this.view.input.value = '';
    this.view.clear.hidden = true;
    this.emptied();
    if (showRecent) this.showRecent();
    else this.open(false);
  }

  /** However the box was emptied: nothing in flight or shown, and no stale ?q= left in page mode. */
  emptied() {
    this.cancel();
    this.showAnswer(null, [], [], null);
    if (this.pageMode) this.showInUrl('');
  }

  showQueryFromUrl() {
    const text = queryInUrl();
    writeQueryToUrl(text, false); // a ?q= past the input's limit is cut like typed text
    this.newHistoryEntry = true; // the next search that changes the URL is a new entry
    this.place = savedPlace();
    this.view.input.value = text;
    this.view.clear.hidden = !text;
    if (text) this.refresh(text);
    else this.reset(false);
  }

  async refresh(text = this.text(), offset = 0) {
    this.cancel();
    if (!text) {
      this.emptied();
      return this.showRecent();
    }
    const controller = (this.controller = new AbortController());
    const size = this.pageSize();
    const params = { q: text, limit: this.pageMode ? size + 1 : size, offset: offset || null, partner: this.partner() };
    this.status(this.labels.searching, true);
    let answer, suggestions;
    try {
      [answer, suggestions] = await Promise.all([
        getJson(this.api(), '/v1/search', params, controller.signal),
        offset ? [] : this.suggestions(text, controller.signal),
      ]);
    } catch (problem) {
      if (problem.name !== 'AbortError' && controller === this.controller) this.fail(problem);
      return;
    }
    if (controller !== this.controller) return; // a newer search has started
    this.tracking = answer.partner_tracking;
    const found = answer.results || [];
    const results = found.slice(0, size);
    // A next page only where the API serves one (settings.MAX_OFFSET, defined at build time).
    const more = this.pageMode && found.length > size && offset + size <= MAX_OFFSET;
    if (offset) this.appendPassages(results, offset, true);
    else {
      const ids = new Set(results.map((hit) => hit.id));
      const fresh = suggestions.filter((s) => s.text !== text && !ids.has(s.id)).slice(0, SUGGESTIONS_SHOWN);
      this.showAnswer(text, fresh.map((s) => s.text), results.length ? results : answer.suggestions || [], results.length > 0);
    }
    this.shown.next = offset + size;
    this.view.more.hidden = !more;
    // At maxlength the browser drops whatever more is typed, pasted or in ?q= without a word: say so.
    const full = text.length < MAX_QUERY_CHARS ? '' : this.labels.full;
    this.status(full + (this.shown.answers ? this.labels.resultCount(this.rows.length) : this.labels.noResults));
    this.open(true);
    if (offset) this.focusRow(offset);
    if (this.pageMode && !offset) this.showInUrl(text);
    if (this.place) this.restorePlace(more);
  }

  /** Focuses the link (or first feedback button) of the result at 0-based `index`, if shown. */
  focusRow(index) {
    const row = this.rows[index];
    if (row) row[1].querySelector('a,button').focus();
  }

  /** Page mode, back from an opened result: loads the pages the reader had, then focuses that result. */
  restorePlace(more) {
    const place = this.place;
    if (more && this.rows.length < place.loaded) return this.refresh(this.shown.query, this.shown.next);
    this.place = null;
    this.focusRow(place.opened - 1);
  }

  /** Page mode: `text` in the URL; the first change after a deliberate search is a new history entry. */
  showInUrl(text) {
    if (writeQueryToUrl(text, this.newHistoryEntry)) this.newHistoryEntry = false;
  }

  /** Completions for `text` from /v1/suggest; [] when there are none or they cannot be had. */
  async suggestions(text, signal) {
    if (text.length > MAX_PREFIX_CHARS) return []; // the API's limit (settings.MAX_PREFIX_CHARS)
    try {
      const params = { q: text, limit: SUGGESTIONS_SHOWN + 2, partner: this.partner() };
      return (await getJson(this.api(), '/v1/suggest', params, signal)).suggestions || [];
    } catch (error) {
      return []; // suggestions are a help, never a reason to fail a search
    }
  }

  async suggestOnly() {
    const text = this.text();
    if (!text) return;
    const controller = (this.controller = new AbortController());
    const found = await this.suggestions(text, controller.signal);
    if (controller !== this.controller || !this.composing) return;
    this.showQueries(found.map((s) => s.text).slice(0, SUGGESTIONS_SHOWN), this.labels.suggestions, false);
    this.open(true);
  }

  showRecent() {
    this.cancel();
    const recent = this.remembersSearches() ? recentSearches() : [];
    this.showAnswer(null, [], [], null);
    this.showQueries(recent, this.labels.recent, true);
    this.view.forget.hidden = !recent.length;
    this.status('');
    this.open(recent.length > 0);
  }

  fail(problem) {
    this.place = null;
    this.showAnswer(null, [], [], null);
    this.status(this.labels[problem.kind]); // every Problem kind names a label
    this.open(true);
  }

  /**
   * Shows the answer to `query`: query suggestions, then passages. `answers`: the passages answer
   * the query (false: the empty state's "start here" list; null: no answer at all).
   */
  showAnswer(query, queries, passages, answers) {
    const view = this.view;
    this.shown = query == null ? null : { query, answers };
    view.forget.hidden = view.more.hidden = true;
    view.passages.replaceChildren();
    view.actions.replaceChildren();
    this.rows = [];
    nameBy(view.passages, answers === false && 'list-label', this.labels.results);
    this.showQueries(queries, this.labels.suggestions, false);
    if (answers === false && passages.length) this.label(this.labels.startHere); // never a heading over nothing
    this.appendPassages(passages, 0, answers);
  }

  /** Suggestions or recent searches at the top of the list; `labelled`: with a visible heading. */
  showQueries(texts, name, labelled) {
    const view = this.view;
    view.queries.replaceChildren(...texts.map((text, i) => queryOption(text, 'query-' + i)));
    view.queries.setAttribute('aria-label', name);
    view.queries.hidden = !texts.length;
    this.label(labelled && texts.length ? name : '');
    this.updateOptions();
  }

  label(text) {
    const view = this.view;
    view.listLabel.textContent = text;
    view.listLabel.hidden = !text;
    nameBy(view.listbox, text && 'list-label', this.labels.results);
  }

  appendPassages(hits, offset, answers) {
    const view = this.view;
    const first = (this.rows[0] && this.rows[0][2].hit) || hits[0];
    const sameArticle = hits.every((hit) => hit.article && first.article && hit.article.slug === first.article.slug);
    const query = this.shown ? this.shown.query : '';
    hits.forEach((hit, i) => {
      const rank = offset + i + 1;
      const option = { element: passageOption(hit, 'passage-' + rank, sameArticle, answers), hit, rank, answer: answers };
      const row = actionRow(hit, query, this, this.link(hit), (event) => this.linkClicked(event, option));
      view.passages.append(option.element);
      view.actions.append(row);
      this.rows.push([option.element, row, option]);
    });
    view.passages.hidden = !this.rows.length;
    this.updateOptions();
  }

  updateOptions() {
    const queries = [...this.view.queries.children].map((element) => ({ element, query: element.textContent }));
    this.combobox.setOptions([...queries, ...this.rows.map((row) => row[2])]);
    this.view.listbox.hidden = !this.combobox.options.length;
    this.placeRows();
  }

  linkClicked(event, option) {
    const plain = event.type === 'click' && event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey;
    if (plain) {
      event.preventDefault();
      this.openPassage(option);
    } else if (event.button < 2) {
      this.reportClick(option); // the browser opens it in a new tab or window
    }
  }

  /** Opens a passage (after a cancelable `tayori-open` event) and reports the click of a result. */
  openPassage(option, newTab) {
    const url = this.link(option.hit);
    if (!url) return;
    this.reportClick(option);
    const detail = { url, id: option.hit.id, rank: option.rank, query: this.shown && this.shown.query };
    if (this.pageMode) savePlace(this.rows.length, option.rank); // Back returns to this result
    if (!this.dispatchEvent(new CustomEvent('tayori-open', { bubbles: true, composed: true, cancelable: true, detail }))) return;
    if (newTab || this.getAttribute('target') === '_blank') window.open(url, '_blank', 'noopener');
    else location.assign(url);
  }

  reportClick(option) {
    if (!option.answer || !this.shown) return; // only results of a query are clicks on results
    const click = { query: this.shown.query, passage_id: option.hit.id, rank: option.rank };
    if (this.partner()) click.partner = this.partner();
    sendClick(this.api(), click);
    if (this.remembersSearches()) rememberSearch(this.shown.query);
  }

  status(message, busy) {
    this.view.status.textContent = message;
    this.view.listbox.setAttribute('aria-busy', String(!!busy));
    if (!busy) this.view.live.textContent = message; // "searching…" on every keystroke would be noise
  }

  /**
   * Opens or closes the list. A popup opens only while focus is in the widget: an answer arriving
   * after the reader left, or a changed attribute, never pops it up where it could not be closed.
   */
  open(on) {
    const panel = this.view.panel;
    on = on && (this.pageMode || !!this.shadowRoot.activeElement);
    const opening = on && panel.hidden;
    panel.hidden = !on;
    this.view.input.setAttribute('aria-expanded', String(on && this.combobox.options.length > 0));
    if (!on) return this.combobox.activate(-1);
    // A popup with less than half the screen below the box moves the box up: every result fits.
    if (opening && !this.pageMode && this.view.box.getBoundingClientRect().bottom > viewportHeight() / 2) {
      this.view.box.scrollIntoView({ block: 'start' });
    }
    this.fitPanel();
    this.placeRows();
  }

  /**
   * The popup takes the larger room of the visual viewport: below the box, or above the widget when
   * the page is too short to scroll the box up. It never runs past the viewport; it scrolls itself.
   */
  fitPanel() {
    const panel = this.view.panel;
    if (this.pageMode || panel.hidden) return;
    const below = viewportHeight() - this.view.box.getBoundingClientRect().bottom - 14;
    const above = this.view.root.getBoundingClientRect().top - 14;
    panel.classList.toggle('above', above > below);
    panel.style.maxHeight = Math.max(120, above, below) + 'px';
  }

  placeRows() {
    placeActionRows(this.rows);
  }
}

if (window.customElements && !customElements.get('tayori-search')) customElements.define('tayori-search', TayoriSearch);
