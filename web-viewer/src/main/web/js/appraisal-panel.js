// 效能督导 in the dashboard drawer: the month's ranking (grids or grid workers by score), a map of the
// grids coloured by patrol coverage (ECharts geo on the grids' own outlines; nothing from the
// internet) and a three-month trend of each township's score. Every figure is the appraisal API's.
import * as echarts from 'echarts';
import * as api from './api.js';
import { el, fill } from './dom.js';
import { t, formatNumber, formatPercent, describeError } from './i18n.js';

const TEXT = '#c9d6e6';
const GRID_LINE = 'rgba(140,170,200,0.15)';
const DISTRICT_BOX = [118.55, 24.80, 118.95, 25.12];
const TOP = 10;

function month(offset) {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + offset);
  return d.toISOString().slice(0, 7);
}

export class AppraisalPanel {
  /**
   * @param onWorkerTracks called with (worker id, name) by a worker row's track button; without it
   *        the rows have none (roles that may not read patrols)
   */
  constructor({ onWorkerTracks } = {}) {
    this.onWorkerTracks = onWorkerTracks;
    this.node = el('div', { class: 'appraisal-panel', id: 'appraisal' });
    this.view = 'grid';
    this.table = null;
    this.outlines = null;
    this.trend = null;
    this.error = null;
    this.charts = [];
    window.addEventListener('resize', () => this.charts.forEach((c) => c.resize()));
  }

  /** The panel's node, loading its figures the first time it is shown. */
  element() {
    if (!this.loading) this.loading = this.load();
    this.render();
    return this.node;
  }

  async load() {
    try {
      const period = month(0);
      [this.table, this.outlines] = await Promise.all([api.appraisal({ period }),
        api.gridsInBox(DISTRICT_BOX, 0.0002).catch(() => [])]);
    } catch (e) {
      this.error = e;
    }
    this.render();
    if (this.error) return;
    // the trend after the month itself: each earlier month's coverage is computed once, then kept
    const months = [month(-2), month(-1), month(0)];
    const tables = await Promise.all(months.slice(0, 2).map((p) => api.appraisal({ period: p, level: 'township' })
      .catch(() => ({ rows: [] }))));
    tables.push({ rows: (this.table.rows ?? []).filter((r) => r.level === 'township') });
    this.trend = { months, tables };
    // only the trend's chart: the ranking and the map stay as they are (a row may be being clicked)
    if (this.trendBox?.isConnected) this.drawTrend();
    else this.render();
  }

  drawTrend() {
    this.trendChart?.dispose();
    this.charts = this.charts.filter((c) => c !== this.trendChart);
    this.trendChart = null;
    const option = this.trendOption();
    if (!option) {
      fill(this.trendBox, el('p', { class: 'muted chart-empty' }, option === null ? t('dash.noData') : t('loading.data')));
      return;
    }
    fill(this.trendBox);
    this.trendChart = echarts.init(this.trendBox, null, { renderer: 'canvas' });
    this.trendChart.setOption({ textStyle: { color: TEXT }, ...option });
    this.charts.push(this.trendChart);
  }

  render() {
    this.charts.forEach((c) => c.dispose());
    this.charts = [];
    const head = el('div', { class: 'dash-head' }, el('h2', {}, `${t('appr.title')} · ${month(0)}`),
      el('a', { class: 'ghost', href: `/api/v1/appraisal?period=${month(0)}&format=xlsx`, download: '' }, t('appr.download')));
    if (this.error) return fill(this.node, head, el('p', { class: 'notice' }, describeError(this.error)));
    if (!this.table) return fill(this.node, head, el('p', { class: 'loading' }, t('appr.loading')));
    const mapBox = el('div', { class: 'chart', id: 'coverage-map' });
    const trendBox = el('div', { class: 'chart', id: 'appraisal-trend' });
    fill(this.node, head, el('div', { class: 'chart-row' },
      el('div', { class: 'chart-panel' }, this.rankingTable()),
      el('div', { class: 'chart-panel' }, el('h3', {}, t('appr.coverageMap')), mapBox),
      el('div', { class: 'chart-panel' }, el('h3', {}, t('appr.trend')), trendBox)));
    const map = this.coverageOption();
    if (map) {
      const chart = echarts.init(mapBox, null, { renderer: 'canvas' });
      chart.setOption({ textStyle: { color: TEXT }, ...map });
      this.charts.push(chart);
    } else {
      mapBox.append(el('p', { class: 'muted chart-empty' }, t('dash.noData')));
    }
    this.trendBox = trendBox;
    this.trendChart = null;
    this.drawTrend();
  }

