// The right-hand card of what is selected: a district, township, work area, village, grid or a
// building. Figures come first, then the lists the user's role may see (the API enforces the
// rules; the card only shows what comes back, masked data as masked).
import * as api from './api.js';
import { el, clear, fill } from './dom.js';
import { t, tOr, formatNumber, describeError, onLanguageChange } from './i18n.js';
import { theme } from './themes.js';
import { eventStatus, EVENT_STATUS_COLORS } from './overlays.js';
import { chinaDay, dayLabel, km } from './patrol-picker.js';

/** A proposal's content in a few words (masked as the API answers it). */
function describeProposal(c) {
  const p = c.proposal ?? {};
  if (c.kind === 'resident_in') return `${p.resident?.name ?? ''} → ${p.household}`;
  if (c.kind === 'resident_out') return p.resident;
  if (c.kind === 'assistance') return `${p.household} ${tOr(`review.action.${p.action}`, p.action)} ${p.category}`;
  if (c.kind === 'safety_grade') return `${t('card.safety')} ${p.grade}`;
  return p.foundOn ?? '';
}

/** First numeric value found at any of the dotted paths, else null. */
export function num(obj, ...paths) {
  for (const path of paths) {
    let value = obj;
    for (const key of path.split('.')) value = value?.[key];
    if (typeof value === 'number') return value;
    if (value && typeof value === 'object' && !Array.isArray(value) && path.endsWith('ByCategory')) {
      return Object.values(value).filter((v) => typeof v === 'number').reduce((a, b) => a + b, 0);
    }
  }
  return null;
}

/** An object of counts ({A: 3, ...}) or a list of {key|name|grade, count} as a plain map. */
export function countMap(value) {
  if (!value) return {};
  if (Array.isArray(value)) {
    return Object.fromEntries(value.map((v) => [v.key ?? v.name ?? v.grade ?? v.status ?? v.category ?? v.type,
      v.count ?? v.value ?? 0]));
  }
  return typeof value === 'object' ? value : {};
}

/** The figures the card and the dashboard show, read from a region or district stats response. */
export function figures(stats) {
  const s = stats ?? {};
  const assistance = s.assistanceHouseholds ?? s.assistance;
  const safety = countMap(s.safetyGrades ?? s.safety ?? s.housingSafety);
  return {
    residents: num(s, 'residents', 'population.residents'),
    households: num(s, 'households', 'population.households'),
    partyBranches: num(s, 'partyBranches', 'party.branches'),
    partyMembers: num(s, 'partyMembers', 'party.members'),
    linkedHouseholds: num(s, 'linkedHouseholds', 'partyLinkedHouseholds', 'party.linkedHouseholds'),
    assistanceHouseholds: typeof assistance === 'number' ? assistance
      : assistance && typeof assistance === 'object'
        ? num(assistance, 'total') ?? Object.values(countMap(assistance)).reduce((a, b) => a + (Number(b) || 0), 0)
        : null,
    openEvents: num(s, 'openEvents', 'events.open', 'events.inProgress'),
    grids: num(s, 'grids', 'gridCount', 'counts.grids'),
    villages: num(s, 'villages', 'counts.villages'),
    townships: num(s, 'townships', 'counts.townships'),
    buildings: num(s, 'buildings', 'counts.buildings'),
    workers: countMap(s.workers ?? s.gridWorkers),
    safety: {
      A: safety.A ?? safety.a ?? 0, B: safety.B ?? safety.b ?? 0, C: safety.C ?? safety.c ?? 0,
      D: safety.D ?? safety.d ?? 0, UNKNOWN: safety.UNKNOWN ?? safety.unknown ?? 0,
    },
  };
}

export class SelectionCard {
  /**
   * @param onTracks called with (worker, name, day) by a row of a grid's recent patrols, which the card
   *        lists only when given (roles that may read tracks)
   */
  constructor(container, { onSelectCode, user, onTracks }) {
    this.container = container;
    this.onSelectCode = onSelectCode;
    this.user = user;
    this.onTracks = onTracks;
    this.selection = null;
    this.renderEmpty();
    onLanguageChange(() => (this.selection ? this.show(this.selection) : this.renderEmpty()));
  }

  renderEmpty() {
    fill(this.container, el('p', { class: 'muted card-empty' }, t('card.empty')));
  }

  /** Shows a selection: {kind: 'region', node} or {kind: 'building', props}. */
  async show(selection) {
    this.selection = selection;
    const token = Symbol('card');
    this.token = token;
    if (selection.kind === 'building') return this.showBuilding(selection.props, token);
    return this.showRegion(selection.node, token);
  }

  header(levelKey, name, code, extra) {
    return el('header', { class: 'card-header' },
      el('span', { class: 'badge' }, t(levelKey)),
      el('h2', {}, name),
      el('div', { class: 'card-code' }, `${t('card.code')} ${code}`, extra ? ` · ${extra}` : ''));
  }

