// 领导通, the leaders' phone view (/leader): the district mode, today's and this month's event
// figures, the key events (在办 / 督办 / 超期) with drill-down to one event, and the appraisal ranking
// down the region tree (township -> village -> grid). The viewer's sign-in, session and language.
import * as api from './api.js';
import { el, fill } from './dom.js';
import { t, tOr, language, setLanguage, describeError, formatNumber, formatPercent } from './i18n.js';
import { openSession, renderSignIn } from './signin.js';

const CHINA = 8 * 3600 * 1000;
// The level whose rows rank the children of a region of this level.
const CHILD_LEVEL = { district: 'township', township: 'village', workarea: 'village', village: 'grid' };

const state = { user: null, mode: null, tab: 'open', path: [], detail: null };
const hook = { ready: false, errors: [] };
window.leader = hook;
window.addEventListener('error', (e) => hook.errors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => hook.errors.push(String(e.reason?.message ?? e.reason)));

api.onUnauthorized(() => { if (state.user) signIn(t('error.session')); });
openSession(api.me, enter, signIn);

/** The product's one sign-in card (js/signin.js), with the leaders' subtitle. */
function signIn(message) {
  state.user = null;
  document.body.className = 'signin-page';
  renderSignIn(document.body, { message, subtitle: t('leader.subtitle'), login: api.login,
    onSignedIn: (session) => enter(session.user) });
}

/** The day in China as yyyy-MM-dd, and its month. */
function today() {
  return new Date(Date.now() + CHINA).toISOString().slice(0, 10);
}

/** The region the leader's view starts at: the district, or the leader's first area. */
function home(user) {
  const scope = (user.scopes ?? [])[0];
  return scope && scope.length === 12 ? scope : api.DISTRICT_CODE;
}

async function enter(user) {
  state.user = user;
  document.body.className = 'leader';
  document.documentElement.lang = language() === 'zh' ? 'zh-CN' : 'en';
  document.title = `${t('leader.title')} · GridScape`;
  state.path = [{ code: home(user), name: null, level: null }];
  fill(document.body, bar(),
    el('main', {},
      el('section', { id: 'figures' }, el('h2', {}, t('leader.today')), el('p', { class: 'loading' }, t('loading.data'))),
      el('section', { id: 'events' }, el('h2', {}, t('leader.keyEvents'))),
      el('section', { id: 'ranking' }, el('h2', {}, t('leader.ranking')), el('p', { class: 'loading' }, t('appr.loading')))));
  await Promise.all([loadMode(), figures(), events(), ranking()]);
  hook.ready = true;
}

function bar() {
  const wartime = state.mode?.mode === 'wartime';
  const mayChange = (state.user.roles ?? []).includes('admin')
    || ((state.user.roles ?? []).includes('leader') && !(state.user.scopes ?? []).length);
  return el('header', { class: 'leader-bar' },
    el('h1', {}, t('leader.title')),
    state.mode ? el('button', {
      class: `mode ${wartime ? 'war' : 'peace'}`, id: 'mode', disabled: !mayChange, onclick: changeMode,
    }, t(wartime ? 'mode.war' : 'mode.peace')) : null,
    el('button', { id: 'lang', onclick: () => { setLanguage(language() === 'zh' ? 'en' : 'zh'); enter(state.user); } }, t('lang.switch')),
    el('button', { id: 'signout', onclick: async () => { await api.logout().catch(() => {}); signIn(); } }, t('signout')));
}

async function loadMode() {
  state.mode = await api.districtMode().catch(() => null);
  document.querySelector('.leader-bar')?.replaceWith(bar());
}

/** 平战转换, for district leaders and administrators (the server checks again). */
async function changeMode() {
  const next = state.mode?.mode === 'wartime' ? 'peacetime' : 'wartime';
  const reason = window.prompt(t(next === 'wartime' ? 'mode.confirmWar' : 'mode.confirmPeace'));
  if (reason === null) return;
  try {
    state.mode = await api.setDistrictMode(next, reason || undefined);
    document.querySelector('.leader-bar')?.replaceWith(bar());
  } catch (e) {
    window.alert(describeError(e));
  }
}

// ---- today's and this month's figures ----

async function figures() {
  const box = document.getElementById('figures');
  const region = home(state.user);
  const day = today();
  const [d, m] = await Promise.all([
    api.eventStatsBetween(region, day, day).catch((e) => ({ error: e })),
    api.eventStatsBetween(region, `${day.slice(0, 8)}01`, day).catch((e) => ({ error: e })),
  ]);
  const tiles = (s) => (s.error ? [el('p', { class: 'notice' }, describeError(s.error))] : [el('div', { class: 'figs' },
    fig('leader.received', formatNumber(s.received)), fig('leader.closed', formatNumber(s.closed)),
    fig('leader.closureRate', formatPercent(s.closureRate)), fig('leader.inProgress', formatNumber(s.inProgress)),
    fig('leader.supervised', formatNumber(s.supervised), s.supervised ? 'warn' : ''),
    fig('leader.overdue', formatNumber(s.overdue), s.overdue ? 'danger' : ''))]);
  fill(box, el('h2', {}, t('leader.today'), el('small', { class: 'muted' }, day)), ...tiles(d),
    el('h2', { style: { marginTop: '12px' } }, t('leader.month')), ...tiles(m));
}

function fig(key, value, tone = '') {
  return el('div', { class: `fig ${tone}`, dataset: { fig: key.slice(7) } }, el('b', {}, value), el('span', {}, t(key)));
}

// ---- key events and one event ----