  rankingTable() {
    const rows = (this.table.rows ?? []).filter((r) => r.level === this.view).slice(0, TOP);
    const pct = (v) => (typeof v === 'number' ? formatPercent(v * 100) : '—');
    const tabs = el('div', { class: 'appraisal-tabs' }, ['grid', 'worker'].map((view) => el('button', {
      class: `ghost ${this.view === view ? 'active' : ''}`, dataset: { view },
      onclick: () => { this.view = view; this.render(); },
    }, t(view === 'grid' ? 'appr.grids' : 'appr.workers'))));
    // a worker's row opens their patrol tracks of a day on the map
    const tracks = this.view === 'worker' && this.onWorkerTracks;
    const headers = ['appr.rank', 'appr.name', 'appr.coverage', 'appr.timely', 'appr.onTime', 'appr.score'];
    return el('div', {}, tabs, rows.length ? el('table', { class: 'appraisal-table', id: 'appraisal-ranking' },
      el('thead', {}, el('tr', {}, headers.map((k) => el('th', {}, t(k))), tracks ? el('th', {}) : null)),
      el('tbody', {}, rows.map((r) => el('tr', { dataset: { code: r.code } },
        el('td', {}, r.rank), el('td', { title: r.code }, r.name ?? r.code), el('td', {}, pct(r.coverage)),
        el('td', {}, pct(r.timelyRate)), el('td', {}, pct(r.onTimeRate)),
        el('td', {}, r.score === null ? '—' : formatNumber(r.score, 1)),
        tracks ? el('td', {}, el('button', {
          class: 'ghost track-button', type: 'button', dataset: { worker: r.code }, title: t('appr.tracksTitle'),
          onclick: () => this.onWorkerTracks(r.code, r.name ?? r.code),
        }, t('appr.tracks'))) : null))))
      : el('p', { class: 'muted' }, t('dash.noData')));
  }

  /** The grids' outlines as an ECharts map, each filled by its coverage (red under 80 %, amber under 95 %). */
  coverageOption() {
    const outlines = (this.outlines ?? []).filter((g) => g.geometry);
    if (!outlines.length) return null;
    const coverage = Object.fromEntries((this.table.rows ?? []).filter((r) => r.level === 'grid')
      .map((r) => [r.code, r.coverage]));
    echarts.registerMap('gridscape-grids', {
      type: 'FeatureCollection',
      features: outlines.map((g) => ({ type: 'Feature', properties: { name: g.code }, geometry: g.geometry })),
    });
    return {
      tooltip: { formatter: (p) => `${p.name}<br>${typeof p.value === 'number' ? `${p.value.toFixed(1)}%` : '—'}` },
      visualMap: {
        type: 'piecewise', left: 0, bottom: 0, textStyle: { color: TEXT }, itemWidth: 12,
        pieces: [{ lt: 80, color: '#e0413a', label: '< 80%' }, { gte: 80, lt: 95, color: '#f2a23a', label: '80–95%' },
          { gte: 95, color: '#2fbf71', label: '≥ 95%' }],
      },
      series: [{
        type: 'map', map: 'gridscape-grids', roam: true, aspectScale: 0.9,
        itemStyle: { areaColor: '#1b2a3d', borderColor: 'rgba(200,220,240,0.35)', borderWidth: 0.5 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#35d0ff' } },
        data: outlines.map((g) => ({ name: g.code,
          value: typeof coverage[g.code] === 'number' ? Math.round(coverage[g.code] * 1000) / 10 : undefined })),
      }],
    };
  }

  /** Each township's score over the last three months; undefined while they load. */
  trendOption() {
    if (!this.trend) return undefined;
    const names = {};
    const scores = {};
    this.trend.tables.forEach((table, i) => (table.rows ?? []).forEach((r) => {
      names[r.code] = r.name ?? r.code;
      (scores[r.code] ??= [null, null, null])[i] = r.score;
    }));
    if (!Object.keys(scores).length) return null;
    return {
      tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll', textStyle: { color: TEXT } },
      grid: { left: 40, right: 12, top: 30, bottom: 24 },
      xAxis: { type: 'category', data: this.trend.months, axisLabel: { color: TEXT } },
      yAxis: { type: 'value', min: 0, max: 100, splitLine: { lineStyle: { color: GRID_LINE } }, axisLabel: { color: TEXT } },
      series: Object.entries(scores).map(([code, data]) => ({ name: names[code], type: 'line', connectNulls: true, data })),
    };
  }
}