  async showRegion(node, token) {
    const body = el('div', { class: 'card-body' }, el('p', { class: 'loading' }, t('loading.data')));
    const extra = node.level === 'grid' && node.kind ? tOr(`kind.${node.kind}`, node.kind) : null;
    const header = this.header(`level.${node.level}`, node.name, node.code, extra);
    if (node.level === 'village') header.append(this.printButton(node.code));
    fill(this.container, header, body);
    let stats = null;
    let error = null;
    // Events in progress come from the event statistics of the same region.
    const events = api.eventStats(node.code).catch(() => null);
    try {
      stats = node.level === 'district'
        ? { ...(await api.districtStats().catch(() => ({}))), ...(await api.regionStats(node.code).catch(() => ({}))) }
        : await api.regionStats(node.code);
    } catch (e) {
      error = e;
    }
    const eventFigures = await events;
    if (eventFigures && typeof eventFigures.inProgress === 'number') {
      stats = { ...(stats ?? {}), openEvents: eventFigures.inProgress };
    }
    if (this.token !== token) return;
    clear(body);
    if (error) body.append(el('p', { class: 'notice' }, describeError(error)));
    const f = figures(stats ?? node);
    body.append(this.figureTiles(f, node.level));
    body.append(this.safetyBar(f.safety));
    if (Object.keys(f.workers).length) body.append(this.workerList(f.workers));
    if (Array.isArray(stats?.partyPoints) && stats.partyPoints.length) body.append(this.branchPoints(stats.partyPoints));
    if (node.level === 'grid') {
      // the grid's recent patrols come on their own: the lists below do not wait for them
      if (this.onTracks) body.append(this.patrolList(node.code, token));
      body.append(await this.eventList(node.code, token));
      if ((this.user?.roles ?? []).some((r) => r === 'admin' || r === 'planner' || r === 'department')) {
        body.append(await this.reviewList(node.code, token));
      }
    } else if (node.children?.length) {
      body.append(this.childList(node));
    }
  }

  /** 打印一村一图: the village's printed grid map (PDF), opened in a new tab with the session cookie. */
  printButton(code) {
    return el('button', {
      class: 'ghost print-map', type: 'button', title: t('card.printMapTitle'),
      onclick: () => window.open(`/api/v1/villages/${encodeURIComponent(code)}/map.pdf?size=A3&orientation=landscape`,
        '_blank', 'noopener'),
    }, t('card.printMap'));
  }

  figureTiles(f, level) {
    const items = [
      ['fig.residents', f.residents], ['fig.households', f.households],
      ['fig.partyMembers', f.partyMembers], ['fig.linkedHouseholds', f.linkedHouseholds],
      ['fig.assistanceHouseholds', f.assistanceHouseholds], ['fig.openEvents', f.openEvents],
    ];
    if (level === 'building') items.pop();
    if (level !== 'grid' && level !== 'building' && f.grids !== null) items.unshift(['fig.grids', f.grids]);
    if (f.partyBranches !== null && level !== 'building') items.push(['fig.partyBranches', f.partyBranches]);
    return el('section', {},
      el('h3', {}, t('card.figures')),
      el('div', { class: 'figure-grid' }, items.map(([key, value]) => el('div', { class: 'figure', dataset: { figure: key.slice(4) } },
        el('div', { class: 'figure-value' }, value === null ? '—' : formatNumber(value)),
        el('div', { class: 'figure-label' }, t(key))))));
  }

  safetyBar(safety) {
    const legend = theme('safety').legend;
    const grades = ['A', 'B', 'C', 'D', 'UNKNOWN'];
    const total = grades.reduce((sum, g) => sum + (safety[g] || 0), 0);
    return el('section', {},
      el('h3', {}, t('card.safety')),
      total ? el('div', { class: 'stack-bar' }, grades.map((g, i) => safety[g] ? el('span', {
        style: { flexGrow: safety[g], background: legend[i].color }, title: `${t(legend[i].labelKey)} ${safety[g]}`,
      }) : null)) : el('p', { class: 'muted' }, t('card.unavailable')),
      el('div', { class: 'legend-row' }, grades.map((g, i) => el('span', { class: 'legend-item' },
        el('i', { style: { background: legend[i].color } }), `${g === 'UNKNOWN' ? t('legend.gradeUnknown') : g} `,
        el('b', {}, formatNumber(safety[g] || 0))))));
  }

  workerList(workers) {
    return el('section', {},
      el('h3', {}, t('card.workers')),
      el('div', { class: 'legend-row' }, Object.entries(workers).filter(([type, count]) => type !== 'total' && count).map(([type, count]) => el('span', { class: 'legend-item' },
        `${tOr(`worker.${type}`, type)} `, el('b', {}, formatNumber(count))))));
  }

