// Picking a grid worker's day of patrols (docs/PATROLS.md "Reading tracks"): the days of their
// latest patrols, or any date; the tracks themselves are drawn by patrol-tracks.js. Only offered to
// roles that may read tracks (leaders within their areas, administrators; the API decides).
import * as api from './api.js';
import { el, fill } from './dom.js';
import { t, language, formatNumber, describeError, onLanguageChange } from './i18n.js';

const CHINA_MS = 8 * 3600 * 1000;

/** May these roles read patrol tracks at all (the server still checks each track)? */
export function mayReadTracks(user) {
  return (user?.roles ?? []).some((r) => r === 'admin' || r === 'leader');
}

/** 'HH:mm' in China time of an ISO instant. */
export function chinaTime(iso) {
  return new Date(Date.parse(iso) + CHINA_MS).toISOString().slice(11, 16);
}

/** The China date 'YYYY-MM-DD' of an ISO time (the list answers times with +08:00). */
export function chinaDay(iso) {
  return new Date(Date.parse(iso) + CHINA_MS).toISOString().slice(0, 10);
}

export function shiftDay(day, days) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** '11月20日 周五' / 'Fri 20 Nov' */
export function dayLabel(day) {
  const d = new Date(`${day}T00:00:00Z`);
  return language() === 'zh'
    ? `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${d.toLocaleDateString('zh-CN', { weekday: 'short', timeZone: 'UTC' })}`
    : d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

export function km(metres) {
  return `${formatNumber((metres ?? 0) / 1000, 1)} ${t('unit.km')}`;
}

/**
 * The worker's patrol days to choose from: the days of their latest patrols (newest first), and a
 * date field for any other day. Calls {@code onDay(worker, name, day)} with the choice.
 */
export class PatrolPicker {
  constructor(node, { onDay }) {
    this.node = node;
    this.onDay = onDay;
    this.node.hidden = true;
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape') this.close(); });
    onLanguageChange(() => { if (!this.node.hidden) this.render(); });
  }

  async open(worker, name) {
    const token = Symbol('picker');
    this.token = token;
    this.worker = worker;
    this.name = name;
    this.days = null;
    this.error = null;
    this.node.hidden = false;
    this.render();
    try {
      const list = await api.patrols({ worker, limit: 200 });
      if (this.token !== token) return;
      const days = new Map();
      for (const p of list) {
        const day = chinaDay(p.startedAt);
        const d = days.get(day) ?? { day, patrols: 0, distanceM: 0 };
        d.patrols += 1;
        d.distanceM += p.distanceM ?? 0;
        days.set(day, d);
      }
      this.days = [...days.values()].slice(0, 14);
    } catch (e) {
      if (this.token !== token) return;
      this.error = e;
    }
    this.render();
  }

  close() {
    this.token = Symbol('closed');
    this.node.hidden = true;
  }

  choose(day) {
    this.close();
    this.onDay(this.worker, this.name, day);
  }

  render() {
    const who = this.name && this.name !== this.worker ? `${this.name} (${this.worker})` : this.worker;
    const input = el('input', { type: 'date', class: 'patrol-date', value: this.days?.[0]?.day ?? '' });
    let list;
    if (this.error) list = el('p', { class: 'notice' }, describeError(this.error));
    else if (!this.days) list = el('p', { class: 'loading' }, t('tracks.loadingDays'));
    else if (!this.days.length) list = el('p', { class: 'muted' }, t('tracks.noDays'));
    else {
      list = el('ul', { class: 'card-list patrol-days' }, this.days.map((d) => el('li', {},
        el('button', { class: 'ghost patrol-day-button', type: 'button', dataset: { day: d.day },
          onclick: () => this.choose(d.day) },
        el('span', {}, dayLabel(d.day)),
        el('span', { class: 'muted' }, `${t('tracks.patrolCount', formatNumber(d.patrols))} · ${km(d.distanceM)}`)))));
    }
    fill(this.node,
      el('header', { class: 'patrol-picker-head' },
        el('b', {}, t('tracks.title')), el('span', { class: 'muted' }, who),
        el('button', { class: 'close', type: 'button', title: t('card.close'), 'aria-label': t('card.close'),
          onclick: () => this.close() }, '×')),
      el('h3', {}, t('tracks.recentDays')),
      list,
      el('form', { class: 'patrol-date-row', onsubmit: (e) => { e.preventDefault(); if (input.value) this.choose(input.value); } },
        el('label', {}, t('tracks.otherDay'), ' ', input),
        el('button', { class: 'ghost', type: 'submit' }, t('tracks.show'))));
  }
}
