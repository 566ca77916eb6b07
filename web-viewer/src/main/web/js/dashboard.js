// The dashboard drawer: KPI tiles and four ECharts panels (events by status and by category,
// townships, monthly trend). Every number comes from the API; nothing here is a constant.
import * as echarts from 'echarts';
import * as api from './api.js';
import { el, fill } from './dom.js';
import { t, tOr, formatNumber, formatPercent, describeError, onLanguageChange } from './i18n.js';
import { num, countMap, figures } from './card.js';
import { EVENT_STATUS_COLORS } from './overlays.js';
import { AppraisalPanel } from './appraisal-panel.js';

const TEXT = '#c9d6e6';
const GRID_LINE = 'rgba(140,170,200,0.15)';
const PALETTE = ['#3d9cff', '#35d0ff', '#2fbf71', '#f2d13a', '#f28c28', '#e0413a', '#b04ee0', '#8aa4c0', '#5ad8a6', '#ff9cc2'];

/** The KPI values from /api/v1/stats and /api/v1/events/stats; null where the API has none. */
export function kpis(stats, eventStats) {
  const f = figures(stats);
  const workersTotal = num(stats ?? {}, 'workers.total', 'gridWorkers.total', 'workersTotal')
    ?? (Object.keys(f.workers).length ? Object.entries(f.workers).filter(([k]) => k !== 'total')
      .reduce((sum, [, v]) => sum + (Number(v) || 0), 0) : num(stats ?? {}, 'workers', 'gridWorkers'));
  const received = num(stats ?? {}, 'events.received', 'eventsReceived', 'events.total')
    ?? num(eventStats ?? {}, 'received', 'total');
  const closed = num(stats ?? {}, 'events.closed', 'eventsClosed') ?? num(eventStats ?? {}, 'closed');
  // Computed from the two counts when both are known, so the tile always agrees with them.
  // No events received means no rate at all, not 0%.
  const rate = !received ? null : closed !== null ? (closed / received) * 100
    : num(stats ?? {}, 'events.closureRate', 'closureRate') ?? num(eventStats ?? {}, 'closureRate');
  return {
    grids: f.grids, residents: f.residents, households: f.households, partyMembers: f.partyMembers,
    linkedHouseholds: f.linkedHouseholds, workers: workersTotal,
    eventsReceived: received, eventsClosed: closed, closureRate: rate,
  };
}

export class Dashboard {
  /** @param onWorkerTracks see {@link AppraisalPanel}: opens a worker's patrol tracks */
  constructor(drawer, { onWorkerTracks } = {}) {
    this.drawer = drawer;
    this.charts = [];
    this.data = null;
    // 效能督导: loaded when asked for (its coverage is the heaviest figure of all)
    this.appraisal = new AppraisalPanel({ onWorkerTracks });
    this.showAppraisal = false;
    onLanguageChange(() => { if (this.data) this.render(); });
    window.addEventListener('resize', () => this.charts.forEach((c) => c.resize()));
  }

  async open() {
    this.drawer.classList.add('open');
    if (!this.data) await this.load();
    else this.charts.forEach((c) => c.resize());
  }

  close() {
    this.drawer.classList.remove('open');
  }

  /**
   * Loads the figures. {@code refresh} (a change made elsewhere, from the change feed) keeps what is
   * shown until new figures are in and puts the KPI tiles in as soon as the district figures arrive
   * (they carry the event counts), before the event statistics the charts need (the slower request).
   */
  async load({ refresh = false } = {}) {
    const token = Symbol('load');
    this.loadToken = token;
    const previous = refresh && this.drawer.querySelector('.kpi-row') ? this.data : null;
    if (!previous) fill(this.drawer, el('p', { class: 'loading dash-loading' }, t('loading.data')));
    const statsPromise = api.districtStats().catch((e) => ({ error: e }));
    const eventStatsPromise = api.eventStats().catch((e) => ({ error: e }));
    const townships = this.townshipFigures(eventStatsPromise).catch(() => []);
    if (previous) {
      const stats = await statsPromise;
      if (this.loadToken !== token) return;
      if (!stats.error) this.drawer.querySelector('.kpi-row')?.replaceWith(this.kpiRow(kpis(stats, {})));
    }
    const [stats, eventStats] = await Promise.all([statsPromise, eventStatsPromise]);
    if (this.loadToken !== token) return;
    // KPIs first; the township bars follow when every township's figures are in.
    this.data = { stats, eventStats, townships: previous?.townships ?? null };
    this.render();
    const townshipFigures = await townships;
    if (this.loadToken !== token) return;
    this.data.townships = townshipFigures;
    this.render();
  }

