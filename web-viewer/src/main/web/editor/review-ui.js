// Small pieces shared by the editor's review modules (compare, import preview, versions, presence):
// their stylesheet, a floating panel, a toolbar button, and times in the planner's clock.
import { t } from './i18n.js';

let styled = false;

function stylesheet() {
  if (styled) return;
  styled = true;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = '/editor/review.css';
  document.head.append(link);
}

/** A floating panel with a title and a close button; returns {panel, body, show(), hide()}. */
export function panel(id, titleKey) {
  stylesheet();
  const el = document.createElement('section');
  el.id = id;
  el.className = 'review-panel';
  el.hidden = true;
  const head = document.createElement('h2');
  const title = document.createElement('span');
  title.dataset.i18n = titleKey;
  title.textContent = t(titleKey);
  const close = document.createElement('button');
  close.className = 'close';
  close.textContent = '×';
  close.title = t('close');
  head.append(title, close);
  const body = document.createElement('div');
  el.append(head, body);
  document.body.append(el);
  const api = { panel: el, body, onClose: null, show() { el.hidden = false; }, hide() { el.hidden = true; api.onClose?.(); } };
  close.addEventListener('click', () => api.hide());
  return api;
}

/** A toolbar button outside the editor's data-tool dispatch, placed before `before` (a data-tool name). */
export function toolbarButton(key, before, onClick) {
  stylesheet();
  const b = document.createElement('button');
  b.type = 'button';
  b.dataset.i18n = key;
  b.dataset.review = key;
  b.textContent = t(key);
  const anchor = document.querySelector(`#toolbar [data-tool="${before}"]`);
  if (anchor) anchor.before(b); else document.getElementById('toolbar').append(b);
  b.addEventListener('click', (e) => { e.stopPropagation(); onClick(); });
  return b;
}

export function element(tag, text, attrs = {}) {
  const el = document.createElement(tag);
  if (text != null) el.textContent = text;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/** HH:MM of an ISO time, in the browser's time zone; the date too when it is not today. */
export function clock(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso || '';
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return d.toDateString() === new Date().toDateString() ? hm
    : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${hm}`;
}

stylesheet();
