/* Tayori search widget: <tayori-search api="https://…" partner="…" lang="ja"></tayori-search>
   One dependency-free script. Everything renders in Shadow DOM; API and query text only ever
   become DOM text nodes (never markup). Docs: docs/widget.md */
(() => {
  if (!window.customElements || customElements.get('tayori-search')) return;
  // Without an api attribute the widget talks to the API that served this script.
  const home = document.currentScript ? document.currentScript.src.replace(/\/v1\/widget\.js.*$/, '') : '';

  const L = {
    ja: {
      label: '記事を検索', ph: '例: 連絡が来ない', list: '検索結果', busy: '検索中…',
      n: (n) => n + '件の結果', none: '該当する記事は見つかりませんでした', sugg: 'よく読まれている記事',
      off: '接続できないため検索できません。通信環境をご確認ください', err: '検索できませんでした。時間をおいてお試しください',
      open: '記事を読む', yes: '役に立った', no: '役に立たなかった', fb: 'は役に立ちましたか',
      thanks: 'ありがとうございました', fbErr: '送信できませんでした', clear: '入力を消去'
    },
    en: {
      label: 'Search articles', ph: 'e.g. he stopped replying', list: 'Search results', busy: 'Searching…',
      n: (n) => n + (n === 1 ? ' result' : ' results'), none: 'No matching articles', sugg: 'Popular articles',
      off: 'Cannot connect. Please check your connection.', err: 'Search failed. Please try again later.',
      open: 'Read', yes: 'Helpful', no: 'Not helpful', fb: ': was this helpful?',
      thanks: 'Thank you for your feedback', fbErr: 'Could not send', clear: 'Clear'
    }
  };

  // Everything is in px/em so the host page's rem or inherited styles cannot resize it.
  const CSS = `
:host{display:block!important;position:relative!important;visibility:visible!important;opacity:1!important;
--a:var(--tayori-accent,#b4235a);--f:var(--tayori-fg,#222);--m:var(--tayori-muted,#666);--b:var(--tayori-bg,#fff);
--l:var(--tayori-border,#d6d3d1);--r:var(--tayori-radius,10px)}
:host([hidden]){display:none!important}
.w{all:initial;display:block;position:relative;font:16px/1.6 var(--tayori-font,system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif);color:var(--f)}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
label{display:block;font-size:14px;font-weight:600;margin:0 0 4px}
.box{position:relative}
input{all:unset;display:block;width:100%;box-sizing:border-box;font:inherit;color:var(--f);background:var(--b);border:1px solid var(--l);border-radius:var(--r);padding:10px 40px 10px 14px;min-height:46px}
input::placeholder{color:var(--m);opacity:1}
input:focus{outline:3px solid var(--tayori-focus,#1a73e8);outline-offset:1px;border-color:transparent}
.x{all:unset;position:absolute;right:6px;top:7px;width:32px;height:32px;border-radius:50%;text-align:center;line-height:32px;cursor:pointer;color:var(--m);font-size:20px}
.x:hover{background:#0000000d}
.p{position:absolute;left:0;right:0;top:100%;margin-top:6px;z-index:var(--tayori-z,1000);background:var(--b);border:1px solid var(--l);border-radius:var(--r);box-shadow:0 10px 30px #0002;overflow:hidden}
.s{max-height:min(70vh,560px);overflow:auto;position:relative;padding:4px 6px 6px}
.st{font-size:14px;color:var(--m);padding:8px 8px 4px;margin:0}
.st:empty{display:none}
.h{font-size:13px;font-weight:700;color:var(--f);padding:8px 8px 0;margin:0}
ul{list-style:none;margin:0;padding:0}
li{display:block;padding:10px 10px 50px;margin-top:4px;border-radius:calc(var(--r) - 2px);cursor:pointer;border:2px solid transparent}
li:hover{background:#00000008}
li[aria-selected=true]{border-color:var(--a);background:color-mix(in srgb,var(--a) 6%,var(--b))}
.t{display:block;font-weight:700;font-size:16px;line-height:1.45;color:var(--f)}
.pa{display:block;font-size:12px;color:var(--m);margin:2px 0 4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sn{display:block;font-size:14px;line-height:1.65;color:var(--f)}
mark{all:unset;background:var(--tayori-mark,#ffe58a);color:inherit;font-weight:700;border-radius:2px;padding:0 1px}
.fb{position:absolute;left:16px;right:16px;display:flex;flex-wrap:wrap;align-items:center;gap:6px 8px;font-size:13px;min-height:34px}
.fb a{color:var(--a);font-weight:700;text-decoration:none;padding:4px 2px}
.yn{display:inline-flex;margin-left:auto}
.fb a:hover{text-decoration:underline}
button{all:unset;font:inherit;font-size:13px;border:1px solid var(--l);padding:3px 12px;cursor:pointer;color:var(--f);background:var(--b)}
.yn button:first-child{border-radius:999px 0 0 999px}
.yn button+button{border-radius:0 999px 999px 0;margin-left:-1px}
button:hover{background:#0000000a}
button[aria-pressed=true]{background:var(--a);border-color:var(--a);color:#fff}
a:focus-visible,button:focus-visible,.x:focus-visible{outline:3px solid var(--tayori-focus,#1a73e8);outline-offset:2px}
.ms{color:var(--m);font-size:12px}
.ms:empty{display:none}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (max-width:480px){.fb{left:12px;right:12px}li{padding:8px 8px 50px}.s{max-height:75vh}}
`;

  const el = (tag, cls, part, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (part) e.setAttribute('part', part);
    if (text != null) e.textContent = text;
    return e;
  };

  // Only web links leave the widget: a javascript: URL from a compromised API is dropped.
  const link = (url, params) => {
    try {
      const u = new URL(url, location.href);
      if (!/^https?:$/.test(u.protocol)) return null;
      for (const [k, v] of params) u.searchParams.set(k, v);
      return u.href;
    } catch (e) {
      return null;
    }
  };

  // tracking="utm_source=a&utm_medium=b", or the API's partner_tracking (object or query string).
  const pairs = (t) => {
    if (!t) return [];
    if (typeof t === 'string') return [...new URLSearchParams(t)];
    return Object.entries(t).map(([k, v]) => [k, String(v)]);
  };

  // Text with the API's [start, end) code-point ranges as <mark>; text nodes only.
  const marked = (parent, text, ranges) => {
    const cp = Array.from(text || '');
    let at = 0;
    const rs = (Array.isArray(ranges) ? ranges : []).map((r) => [+r[0], +r[1]]).sort((a, b) => a[0] - b[0]);
    for (let [s, e] of rs) {
      s = Math.max(s, at);
      e = Math.min(e, cp.length);
      if (!(e > s)) continue;
      if (s > at) parent.append(cp.slice(at, s).join(''));
      parent.append(el('mark', '', 'mark', cp.slice(s, e).join('')));
      at = e;
    }
    if (at < cp.length) parent.append(cp.slice(at).join(''));
  };

  class TayoriSearch extends HTMLElement {
    connectedCallback() {
      if (this.r) return;
      const t = (this.t = L[(this.getAttribute('lang') || 'ja').slice(0, 2)] || L.ja);
      const r = (this.r = this.attachShadow({ mode: 'open' }));
      const st = el('style');
      st.textContent = CSS;
      const w = el('div', 'w', 'root');
      const lab = el('label', '', 'label', t.label);
      lab.htmlFor = 'q';
      const box = el('div', 'box');
      const q = (this.q = el('input', '', 'input'));
      Object.assign(q, { id: 'q', type: 'text', placeholder: t.ph, maxLength: 200, autocomplete: 'off', spellcheck: false });
      q.setAttribute('role', 'combobox');
      q.setAttribute('aria-autocomplete', 'list');
      q.setAttribute('aria-expanded', 'false');
      q.setAttribute('aria-controls', 'lb');
      q.setAttribute('enterkeyhint', 'search');
      const x = (this.x = el('button', 'x', 'clear', '×'));
      x.type = 'button';
      x.hidden = true;
      x.setAttribute('aria-label', t.clear);
      x.onclick = () => { this.reset(); q.focus(); };
      box.append(q, x);
      const live = (this.live = el('div', 'sr'));
      live.setAttribute('role', 'status');
      const p = (this.p = el('div', 'p', 'panel'));
      p.hidden = true;
      const s = (this.s = el('div', 's'));
      this.msg = el('p', 'st', 'status');
      this.hd = el('p', 'h', 'suggestions-label');
      this.hd.id = 'hd';
      const lb = (this.lb = el('ul', '', 'listbox'));
      lb.id = 'lb';
      lb.setAttribute('role', 'listbox');
      lb.setAttribute('aria-label', t.list);
      this.fbs = el('div');
      s.append(this.msg, this.hd, lb, this.fbs);
      p.append(s);
      w.append(lab, box, live, p);
      r.append(st, w);

      this.items = [];
      this.act = -1;
      this.comp = false;
      this.sent = new Map();
      q.addEventListener('compositionstart', () => { this.comp = true; clearTimeout(this.tm); });
      q.addEventListener('compositionend', () => { this.comp = false; this.later(); });
      q.addEventListener('input', (e) => { if (!this.comp && !e.isComposing) this.later(); });
      q.addEventListener('keydown', (e) => this.key(e));
      q.addEventListener('focus', () => { if (this.items.length && q.value.trim()) this.show(true); });
      // Keep focus in the input while the pointer picks an option.
      lb.addEventListener('mousedown', (e) => e.preventDefault());
      lb.addEventListener('click', (e) => {
        const li = e.target.closest('li');
        if (li) this.go(+li.dataset.i, e.ctrlKey || e.metaKey || e.shiftKey);
      });
      lb.addEventListener('mousemove', (e) => {
        const li = e.target.closest('li');
        if (li && +li.dataset.i !== this.act) this.move(+li.dataset.i);
      });
      w.addEventListener('focusout', (e) => { if (!r.contains(e.relatedTarget)) this.show(false); });
      if (window.ResizeObserver) new ResizeObserver(() => this.place()).observe(lb);
    }

    disconnectedCallback() {
      clearTimeout(this.tm);
      if (this.ac) this.ac.abort();
    }

    later() {
      clearTimeout(this.tm);
      this.x.hidden = !this.q.value;
      this.tm = setTimeout(() => this.search(), 200);
    }

    key(e) {
      // Enter that confirms an IME conversion must not open a result (Safari reports it after compositionend).
      if (this.comp || e.isComposing || e.keyCode === 229) return;
      const n = this.items.length;
      const open = !this.p.hidden;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (!n) return;
        e.preventDefault();
        if (!open) this.show(true);
        const d = e.key === 'ArrowDown' ? 1 : -1;
        this.move(this.act < 0 ? (d > 0 ? 0 : n - 1) : (this.act + d + n) % n);
      } else if (e.key === 'Enter') {
        if (open && n) {
          e.preventDefault();
          this.go(Math.max(this.act, 0), e.ctrlKey || e.metaKey);
        }
      } else if (e.key === 'Escape') {
        e.preventDefault();
        if (open) this.show(false);
        else this.reset();
      }
    }

    reset() {
      clearTimeout(this.tm);
      if (this.ac) this.ac.abort();
      this.q.value = '';
      this.x.hidden = true;
      this.render([], '', null);
      this.show(false);
    }

    show(on) {
      this.p.hidden = !on;
      this.q.setAttribute('aria-expanded', String(on && this.items.length > 0));
      if (!on) this.move(-1);
      else this.place();
    }

    move(i) {
      const old = this.lb.children[this.act];
      if (old) old.setAttribute('aria-selected', 'false');
      this.act = i;
      const li = this.lb.children[i];
      if (li) {
        li.setAttribute('aria-selected', 'true');
        this.q.setAttribute('aria-activedescendant', li.id);
        li.scrollIntoView({ block: 'nearest' });
      } else this.q.removeAttribute('aria-activedescendant');
    }

    api() {
      return (this.getAttribute('api') || home).replace(/\/+$/, '');
    }

    url(hit) {
      return link(hit.url, [...pairs(this.getAttribute('tracking')), ...pairs(this.trk)]);
    }

    go(i, tab) {
      const hit = this.items[i];
      const u = hit && this.url(hit);
      if (!u) return;
      const ev = new CustomEvent('tayori-open', { bubbles: true, composed: true, cancelable: true, detail: { url: u, id: hit.id } });
      if (!this.dispatchEvent(ev)) return;
      if (tab || this.getAttribute('target') === '_blank') window.open(u, '_blank', 'noopener');
      else location.assign(u);
    }

    async search() {
      const text = this.q.value.trim();
      if (this.ac) this.ac.abort();
      if (!text) return this.reset();
      const seq = (this.seq = (this.seq || 0) + 1);
      const ac = (this.ac = new AbortController());
      const t = this.t;
      this.status(t.busy, true);
      if (!navigator.onLine) return this.fail(t.off);
      const u = new URL(this.api() + '/v1/search', location.href);
      u.searchParams.set('q', text);
      u.searchParams.set('limit', this.getAttribute('limit') || '5');
      if (this.getAttribute('partner')) u.searchParams.set('partner', this.getAttribute('partner'));
      let data;
      try {
        const res = await fetch(u, { signal: ac.signal, headers: { Accept: 'application/json' } });
        if (!res.ok) throw new Error(res.status);
        data = await res.json();
      } catch (e) {
        if (seq !== this.seq || e.name === 'AbortError') return;
        // fetch rejects with a TypeError when the network (or the API host) cannot be reached.
        return this.fail(e instanceof TypeError ? t.off : t.err);
      }
      if (seq !== this.seq) return;
      this.trk = data.partner_tracking;
      const hits = data.results || [];
      const sugg = hits.length ? [] : data.suggestions || [];
      this.render(hits.length ? hits : sugg, text, sugg.length ? t.sugg : null);
      this.status(hits.length ? t.n(hits.length) : t.none);
      this.show(true);
    }

    fail(m) {
      this.render([], '', null);
      this.status(m);
      this.show(true);
    }

    status(m, busy) {
      this.msg.textContent = m;
      this.lb.setAttribute('aria-busy', String(!!busy));
      // Only outcomes are announced; "searching…" would chatter on every keystroke.
      if (!busy) this.live.textContent = m;
    }

    render(hits, text, label) {
      const t = this.t;
      this.items = hits;
      this.query = text;
      this.act = -1;
      this.q.removeAttribute('aria-activedescendant');
      this.hd.textContent = label || '';
      this.hd.hidden = !label;
      if (label) this.lb.setAttribute('aria-labelledby', 'hd');
      else this.lb.removeAttribute('aria-labelledby');
      this.lb.replaceChildren();
      this.fbs.replaceChildren();
      this.lb.hidden = !hits.length;
      // One article's results need no article title in every breadcrumb (it crowds out the
      // section at 360 px); results from several articles keep it.
      const one = hits.every((h) => h.article && hits[0].article && h.article.slug === hits[0].article.slug);
      hits.forEach((hit, i) => {
        const li = el('li', '', 'option');
        li.id = 'o' + i;
        li.dataset.i = i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        const path = (hit.path || []).slice(one && hit.path.length > 1 ? 1 : 0).filter((p) => p && p !== hit.heading);
        const sn = el('span', 'sn', 'snippet');
        marked(sn, hit.snippet, label ? [] : hit.highlights);
        li.append(el('span', 't', 'heading', hit.heading), el('span', 'pa', 'path', path.join(' › ')), sn);
        this.lb.append(li);
        this.fbs.append(this.row(hit, i));
      });
      this.place();
    }

    // Links and buttons may not live inside role=option, so each result's action row sits
    // outside the listbox and is laid over the space its option leaves at the bottom.
    row(hit, i) {
      const t = this.t;
      const g = el('div', 'fb', 'actions');
      g.setAttribute('role', 'group');
      g.setAttribute('aria-label', '「' + hit.heading + '」' + t.fb);
      const a = el('a', '', 'link', t.open + ' ›');
      const u = this.url(hit);
      if (u) a.href = u;
      a.onclick = (e) => { if (!e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) { e.preventDefault(); this.go(i); } };
      const ms = el('span', 'ms', 'feedback-message');
      ms.setAttribute('aria-live', 'polite');
      const bs = [true, false].map((h) => {
        const b = el('button', '', 'feedback', h ? t.yes : t.no);
        b.type = 'button';
        b.setAttribute('aria-pressed', String(this.sent.get(hit.id) === h));
        b.onclick = () => this.feedback(hit, h, bs, ms);
        return b;
      });
      if (this.sent.has(hit.id)) ms.textContent = t.thanks;
      const yn = el('span', 'yn');
      yn.append(...bs);
      g.append(a, yn, ms);
      return g;
    }

    async feedback(hit, helpful, bs, ms) {
      if (this.sent.has(hit.id) || bs.busy) return;
      bs.busy = true;
      const t = this.t;
      const body = { query: this.query || this.q.value.trim(), passage_id: hit.id, helpful };
      if (this.getAttribute('partner')) body.partner = this.getAttribute('partner');
      try {
        const res = await fetch(new URL(this.api() + '/v1/feedback', location.href), {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
        });
        if (!res.ok) throw new Error(res.status);
        this.sent.set(hit.id, helpful);
        bs.forEach((b, k) => b.setAttribute('aria-pressed', String(k === (helpful ? 0 : 1))));
        ms.textContent = t.thanks;
      } catch (e) {
        ms.textContent = t.fbErr;
      }
      bs.busy = false;
      this.place();
    }

    place() {
      [...this.fbs.children].forEach((g, i) => {
        const li = this.lb.children[i];
        if (!li) return;
        li.style.paddingBottom = g.offsetHeight + 14 + 'px';
        g.style.top = li.offsetTop + li.offsetHeight - g.offsetHeight - 8 + 'px';
      });
    }
  }

  customElements.define('tayori-search', TayoriSearch);
})();