  kpiRow(k) {
    const tiles = [
      ['dash.grids', formatNumber(k.grids)], ['dash.residents', formatNumber(k.residents)],
      ['dash.households', formatNumber(k.households)], ['dash.partyMembers', formatNumber(k.partyMembers)],
      ['dash.linkedHouseholds', formatNumber(k.linkedHouseholds)], ['dash.workers', formatNumber(k.workers)],
      ['dash.eventsReceived', formatNumber(k.eventsReceived)], ['dash.eventsClosed', formatNumber(k.eventsClosed)],
      ['dash.closureRate', formatPercent(k.closureRate)],
    ];
    return el('div', { class: 'kpi-row' }, tiles.map(([key, value]) => el('div', { class: 'kpi', dataset: { kpi: key.slice(5) } },
      el('div', { class: 'kpi-value' }, value), el('div', { class: 'kpi-label' }, t(key)))));
  }

  /**
   * Per township: names, and its figures only when the event statistics have no township split
   * (those come fast; region figures are heavier).
   */
  async townshipFigures(eventStatsPromise) {
    const children = await api.regionChildren(api.DISTRICT_CODE);
    const ev = await eventStatsPromise;
    if (Object.keys(countMap(ev?.byTownship)).length) {
      return children.map((c) => ({ code: c.code, name: c.name, stats: null }));
    }
    return Promise.all(children.map(async (c) => ({
      code: c.code, name: c.name, stats: await api.regionStats(c.code).catch(() => ({})),
    })));
  }

  render() {
    const { stats, eventStats, townships } = this.data;
    this.charts.forEach((c) => c.dispose());
    this.charts = [];
    const k = kpis(stats.error ? {} : stats, eventStats.error ? {} : eventStats);
    const notices = [stats.error, eventStats.error].filter(Boolean).map((e) => el('p', { class: 'notice' }, describeError(e)));
    const panels = ['dash.byStatus', 'dash.byCategory', 'dash.byTownship', 'dash.monthly']
      .map((key) => el('div', { class: 'chart-panel' }, el('h3', {}, t(key)), el('div', { class: 'chart' })));
    fill(this.drawer,
      el('div', { class: 'dash-head' }, el('h2', {}, t('dash.title')),
        el('button', {
          class: `ghost ${this.showAppraisal ? 'active' : ''}`, id: 'appraisal-button',
          onclick: () => { this.showAppraisal = !this.showAppraisal; this.render(); },
        }, t('appr.title')),
        el('button', { class: 'ghost', onclick: () => this.close() }, t('dash.close'))),
      ...notices,
      this.kpiRow(k),
      el('div', { class: 'chart-row' }, panels),
      this.showAppraisal ? this.appraisal.element() : null);
    const ev = eventStats.error ? {} : eventStats;
    const charts = [this.statusOption(ev), this.categoryOption(ev), this.townshipOption(ev, townships), this.monthlyOption(ev)];
    panels.forEach((panel, i) => {
      const box = panel.querySelector('.chart');
      if (!charts[i]) {
        box.append(el('p', { class: 'muted chart-empty' }, t('dash.noData')));
        return;
      }
      const chart = echarts.init(box, null, { renderer: 'canvas' });
      chart.setOption({ textStyle: { color: TEXT, fontFamily: '"Noto Sans CJK SC", sans-serif' }, color: PALETTE, ...charts[i] });
      this.charts.push(chart);
    });
  }