  /** 修分争星: each grid Party branch's duty points (its members' balances) and average stars. */
  branchPoints(branches) {
    return el('section', { class: 'branch-points' },
      el('h3', {}, t('card.partyPoints')),
      el('ul', { class: 'card-list' }, branches.map((b) => el('li', { dataset: { org: b.org } },
        el('span', {}, b.name), el('span', {}, el('b', {}, formatNumber(b.points)), ` ${t('card.points')}`,
          b.averageStars ? el('span', { class: 'muted' }, ` · ${'★'.repeat(Math.round(b.averageStars))}`) : null)))));
  }

  childList(node) {
    return el('section', {},
      el('h3', {}, t(`level.${node.children[0].level}`)),
      el('ul', { class: 'card-list' }, node.children.slice(0, 60).map((child) => el('li', {
        class: 'clickable', onclick: () => this.onSelectCode(child.code),
      }, el('span', {}, child.name), el('span', { class: 'muted' }, child.code)))));
  }

  async eventList(gridCode, token) {
    const section = el('section', {}, el('h3', {}, t('card.openEvents')));
    try {
      const list = (await api.events({ grid: gridCode, status: 'open' })).filter((e) => eventStatus(e) !== 'closed');
      if (this.token !== token) return section;
      if (!list.length) section.append(el('p', { class: 'muted' }, t('card.noEvents')));
      section.append(el('ul', { class: 'card-list' }, list.slice(0, 20).map((event) => {
        const p = event.properties ?? event;
        const status = eventStatus(event);
        return el('li', {},
          el('span', { class: 'status-dot', style: { background: EVENT_STATUS_COLORS[status] } }),
          el('span', { class: 'grow' }, p.title ?? tOr(`cat.${p.category}`, p.category ?? '')),
          el('span', { class: 'muted' }, `${tOr(`cat.${p.category}`, p.category ?? '')} · ${t(`event.status.${status}`)}`));
      })));
    } catch (e) {
      section.append(el('p', { class: 'notice' }, describeError(e)));
    }
    return section;
  }

  /**
   * 巡查轨迹: the grid's latest patrols as worker and day (newest first); a row draws that worker's
   * tracks of that day on the map. Filled when the list arrives.
   */
  patrolList(gridCode, token) {
    const section = el('section', { class: 'grid-patrols' }, el('h3', {}, t('card.patrols')),
      el('p', { class: 'loading' }, t('loading.data')));
    api.patrols({ grid: gridCode, limit: 100 }).then((list) => {
      if (this.token !== token) return;
      const days = new Map();
      for (const p of list) {
        const day = chinaDay(p.startedAt);
        const key = `${p.worker} ${day}`;
        const d = days.get(key) ?? { worker: p.worker, day, patrols: 0, distanceM: 0 };
        d.patrols += 1;
        d.distanceM += p.distanceM ?? 0;
        days.set(key, d);
      }
      const rows = [...days.values()].slice(0, 6);
      section.lastChild.replaceWith(rows.length ? el('ul', { class: 'card-list' }, rows.map((d) => el('li', {
        class: 'clickable patrol-row', dataset: { worker: d.worker, day: d.day }, title: t('appr.tracksTitle'),
        onclick: () => this.onTracks(d.worker, d.worker, d.day),
      }, el('span', {}, d.worker), el('span', { class: 'muted' },
        `${dayLabel(d.day)} · ${t('tracks.patrolCount', formatNumber(d.patrols))} · ${km(d.distanceM)}`))))
        : el('p', { class: 'muted' }, t('card.noPatrols')));
    }).catch((e) => {
      if (this.token === token) section.lastChild.replaceWith(el('p', { class: 'notice' }, describeError(e)));
    });
    return section;
  }

