// The hierarchy tree 区 > 乡镇 > 工作片 > 村 > 网格 with counts and a search box. Children load
// on demand; after the scene is up the whole tree is preloaded in the background so names can
// be searched and grid outlines drawn.
import * as api from './api.js';
import { el, clear, fill } from './dom.js';
import { t, formatNumber, onLanguageChange, describeError as describe } from './i18n.js';

const CHILD_LEVEL = { district: 'township', township: 'village', workarea: 'village', village: 'grid' };

export class HierarchyTree {
  constructor(container, { onSelect, onGrids }) {
    this.container = container;
    this.onSelect = onSelect;
    this.onGrids = onGrids;
    this.nodes = new Map();
    this.root = null;
    this.selected = null;
    this.pending = new Map();
    this.build();
    onLanguageChange(() => this.build());
  }

  build() {
    clear(this.container);
    this.searchInput = el('input', {
      type: 'search', class: 'tree-search', placeholder: t('tree.search'), 'aria-label': t('tree.search'),
      oninput: () => this.showMatches(), onkeydown: (e) => { if (e.key === 'Enter') this.searchAndSelect(); },
    });
    this.matches = el('ul', { class: 'tree-matches', hidden: true });
    this.list = el('div', { class: 'tree-list', role: 'tree' });
    this.status = el('div', { class: 'panel-status' });
    this.container.append(el('div', { class: 'tree-search-row' }, this.searchInput), this.matches, this.status, this.list);
    if (this.root) this.render();
  }

  async load() {
    this.status.textContent = t('loading.data');
    try {
      this.root = this.remember(await api.region(api.DISTRICT_CODE));
    } catch (e) {
      // The region API may not be there yet: keep a district node so the tree still works.
      this.root = this.remember({ code: api.DISTRICT_CODE, name: t('app.district'), level: 'district' });
      if (e.status !== 404) this.status.textContent = describe(e);
    }
    this.root.expanded = true;
    // The district's grid count comes with the district figures; lower levels count children.
    api.districtStats().then((stats) => {
      if (typeof stats?.grids === 'number') { this.root.gridCount = stats.grids; this.render(); }
    }).catch(() => {});
    await this.loadChildren(this.root);
    if (!this.status.dataset.error) this.status.textContent = '';
    this.render();
  }

  remember(node) {
    const known = this.nodes.get(node.code);
    if (known) return Object.assign(known, node, { children: known.children, expanded: known.expanded });
    const fresh = { ...node, children: null, expanded: false };
    this.nodes.set(node.code, fresh);
    return fresh;
  }

  /** Loads a node's children once; villages list their grids (with geometry) from the grid API. */
  loadChildren(node) {
    if (node.children || node.level === 'grid') return Promise.resolve(node.children ?? []);
    if (this.pending.has(node.code)) return this.pending.get(node.code);
    const work = (async () => {
      let children;
      try {
        if (node.level === 'village') {
          children = await api.villageGrids(node.code).catch(() => api.regionChildren(node.code));
        } else {
          children = await api.regionChildren(node.code);
        }
      } catch (e) {
        node.error = describe(e);
        children = [];
      }
      node.children = children
        .filter((c) => c.code && c.code !== node.code && c.status !== 'retired')
        .map((c) => this.remember({ ...c, parent: node.code, level: c.level ?? CHILD_LEVEL[node.level] }))
        .sort((a, b) => a.code.localeCompare(b.code));
      if (node.level === 'village' && node.children.length) this.onGrids?.(node.children);
      this.pending.delete(node.code);
      return node.children;
    })();
    this.pending.set(node.code, work);
    return work;
  }

  /**
   * Loads again the grids of these villages (those already loaded), after the change feed said
   * published grids changed: names and kinds are updated in place, retired grids leave, new ones join.
   */
  async refreshVillages(codes) {
    const villages = [...codes].map((code) => this.nodes.get(code)).filter((n) => n?.level === 'village' && n.children);
    await Promise.all(villages.map(async (village) => {
      const before = village.children;
      village.children = null;
      village.error = undefined;
      const after = await this.loadChildren(village);
      if (village.error) village.children = before;
      const kept = new Set(after.map((grid) => grid.code));
      before.filter((grid) => !kept.has(grid.code)).forEach((grid) => this.nodes.delete(grid.code));
    }));
    if (villages.length) this.render();
  }

