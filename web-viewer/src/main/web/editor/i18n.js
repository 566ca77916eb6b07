// Labels of the grid editor; Chinese by default, English on request (UI.md word list). The choice is
// the one every GridScape app shares (?lang=, else 'gridscape.lang' in local storage: js/i18n.js).
import { language as sharedLanguage, setLanguage as setSharedLanguage } from '../js/i18n.js';

const WORDS = {
  zh: {
    title: '网格编辑器', village: '行政村(社区)', load: '载入', draw: '绘制', vertices: '编辑顶点', finish: '完成',
    verticesHint: '拖动顶点移动；拖动边上的中点可加点；右键删除顶点；按“编辑顶点”或 Esc 结束', loadingMap: '底图载入失败：{0}', split: '拆分', merge: '合并',
    delete: '删除', auto: '自动划分', exportGeojson: '导出 GeoJSON', exportGpkg: '导出 GeoPackage', import: '导入',
    undo: '撤销', save: '保存', publish: '发布', grids: '单元网格', selected: '所选网格', code: '网格编码', name: '名称',
    kind: '类型', apply: '应用', validation: '校验', signIn: '登录', username: '用户名', password: '密码',
    kind_standard: '普通网格', kind_resettlement: '安置小区', kind_residential_compound: '商住小区', kind_enterprise: '企事业单位',
    residents: '实有人口', ok: '校验通过', errors: '错误', warnings: '警告', loading: '载入中…', saved: '已保存',
    unsaved: '有未保存的修改', drawHint: '单击添加顶点，单击起点或点“完成”结束', splitHint: '画一条穿过所选网格的线，点“完成”拆分',
    mergeHint: '在列表或地图上选择相邻网格，再点“完成”合并', conflict: '网格 {0} 已被他人修改（现为第 {1} 版）。您的修改未保存。',
    reload: '重新载入', close: '关闭', codeOk: '编码可用', codeBad: '编码须为本村 12 位代码加 3 位序号，且未被使用',
    codeAuto: '留空则自动编号', published: '已发布', proposal: '自动划分方案：{0} 个网格，检查后保存', nothingToUndo: '没有可撤销的修改',
    selectFirst: '请先选择网格', error: '出错：{0}', new: '新', changed: '已改', deleted: '待删', status_draft: '草稿', status_published: '已发布',
    saveAndPublish: '保存并发布', discard: '放弃草稿', noDraft: '无草稿：显示的是已发布网格',
    draftState: '草稿未发布：新增 {0}，修改 {1}，撤销 {2}（三维地图和其他系统仍显示已发布版本）',
    draftPlan: '；新村庄规划：{0} 栋建筑（新增 {1}，拆除 {2}），以橙色显示',
    discardConfirm: '放弃草稿后将恢复为已发布的网格，确定吗？', discarded: '草稿已放弃',
    print: '打印一村一图', printTitle: '打印已发布网格的网格分布图（PDF，A3 横向；草稿不在图上）',
    switchTo: 'English', districtView: '全区', villagesTab: '村庄', searchVillage: '村名、拼音首字母或编码',
    noVillageFound: '没有匹配的村（社区）', villageCount: '{0} 个村', leaveUnsaved: '有未保存的修改，确定离开本村吗？',
    districtHint: '全区 {0} 个村（社区）：点击地图或在左侧搜索，打开一个村', signInSubtitle: '网格编辑器 · 一村一图',
    statePublished: '已发布 {0} 个网格', stateDraft: '草稿（{0} 个网格）', stateDraftErrors: '草稿有 {0} 个错误', stateNone: '尚无网格',
    legendVillages: '村庄状态', legend_published: '已发布，校验通过', legend_draft: '草稿未发布', legend_draftErrors: '草稿有错误',
    legend_none: '尚无网格', legendVillage: '图例', legend_grids: '网格（相邻异色）', legend_selected: '所选网格',
    legend_problem: '缺口、重叠', legend_warning: '警告', legend_roads: '道路（按等级）', legend_water: '水系',
    legend_buildings: '建筑', legend_centre: '邻里中心', legend_partyCentre: '党群服务中心',
    figure_kind: '类型', figure_residents: '实有人口', figure_households: '户数', figure_buildings: '建筑', figure_area: '面积',
    figure_workers: '网格员', figure_partyBranches: '网格党支部', hectares: '公顷', noneYet: '暂无',
    workersAfterPublish: '发布后可分配网格员', workersAssign: '本村网格员（勾选即分配到本网格）', workersNoneInVillage: '本村暂无网格员',
    worker_comprehensive: '综治', worker_police: '警务', worker_community: '社区', worker_part_time: '兼职', worker_cadre: '机关干部',
    zoomToIssue: '点击定位', 'rule_coverage.gap': '缺口', 'rule_grid.overlap': '重叠', 'rule_grid.size': '人数',
    'rule_grid.road_following': '道路', 'rule_building.cut': '切割建筑', 'rule_grid.outside_village': '超出村界',
  },
  en: {
    title: 'Grid editor', village: 'village', load: 'Load', draw: 'Draw', vertices: 'Edit vertices', finish: 'Finish',
    verticesHint: 'Drag a vertex to move it, an edge midpoint to add one; right-click removes one; Edit vertices or Esc ends', loadingMap: 'Base map failed to load: {0}', split: 'Split', merge: 'Merge',
    delete: 'Delete', auto: 'Auto-partition', exportGeojson: 'Export GeoJSON', exportGpkg: 'Export GeoPackage', import: 'Import',
    undo: 'Undo', save: 'Save', publish: 'Publish', grids: 'Unit grids', selected: 'Selected grid', code: 'grid code', name: 'Name',
    kind: 'Kind', apply: 'Apply', validation: 'Validation', signIn: 'Sign in', username: 'user name', password: 'password',
    kind_standard: 'standard', kind_resettlement: 'resettlement', kind_residential_compound: 'residential compound', kind_enterprise: 'enterprise',
    residents: 'residents', ok: 'Validation passed', errors: 'errors', warnings: 'warnings', loading: 'Loading…', saved: 'Saved',
    unsaved: 'Unsaved changes', drawHint: 'Click to add vertices; click the first one or Finish to close', splitHint: 'Draw a line across the selected grid, then Finish',
    mergeHint: 'Select neighbouring grids in the list or map, then Finish', conflict: 'Grid {0} was changed by someone else (now version {1}). Your edit was not saved.',
    reload: 'Reload', close: 'Close', codeOk: 'code is free', codeBad: 'a code is the 12-digit village code plus 3 digits, not yet used',
    codeAuto: 'leave empty to number automatically', published: 'Published', proposal: 'Auto-partition proposal: {0} grids; review, then save', nothingToUndo: 'Nothing to undo',
    selectFirst: 'Select a grid first', error: 'Error: {0}', new: 'new', changed: 'changed', deleted: 'to delete', status_draft: 'draft', status_published: 'published',
    saveAndPublish: 'Save and publish', discard: 'Discard draft', noDraft: 'No draft: showing the published grids',
    draftState: 'Unpublished draft: {0} new, {1} changed, {2} retired (the 3D map and other systems still show the published revision)',
    draftPlan: '; new village plan: {0} buildings ({1} new, {2} removed), shown in orange',
    discardConfirm: 'Discard the draft and go back to the published grids?', discarded: 'Draft discarded',
    print: 'Print village map', printTitle: 'Print the grid map of the published grids (PDF, A3 landscape; drafts are not on it)',
    switchTo: '中文', districtView: 'District', villagesTab: 'Villages', searchVillage: 'name, pinyin initials or code',
    noVillageFound: 'No village matches', villageCount: '{0} villages', leaveUnsaved: 'There are unsaved changes. Leave this village?',
    districtHint: '{0} villages: click one on the map or search on the left to open it', signInSubtitle: 'Grid editor · one village, one map',
    statePublished: '{0} grids published', stateDraft: 'draft ({0} grids)', stateDraftErrors: 'draft with {0} errors', stateNone: 'no grids yet',
    legendVillages: 'Village state', legend_published: 'published, valid', legend_draft: 'unpublished draft', legend_draftErrors: 'draft with errors',
    legend_none: 'no grids yet', legendVillage: 'Legend', legend_grids: 'unit grids (neighbours differ)', legend_selected: 'selected grid',
    legend_problem: 'error: gap, overlap', legend_warning: 'warning: residents, roads, buildings', legend_roads: 'roads by class', legend_water: 'water',
    legend_buildings: 'buildings', legend_centre: 'neighbourhood centre', legend_partyCentre: 'Party service centre',
    figure_kind: 'kind', figure_residents: 'residents', figure_households: 'households', figure_buildings: 'buildings', figure_area: 'area',
    figure_workers: 'grid workers', figure_partyBranches: 'grid Party branches', hectares: 'ha', noneYet: 'none yet',
    workersAfterPublish: 'assigned once the grid is published', workersAssign: 'The village\'s grid workers (tick to assign to this grid)', workersNoneInVillage: 'no grid workers in this village',
    worker_comprehensive: 'comprehensive', worker_police: 'police', worker_community: 'community', worker_part_time: 'part-time', worker_cadre: 'cadre',
    zoomToIssue: 'click to zoom', 'rule_coverage.gap': 'gap', 'rule_grid.overlap': 'overlap', 'rule_grid.size': 'residents',
    'rule_grid.road_following': 'roads', 'rule_building.cut': 'cut building', 'rule_grid.outside_village': 'outside village',
  },
};

