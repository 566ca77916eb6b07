// Two planners on one village: the village's draft (GET /api/v1/villages/{code}/draft) says who
// opened it and when, and who saved last; another planner sees "草稿由 X 于 HH:MM 打开" beside the
// draft line, updated live from the change feed. A stale save is refused by the server (412, the
// editor's conflict dialog offers to reload). The village's published versions
// (GET /api/v1/villages/{code}/versions) are listed on request.
import { call } from './api.js';
import { t } from './i18n.js';
import { clock, element, panel, toolbarButton } from './review-ui.js';

/** @param {object} hooks village(): the open village; fail(error) */
export function createPresence({ village, fail }) {
  let me = null;
  const banner = element('span', null, { id: 'presence', role: 'status' });
  banner.hidden = true;
  document.getElementById('draft-state')?.after(banner);
  const ui = panel('versions', 'versionsTitle');
  toolbarButton('versions', 'publish', () => versions().catch(fail));

  /** Shows who else has the village's draft open (nothing when there is no draft or it is one's own). */
  function show(draft) {
    const others = draft?.exists && draft.createdBy && draft.createdBy !== me;
    const lastByOther = draft?.exists && draft.updatedBy && draft.updatedBy !== me && draft.updatedBy !== draft.createdBy;
    if (!others && !lastByOther) {
      banner.hidden = true;
      banner.textContent = '';
      return;
    }
    banner.textContent = others ? t('draftOpenedBy', draft.createdBy, clock(draft.createdAt), draft.revision) : '';
    if (lastByOther || (others && draft.updatedAt !== draft.createdAt)) {
      banner.textContent += t('draftSavedBy', draft.updatedBy, clock(draft.updatedAt));
    }
    banner.dataset.by = draft.createdBy;
    banner.hidden = false;
  }

  async function versions() {
    const code = village();
    if (!code) return;
    const { json } = await call('GET', `/api/v1/villages/${code}/versions`);
    const list = element('ul', null, { id: 'version-list' });
    for (const v of json.versions) {
      const counts = t('versionCounts', v.created, v.changed, v.retired) + (v.planPublished ? t('versionPlan') : '');
      list.append(element('li', t('versionLine', v.version, clock(v.at), v.by || t('versionUnknown'), counts),
        { 'data-version': v.version }));
    }
    if (!json.versions.length) list.append(element('li', t('versionsNone')));
    ui.body.replaceChildren(list);
    ui.show();
  }

  return { show, versions, set user(name) { me = name; } };
}