  /** Walks the whole tree in the background, a few requests at a time. */
  async preloadAll(concurrency = 3) {
    const queue = [this.root];
    const worker = async () => {
      while (queue.length) {
        const node = queue.shift();
        const children = await this.loadChildren(node);
        children.filter((c) => c.level !== 'grid').forEach((c) => queue.push(c));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    this.render();
  }

  render() {
    clear(this.list);
    if (this.root) this.list.append(this.renderNode(this.root, 0));
  }

  renderNode(node, depth) {
    const hasChildren = node.level !== 'grid';
    const count = countLabel(node);
    const row = el('div', {
      class: `tree-row level-${node.level}${this.selected === node.code ? ' selected' : ''}`,
      style: { paddingLeft: `${8 + depth * 14}px` }, role: 'treeitem', dataset: { code: node.code },
      onclick: () => this.select(node.code),
    },
    el('button', {
      class: `tree-caret${hasChildren ? '' : ' leaf'}`, 'aria-label': node.expanded ? '−' : '+',
      onclick: (e) => { e.stopPropagation(); if (hasChildren) this.toggle(node); },
    }, hasChildren ? (node.expanded ? '▾' : '▸') : '•'),
    el('span', { class: 'tree-level' }, t(`level.${node.level}`)),
    el('span', { class: 'tree-name', title: `${node.name} · ${node.code}` }, node.name),
    count ? el('span', { class: 'tree-count' }, count) : null);
    const wrap = el('div', { class: 'tree-node' }, row);
    if (node.expanded && node.children) {
      node.children.forEach((child) => wrap.append(this.renderNode(child, depth + 1)));
      if (node.error) wrap.append(el('div', { class: 'tree-error', style: { paddingLeft: `${22 + depth * 14}px` } }, node.error));
    }
    return wrap;
  }

  async toggle(node) {
    node.expanded = !node.expanded;
    if (node.expanded) {
      this.render();
      await this.loadChildren(node);
    }
    this.render();
  }

  /** Selects a node by code, loading and expanding the path to it; returns the node or null. */
  async select(code) {
    const node = await this.find(code);
    if (!node) return null;
    for (let p = this.nodes.get(node.parent); p; p = this.nodes.get(p.parent)) p.expanded = true;
    this.selected = node.code;
    this.render();
    this.list.querySelector('.tree-row.selected')?.scrollIntoView({ block: 'nearest' });
    this.onSelect(node);
    return node;
  }

  /**
   * Finds a node, loading down the tree when the code is not known yet: a township code is the
   * first 9 digits + 000, a village the first 12, a grid all 15 (work areas are searched).
   */
  async find(code) {
    if (this.nodes.has(code)) return this.nodes.get(code);
    if (!/^\d{12}(\d{3})?$/.test(code)) return null;
    const township = `${code.slice(0, 9)}000`;
    const village = code.slice(0, 12);
    let frontier = [this.root];
    for (let depth = 0; depth < 4 && !this.nodes.has(code); depth++) {
      const next = [];
      for (const node of frontier) {
        const children = await this.loadChildren(node);
        for (const child of children) {
          const onPath = child.code === township || child.code === village || child.code === code
            || child.level === 'workarea' && (node.code === township);
          if (onPath) next.push(child);
        }
      }
      frontier = next;
      if (!frontier.length) break;
    }
    return this.nodes.get(code) ?? null;
  }

  matchesFor(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const out = [];
    for (const node of this.nodes.values()) {
      if (node.code.startsWith(q) || String(node.name).toLowerCase().includes(q)) out.push(node);
      if (out.length >= 30) break;
    }
    return out.sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
  }

  showMatches() {
    const found = this.matchesFor(this.searchInput.value);
    clear(this.matches);
    this.matches.hidden = !this.searchInput.value.trim();
    if (this.matches.hidden) return;
    if (!found.length && !/^\d{12}(\d{3})?$/.test(this.searchInput.value.trim())) {
      this.matches.append(el('li', { class: 'muted' }, t('tree.noMatch')));
    }
    for (const node of found) {
      this.matches.append(el('li', { onclick: () => this.pickMatch(node.code) },
        el('span', { class: 'tree-level' }, t(`level.${node.level}`)), ` ${node.name} `,
        el('span', { class: 'muted' }, node.code)));
    }
  }

  pickMatch(code) {
    this.matches.hidden = true;
    this.searchInput.value = '';
    return this.select(code);
  }

  async searchAndSelect() {
    const query = this.searchInput.value.trim();
    const [first] = this.matchesFor(query);
    const code = /^\d{12}(\d{3})?$/.test(query) ? query : first?.code;
    if (!code) return null;
    const node = await this.pickMatch(code);
    if (!node) {
      this.matches.hidden = false;
      fill(this.matches, el('li', { class: 'muted' }, t('tree.noMatch')));
    }
    return node;
  }

  /** Any grid code, loading the tree as needed (used by the test hook). */
  async anyGridCode() {
    let node = this.root;
    while (node && node.level !== 'grid') {
      const children = await this.loadChildren(node);
      node = children.find((c) => c.level === 'grid') ?? children[0];
    }
    return node?.code ?? null;
  }
}

function countLabel(node) {
  if (node.level === 'grid') {
    return typeof node.residents === 'number' ? t('tree.residents', formatNumber(node.residents)) : '';
  }
  if (typeof node.gridCount === 'number') return t('tree.grids', formatNumber(node.gridCount));
  if (node.level === 'village' && node.children) return t('tree.grids', node.children.length);
  if (node.children) return t('tree.children', node.children.length);
  return '';
}