async function events() {
  const box = document.getElementById('events');
  const tabs = el('div', { class: 'tabs-row' }, ['open', 'supervised', 'overdue'].map((status) => el('button', {
    class: state.tab === status ? 'active' : '', dataset: { status },
    onclick: () => { state.tab = status; events(); },
  }, t(`event.status.${status}`))));
  fill(box, el('h2', {}, t('leader.keyEvents')), tabs, el('p', { class: 'loading' }, t('loading.data')));
  let list;
  try {
    list = await api.events({ status: state.tab, limit: 20 });
  } catch (e) {
    fill(box, el('h2', {}, t('leader.keyEvents')), tabs, el('p', { class: 'notice' }, describeError(e)));
    return;
  }
  const items = list.map((f) => f.properties ?? f).map((p) => el('li', {}, el('button', {
    class: 'event', dataset: { id: p.id }, onclick: () => detail(p.id),
  }, el('span', {}, p.title || tOr(`cat.${p.category}`, p.category)),
  el('span', { class: 'muted' }, tOr(`step.${p.step}`, p.step)),
  el('small', {}, `${p.id} · ${p.gridCode} · ${when(p.reportedAt)}`))));
  fill(box, el('h2', {}, t('leader.keyEvents')), tabs,
    items.length ? el('ul', { class: 'list', id: 'event-list' }, items) : el('p', { class: 'muted' }, t('leader.noEvents')));
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString(language() === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false }) : '—';
}

async function detail(id) {
  const box = document.getElementById('events');
  const back = el('button', { class: 'chip', id: 'event-back', onclick: () => events() }, `‹ ${t('leader.back')}`);
  fill(box, el('h2', {}, t('leader.keyEvents'), back), el('p', { class: 'loading' }, t('loading.data')));
  try {
    const e = await api.eventDetail(id);
    const p = e.properties ?? e;
    fill(box, el('h2', {}, p.title || tOr(`cat.${p.category}`, p.category), back),
      el('div', { class: 'detail', id: 'event-detail', dataset: { id: p.id } },
        el('dl', {},
          el('dt', {}, t('leader.category')), el('dd', {}, tOr(`cat.${p.category}`, p.category)),
          el('dt', {}, t('leader.step')), el('dd', {}, tOr(`step.${p.step}`, p.step),
            p.supervised ? ` · ${t('event.status.supervised')}` : '', p.overdue ? ` · ${t('event.status.overdue')}` : ''),
          el('dt', {}, t('leader.grid')), el('dd', {}, p.gridCode),
          el('dt', {}, t('leader.reportedAt')), el('dd', {}, when(p.reportedAt)),
          el('dt', {}, t('leader.deadline')), el('dd', {}, when(p.deadline))),
        p.description ? el('p', {}, p.description) : null,
        el('h2', {}, t('leader.steps')),
        el('ol', { class: 'steps' }, (p.steps ?? []).map((s) => el('li', {},
          el('b', {}, tOr(`step.${s.to}`, s.to)), ` · ${s.actor} · ${when(s.at)}`, s.note ? ` · ${s.note}` : '')))));
  } catch (err) {
    fill(box, el('h2', {}, t('leader.keyEvents'), back), el('p', { class: 'notice' }, describeError(err)));
  }
}

// ---- the appraisal ranking down the region tree ----

async function ranking() {
  const box = document.getElementById('ranking');
  const here = state.path[state.path.length - 1];
  const period = today().slice(0, 7);
  const up = state.path.length > 1
    ? el('button', { class: 'chip', id: 'ranking-up', onclick: () => { state.path.pop(); ranking(); } }, `‹ ${t('leader.up')}`) : null;
  const head = () => el('h2', {}, t('leader.ranking'), up);
  const crumbs = el('p', { class: 'crumbs' }, state.path.map((p) => p.name ?? t('app.district')).join(' › '), ` · ${period}`);
  fill(box, head(), crumbs, el('p', { class: 'loading' }, t('appr.loading')));
  let table;
  try {
    const region = here.level === 'grid' ? null : here.code;
    const level = CHILD_LEVEL[here.level ?? (here.code === api.DISTRICT_CODE ? 'district' : guessLevel(here.code))];
    table = await api.appraisal({ region, period, level });
  } catch (e) {
    fill(box, head(), crumbs, el('p', { class: 'notice' }, describeError(e)));
    return;
  }
  const rows = table.rows ?? [];
  const items = rows.map((r) => {
    const coverage = typeof r.coverage === 'number' ? r.coverage : null;
    const drill = r.level !== 'grid' && r.level !== 'worker';
    return el('li', {}, el('button', {
      class: 'rank-row', dataset: { code: r.code, level: r.level }, disabled: !drill,
      onclick: drill ? () => { state.path.push({ code: r.code, name: r.name, level: r.level }); ranking(); } : undefined,
    },
    el('span', {}, `${r.rank}. ${r.name ?? r.code}`),
    el('span', { class: 'score' }, r.score === null || r.score === undefined ? '—' : formatNumber(r.score, 1)),
    el('small', {}, `${t('appr.coverage')} ${coverage === null ? '—' : formatPercent(coverage * 100)} · `
      + `${t('leader.patrols')} ${formatNumber(r.patrols)} · ${t('leader.visits')} ${formatNumber(r.visits)} · `
      + `${t('appr.timely')} ${r.timelyRate === null ? '—' : formatPercent(r.timelyRate * 100)}`),
    el('span', { class: 'bar-track' }, el('i', {
      class: coverage !== null && coverage < 0.95 ? 'low' : '', style: { width: `${Math.round((coverage ?? 0) * 100)}%` },
    }))));
  });
  fill(box, head(), crumbs,
    items.length ? el('ul', { class: 'list', id: 'ranking-list' }, items) : el('p', { class: 'muted' }, t('leader.noRanking')));
}

/** The level of a region code: a township ends in 000 after its 9 digits, a village does not. */
function guessLevel(code) {
  return code.endsWith('000') ? 'township' : 'village';
}