  /** The grid's pending proposals (信息采集) for its reviewers, each approved or rejected with a reason. */
  async reviewList(gridCode, token) {
    const section = el('section', { class: 'reviews' }, el('h3', {}, t('card.reviews')));
    try {
      const list = await api.fieldCollections({ grid: gridCode, state: 'pending', limit: 50 });
      if (this.token !== token) return section;
      if (!list.length) section.append(el('p', { class: 'muted' }, t('card.noReviews')));
      section.append(el('ul', { class: 'card-list' }, list.map((c) => {
        const reason = el('input', { class: 'review-reason', placeholder: t('review.reason'), maxlength: 2000 });
        const line = el('li', { class: 'review', dataset: { id: c.id } },
          el('span', { class: 'grow' }, `${tOr(`review.kind.${c.kind}`, c.kind)} · ${c.building}`,
            el('br'), el('span', { class: 'muted' }, `${c.worker} · ${describeProposal(c)}`)),
          reason,
          el('button', { class: 'ghost', onclick: () => decide('approve') }, t('review.approve')),
          el('button', { class: 'ghost', onclick: () => decide('reject') }, t('review.reject')));
        const decide = async (decision) => {
          if (decision === 'reject' && !reason.value.trim()) {
            reason.focus();
            reason.placeholder = t('review.reasonNeeded');
            return;
          }
          try {
            await api.reviewFieldCollection(c.id, decision, reason.value.trim() || undefined);
            fill(line, el('span', { class: 'muted' }, `${tOr(`review.kind.${c.kind}`, c.kind)} · ${c.building} · `
              + t(decision === 'approve' ? 'review.approved' : 'review.rejected')));
          } catch (e) {
            line.append(el('p', { class: 'notice' }, describeError(e)));
          }
        };
        return line;
      })));
    } catch (e) {
      section.append(el('p', { class: 'notice' }, describeError(e)));
    }
    return section;
  }

  async showBuilding(props, token) {
    const grade = props.safetyGrade ?? 'UNKNOWN';
    const gradeColor = theme('safety').legend[['A', 'B', 'C', 'D'].indexOf(grade)]?.color ?? '#7d8794';
    const body = el('div', { class: 'card-body' });
    fill(this.container,
      this.header('level.building', props.buildingId, props.buildingId,
        props.use ? tOr(`use.${props.use}`, props.use) : null), body);
    body.append(this.figureTiles({
      residents: props.residents ?? null, households: props.households ?? null,
      partyMembers: props.partyMembers ?? null, linkedHouseholds: props.partyLinkedHouseholds ?? null,
      assistanceHouseholds: props.assistanceHouseholds ?? null, openEvents: null, partyBranches: null,
    }, 'building'));
    const illegal = props.illegalConstruction ?? 'NONE';
    body.append(el('section', {}, el('h3', {}, t('card.building')), el('dl', { class: 'facts' },
      el('dt', {}, t('card.safety')),
      el('dd', {}, el('span', { class: 'grade', style: { background: gradeColor } }, grade === 'UNKNOWN' ? t('legend.gradeUnknown') : grade)),
      el('dt', {}, t('card.floors')), el('dd', {}, props.floors ? formatNumber(props.floors) : '—'),
      el('dt', {}, t('card.height')), el('dd', {}, props.heightMeters ? `${formatNumber(props.heightMeters, 1)} ${t('unit.m')}` : '—'),
      el('dt', {}, t('card.illegal')), el('dd', {}, t({
        OPEN: 'legend.illegalOpen', REMEDIATING: 'legend.illegalRemediating',
        REMEDIATED: 'legend.illegalRemediated', NONE: 'legend.illegalNone',
      }[illegal] ?? 'legend.illegalNone')),
      el('dt', {}, t('card.grid')),
      el('dd', {}, el('a', { href: '#', onclick: (e) => { e.preventDefault(); this.onSelectCode(props.gridCode); } }, props.gridCode)))));
    const households = el('section', {}, el('h3', {}, t('card.households')), el('p', { class: 'loading' }, t('loading.data')));
    body.append(households);
    try {
      const { households: list, disclosure } = await api.buildingHouseholds(props.buildingId);
      if (this.token !== token) return;
      households.lastChild.remove();
      households.append(this.householdList(list, disclosure));
    } catch (e) {
      if (this.token !== token) return;
      households.lastChild.replaceWith(el('p', { class: 'notice' }, describeError(e)));
    }
  }

  householdList(list, disclosure) {
    if (!list.length) return el('p', { class: 'muted' }, t('card.noHouseholds'));
    const masked = disclosure ? disclosure === 'masked' : JSON.stringify(list).includes('*');
    return el('div', {},
      masked ? el('p', { class: 'masked-note' }, el('span', { class: 'mask-badge' }, '***'), t('card.householdsMasked')) : null,
      el('ul', { class: 'card-list households' }, list.slice(0, 50).map((h) => {
        const people = h.residents ?? h.members ?? [];
        return el('li', { class: 'household' },
          el('div', { class: 'household-head' }, el('b', {}, h.id ?? h.householdId ?? ''),
            el('span', { class: 'muted' }, t('card.persons', formatNumber(h.size ?? people.length)))),
          people.length ? el('div', { class: 'people' }, people.map((p) => el('span', { class: 'person' },
            p.name ?? '', p.phone ? el('span', { class: 'muted' }, ` ${p.phone}`) : null,
            p.partyMember ? el('span', { class: 'tag party' }, t('fig.partyMembers')) : null,
            (p.tags ?? []).length ? el('span', { class: 'tag' }, p.tags.map((tag) => tOr(`tag.${tag}`, tag)).join(' ')) : null))) : null);
      })));
  }
}

