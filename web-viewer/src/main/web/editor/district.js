// The editor's way in: every village of the district with the state of its grids
// (GET /api/v1/villages), a picker that finds a village by name, pinyin initials or code, and the
// region tree (township > work area > village). Opening a village is the caller's business (onOpen).
import { matchesInitials } from './pinyin.js';
import { t } from './i18n.js';

/** Colours of the village states, shared by the map, the picker, the tree and the legend. */
export const STATE_COLOURS = { published: '#39c47a', draft: '#f2a23a', draftErrors: '#ff4d4f', none: '#6b7f93' };

/** The state a village is drawn in: a draft with validation errors stands apart from a clean one. */
export function stateOf(properties) {
  return properties.state === 'draft' && properties.draftErrors > 0 ? 'draftErrors' : properties.state;
}

/** Up to limit villages whose name, pinyin initials or code match what was typed, best first. */
export function searchVillages(features, typed, limit = 12) {
  const q = typed.trim();
  if (!q) return [];
  const scored = [];
  for (const f of features) {
    const { code, name } = f.properties;
    let score = -1;
    if (name === q || code === q) score = 0;
    else if (name.startsWith(q) || code.startsWith(q)) score = 1;
    else if (name.includes(q)) score = 2;
    else if (matchesInitials(name, q)) score = 3;
    else if (/^\d{3,}$/.test(q) && code.includes(q)) score = 4;
    if (score >= 0) scored.push([score, code, f]);
  }
  return scored.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1])).slice(0, limit).map((s) => s[2]);
}

function dot(properties) {
  const span = document.createElement('span');
  span.className = 'dot';
  span.style.background = STATE_COLOURS[stateOf(properties)];
  return span;
}

/** One clickable village row: state dot, name, code, what its state is. */
export function villageItem(feature, onOpen, tag = 'li') {
  const p = feature.properties;
  const item = document.createElement(tag);
  item.className = 'village';
  item.dataset.code = p.code;
  const name = document.createElement('span');
  name.textContent = p.name;
  const detail = document.createElement('small');
  detail.className = 'muted';
  detail.textContent = `${p.code} · ${stateText(p)}`;
  item.append(dot(p), name, detail);
  item.addEventListener('click', () => onOpen(p.code));
  return item;
}

export function stateText(p) {
  if (p.state === 'published') return t('statePublished', p.grids);
  if (p.state === 'draft') return p.draftErrors > 0 ? t('stateDraftErrors', p.draftErrors) : t('stateDraft', p.draftGrids ?? 0);
  return t('stateNone');
}

/** The region tree: townships (and work areas) with their villages, open by default only when small. */
export function renderTree(host, overview, onOpen) {
  const byParent = new Map();
  const add = (parent, node) => { if (!byParent.has(parent)) byParent.set(parent, []); byParent.get(parent).push(node); };
  for (const r of overview.regions) add(r.parent, { region: r });
  for (const f of overview.features) add(f.properties.parent, { village: f });
  const roots = overview.regions.filter((r) => r.level === 'district');
  const build = (parentCode, depth) => (byParent.get(parentCode) || []).map((node) => {
    if (node.village) return villageItem(node.village, onOpen);
    const r = node.region;
    const li = document.createElement('li');
    const details = document.createElement('details');
    details.open = depth < 1;
    const summary = document.createElement('summary');
    const villages = countVillages(byParent, r.code);
    summary.textContent = `${r.name} `;
    const small = document.createElement('small');
    small.className = 'muted';
    small.textContent = t('villageCount', villages);
    summary.append(small);
    summary.dataset.code = r.code;
    const list = document.createElement('ul');
    list.append(...build(r.code, depth + 1));
    details.append(summary, list);
    li.append(details);
    return li;
  });
  const top = document.createElement('ul');
  top.className = 'tree';
  if (roots.length) top.append(...roots.flatMap((d) => build(d.code, 0)));
  else top.append(...build(null, 0));
  host.replaceChildren(top);
}

function countVillages(byParent, code) {
  return (byParent.get(code) || []).reduce((n, node) => n + (node.village ? 1 : countVillages(byParent, node.region.code)), 0);
}
