// The selected grid's workers in the side panel: who works there (type and name) and its Party
// branches, from GET /api/v1/grids/{code}/workers, and the village's workers as ticks that assign or
// unassign one at once (PUT). Assignments are layer data of the published grid, not part of the
// draft (nothing to save, no undo): a grid that is only in the draft gets them once published.
import { api } from './api.js';
import { t } from './i18n.js';

/**
 * host: the element the ticks go in; refresh(): redraws the panel's figures once an answer came;
 * draftOnly(code): whether the code was created in the draft and is not published yet.
 * Answers are kept per grid code until the page reloads the village (forget()).
 */
export function createGridWorkers({ host, refresh, fail, draftOnly }) {
  const answers = {};
  let drawn = null;

  /** What the grid's answer is: an object, 'loading', 'draftOnly' (409) or 'failed'. */
  function answerOf(g) {
    // Not asked (a 409 would be a console error): new here, or created in the draft and not yet published.
    if (!g.code || g.change === 'new' || draftOnly(g.code)) return 'draftOnly';
    if (answers[g.code] === undefined) {
      answers[g.code] = 'loading';
      api.gridWorkers(g.code).then((a) => { answers[g.code] = a; refresh(); })
        .catch((e) => { answers[g.code] = e.status === 409 ? 'draftOnly' : 'failed'; refresh(); });
    }
    return answers[g.code];
  }

  const named = (w) => `${t(`worker_${w.type}`)} ${w.name || w.id}`;

  /** The figures' texts: workers by type and name, the Party branches' names. */
  function figures(g) {
    const a = answerOf(g);
    if (a === 'draftOnly') return { workers: t('workersAfterPublish'), partyBranches: '–' };
    if (typeof a !== 'object') return { workers: '–', partyBranches: '–' };
    return {
      workers: a.workers.length ? a.workers.map(named).join('、') : t('noneYet'),
      partyBranches: a.partyBranches.length ? a.partyBranches.map((b) => b.name).join('、') : t('noneYet'),
    };
  }

  /** The village's workers as ticks, redrawn only when the grid or its answer changed (not per validation). */
  function render(g) {
    const a = g && answerOf(g);
    const key = a && typeof a === 'object' ? `${g.code}|${JSON.stringify(a.villageWorkers)}|${document.documentElement.lang}` : null;
    host.hidden = !key;
    if (key === drawn) return;
    drawn = key;
    if (!key) { host.replaceChildren(); return; }
    const title = document.createElement('legend');
    title.textContent = t('workersAssign');
    const rows = a.villageWorkers.map((w) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = w.id;
      box.checked = w.assigned;
      box.addEventListener('change', () => assign(g.code, box));
      label.append(box, ` ${named(w)}`);
      return label;
    });
    if (!rows.length) {
      const none = document.createElement('p');
      none.className = 'muted';
      none.textContent = t('workersNoneInVillage');
      rows.push(none);
    }
    host.replaceChildren(title, ...rows);
  }

  async function assign(code, box) {
    const ids = [...host.querySelectorAll('input[type=checkbox]')].filter((b) => b.checked).map((b) => b.value);
    host.querySelectorAll('input').forEach((b) => { b.disabled = true; });
    try {
      answers[code] = await api.setGridWorkers(code, ids);
    } catch (e) {
      box.checked = !box.checked;
      fail(e);
    } finally {
      host.querySelectorAll('input').forEach((b) => { b.disabled = false; });
      drawn = null;
      refresh();
    }
  }

  /** Asks again for the grids already shown (another planner's change), keeping what is shown until the answer. */
  function reload() {
    for (const [code, a] of Object.entries(answers)) {
      if (typeof a !== 'object') { delete answers[code]; continue; }
      api.gridWorkers(code).then((fresh) => { answers[code] = fresh; refresh(); }).catch(() => {});
    }
  }

  return { figures, render, reload, forget: () => { for (const k of Object.keys(answers)) delete answers[k]; drawn = null; } };
}