  statusOption(ev) {
    const byStatus = countMap(ev.byStatus ?? ev.status ?? ev.byState);
    const entries = Object.entries(byStatus).filter(([, v]) => typeof v === 'number');
    if (!entries.length) return null;
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, textStyle: { color: TEXT } },
      series: [{
        type: 'pie', radius: ['45%', '70%'], center: ['50%', '45%'], label: { color: TEXT, formatter: '{c}' },
        data: entries.map(([key, value]) => ({
          name: tOr(`event.status.${key}`, tOr(`step.${key}`, key)), value,
          itemStyle: EVENT_STATUS_COLORS[key] ? { color: EVENT_STATUS_COLORS[key] } : undefined,
        })),
      }],
    };
  }

  categoryOption(ev) {
    const entries = Object.entries(countMap(ev.byCategory ?? ev.categories)).sort((a, b) => a[1] - b[1]);
    if (!entries.length) return null;
    return {
      tooltip: {}, grid: { left: 90, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', splitLine: { lineStyle: { color: GRID_LINE } }, axisLabel: { color: TEXT } },
      yAxis: { type: 'category', data: entries.map(([k]) => tOr(`cat.${k}`, k)), axisLabel: { color: TEXT } },
      series: [{ type: 'bar', data: entries.map(([, v]) => v), itemStyle: { color: '#35d0ff', borderRadius: [0, 3, 3, 0] } }],
    };
  }

  townshipOption(ev, townships) {
    if (!townships) return { title: { text: t('loading.data'), left: 'center', top: 'middle', textStyle: { color: '#8196ad', fontSize: 13, fontWeight: 'normal' } } };
    const byTownship = countMap(ev.byTownship);
    const names = townships.map((tw) => tw.name);
    let series;
    const byRegion = Array.isArray(ev.byRegion) ? Object.fromEntries(ev.byRegion.map((r) => [r.code ?? r.key, r])) : {};
    if (townships.every((tw) => byRegion[tw.code])) {
      series = [
        { name: t('dash.received'), type: 'bar', data: townships.map((tw) => byRegion[tw.code].received ?? byRegion[tw.code].count ?? 0) },
        { name: t('dash.closed'), type: 'bar', data: townships.map((tw) => byRegion[tw.code].closed ?? 0) },
      ];
    } else if (Object.keys(byTownship).length) {
      series = [{ name: t('dash.received'), type: 'bar', data: townships.map((tw) => byTownship[tw.code] ?? byTownship[tw.name] ?? 0) }];
    } else {
      const figs = townships.map((tw) => figures(tw.stats ?? {}));
      if (!figs.some((f) => f.residents)) return null;
      series = [
        { name: t('dash.residents'), type: 'bar', data: figs.map((f) => f.residents ?? 0) },
        { name: t('dash.households'), type: 'bar', data: figs.map((f) => f.households ?? 0) },
      ];
    }
    return {
      tooltip: { trigger: 'axis' }, legend: { top: 0, textStyle: { color: TEXT } },
      grid: { left: 56, right: 12, top: 28, bottom: 40 },
      xAxis: { type: 'category', data: names, axisLabel: { color: TEXT, interval: 0, rotate: names.length > 5 ? 20 : 0 } },
      yAxis: { type: 'value', splitLine: { lineStyle: { color: GRID_LINE } }, axisLabel: { color: TEXT } },
      series,
    };
  }

  monthlyOption(ev) {
    const raw = ev.monthly ?? ev.byMonth;
    let rows = [];
    if (Array.isArray(raw)) rows = raw.map((r) => ({ month: r.month ?? r.key, received: r.received ?? r.count ?? 0, closed: r.closed ?? null }));
    else if (raw && typeof raw === 'object') rows = Object.entries(raw).map(([month, v]) => (typeof v === 'number'
      ? { month, received: v, closed: null } : { month, received: v.received ?? 0, closed: v.closed ?? null }));
    if (!rows.length) return null;
    rows.sort((a, b) => String(a.month).localeCompare(String(b.month)));
    const series = [{ name: t('dash.received'), type: 'line', smooth: true, areaStyle: { opacity: 0.15 }, data: rows.map((r) => r.received) }];
    if (rows.some((r) => r.closed !== null)) series.push({ name: t('dash.closed'), type: 'line', smooth: true, data: rows.map((r) => r.closed ?? 0) });
    return {
      tooltip: { trigger: 'axis' }, legend: { top: 0, textStyle: { color: TEXT } },
      grid: { left: 48, right: 16, top: 28, bottom: 28 },
      xAxis: { type: 'category', data: rows.map((r) => r.month), axisLabel: { color: TEXT } },
      yAxis: { type: 'value', splitLine: { lineStyle: { color: GRID_LINE } }, axisLabel: { color: TEXT } },
      series,
    };
  }
}