// Undo/redo, compare before publishing, import preview, draft presence and versions (history.js,
// compare.js, import-preview.js, presence.js).
Object.assign(WORDS.zh, {
  redo: '重做', nothingToRedo: '没有可重做的修改',
  compare: '对比', compareTitle: '草稿与已发布版本对比', cmpSummary: '新增 {0}，删除 {1}，调整边界 {2}，改编码 {3}，改名称/类型 {4}',
  cmpAdded: '新增 {0} {1}（{2}）', cmpRemoved: '删除 {0} {1}', cmpReshaped: '调整 {0} {1}：{2} → {3}（{4} m²）',
  cmpRecoded: '改编码 {0} → {1} {2}', cmpRenamed: '改名 {0}：{1} → {2}', cmpNothing: '草稿与已发布版本相同',
  cmpMoves: '实有人口变更网格：{0} 人', cmpMove: '{0} → {1}：{2} 人（{3} 栋）', cmpNoGrid: '无网格',
  cmpPublish: '确认发布', cmpUnsaved: '有未保存的修改：请先保存，对比的是已保存的草稿', cmpAt: '对比时间 {0}',
  previewTitle: '导入预览（尚未保存）', previewFile: '文件', previewFeatures: '要素数', previewCrs: '坐标系',
  previewCrsAssumed: '文件未声明，按 WGS84', previewEncoding: '文字编码', previewEnc_cpg: '.cpg 文件声明',
  previewEnc_detected: '自动识别', previewEnc_format: '格式规定', previewMapping: '字段对应',
  previewField_code: '网格编码', previewField_name: '名称', previewField_kind: '类型', previewNone: '（无）',
  previewResult: '校验结果', previewValid: '{0} 个网格，校验通过（{1} 个警告）', previewInvalid: '{0} 个网格：{1} 个错误，{2} 个警告（可导入草稿，发布前须修正）',
  previewNoPlan: '{0} 个网格（本村尚无村庄规划，未校验）', previewRefused: '不能导入：{0}', previewImport: '导入到草稿',
  previewCancel: '取消',
  draftOpenedBy: '草稿由 {0} 于 {1} 打开（第 {2} 次修改）', draftSavedBy: '；{0} 于 {1} 最后保存',
  versions: '版本', versionsTitle: '已发布版本', versionLine: '第 {0} 版 · {1} · {2} · {3}',
  versionCounts: '新增 {0}，修改 {1}，撤销 {2}', versionPlan: '，含村庄规划', versionUnknown: '未记录', versionsNone: '尚未发布',
});
Object.assign(WORDS.en, {
  redo: 'Redo', nothingToRedo: 'Nothing to redo',
  compare: 'Compare', compareTitle: 'Draft compared with the published grids', cmpSummary: '{0} added, {1} removed, {2} reshaped, {3} recoded, {4} renamed',
  cmpAdded: 'added {0} {1} ({2})', cmpRemoved: 'removed {0} {1}', cmpReshaped: 'reshaped {0} {1}: {2} → {3} ({4} m²)',
  cmpRecoded: 'recoded {0} → {1} {2}', cmpRenamed: 'renamed {0}: {1} → {2}', cmpNothing: 'The draft is the published set',
  cmpMoves: 'Residents changing grid: {0}', cmpMove: '{0} → {1}: {2} residents ({3} buildings)', cmpNoGrid: 'no grid',
  cmpPublish: 'Publish', cmpUnsaved: 'Unsaved edits: save first; this compares the saved draft', cmpAt: 'Compared at {0}',
  previewTitle: 'Import preview (nothing saved yet)', previewFile: 'file', previewFeatures: 'features', previewCrs: 'CRS',
  previewCrsAssumed: 'not declared; read as WGS84', previewEncoding: 'text encoding', previewEnc_cpg: 'named by the .cpg file',
  previewEnc_detected: 'detected', previewEnc_format: 'set by the format', previewMapping: 'Field mapping',
  previewField_code: 'grid code', previewField_name: 'name', previewField_kind: 'kind', previewNone: '(none)',
  previewResult: 'Validation', previewValid: '{0} grids, validation passed ({1} warnings)', previewInvalid: '{0} grids: {1} errors, {2} warnings (can go into the draft; fix before publishing)',
  previewNoPlan: '{0} grids (no village plan yet, not validated)', previewRefused: 'Cannot import: {0}', previewImport: 'Import into the draft',
  previewCancel: 'Cancel',
  draftOpenedBy: 'Draft opened by {0} at {1} (edit {2})', draftSavedBy: '; last saved by {0} at {1}',
  versions: 'Versions', versionsTitle: 'Published versions', versionLine: 'version {0} · {1} · {2} · {3}',
  versionCounts: '{0} added, {1} changed, {2} retired', versionPlan: ', with the village plan', versionUnknown: 'not recorded', versionsNone: 'Not published yet',
});

let lang = sharedLanguage();

export function t(key, ...args) {
  const text = WORDS[lang][key] ?? WORDS.zh[key] ?? key;
  return text.replace(/\{(\d)\}/g, (m, i) => String(args[Number(i)] ?? ''));
}

export function language() { return lang; }

export function setLanguage(value) {
  lang = value === 'en' ? 'en' : 'zh';
  setSharedLanguage(lang);
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  document.querySelectorAll('[data-i18n]').forEach((n) => { n.textContent = t(n.dataset.i18n); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach((n) => { n.placeholder = t(n.dataset.i18nPlaceholder); });
}
