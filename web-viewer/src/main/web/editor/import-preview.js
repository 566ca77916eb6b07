// Import with a preview: the chosen (or dropped) file goes to POST /api/v1/imports/grids/preview,
// which stores nothing; its features are drawn over the village, the detected CRS and text encoding
// shown, the code / name / kind fields chosen from the file's attributes (the server suggests them),
// and the validation of the grids as mapped summarised. Import sends the file again to
// /api/v1/imports/grids with the mapping (&code=&name=&kind=), into the draft; Cancel drops it.
import { call } from './api.js';
import { t } from './i18n.js';
import { element, panel } from './review-ui.js';

const EMPTY = { type: 'FeatureCollection', features: [] };
const FIELDS = ['code', 'name', 'kind'];

export function mediaTypeOf(name) {
  return name.endsWith('.zip') ? 'application/zip' : name.endsWith('.gpkg') ? 'application/geopackage+sqlite3'
    : 'application/geo+json';
}

/**
 * @param {object} hooks map; village(); imported(): reload after the import; zoomTo(geometry); fail(error)
 */
export function createImportPreview({ map, village, imported, fail }) {
  const ui = panel('import-preview', 'previewTitle');
  let current = null; // { file, type, preview }
  ui.onClose = () => { current = null; map.getSource('import-preview')?.setData(EMPTY); };

  function layers() {
    if (map.getSource('import-preview')) return;
    map.addSource('import-preview', { type: 'geojson', data: EMPTY });
    map.addLayer({ id: 'import-preview-fill', type: 'fill', source: 'import-preview',
      paint: { 'fill-color': '#ffa657', 'fill-opacity': 0.2 } });
    map.addLayer({ id: 'import-preview-line', type: 'line', source: 'import-preview',
      paint: { 'line-color': '#ffa657', 'line-width': 2, 'line-dasharray': [3, 2] } });
  }

  const query = (mapping) => (mapping ? FIELDS.map((f) => `&${f}=${encodeURIComponent(mapping[f] ?? '')}`).join('') : '');

  async function preview(mapping) {
    const { json } = await call('POST', `/api/v1/imports/grids/preview?village=${village()}${query(mapping)}`,
      current.file, { 'Content-Type': current.type });
    current.preview = json;
    layers();
    map.getSource('import-preview').setData(json.features);
    const bounds = json.features.features.flatMap((f) => JSON.stringify(f.geometry?.coordinates ?? [])
      .match(/-?\d+\.?\d*(e-?\d+)?/g) ?? []).map(Number);
    if (bounds.length >= 4) {
      const xs = bounds.filter((_, i) => i % 2 === 0);
      const ys = bounds.filter((_, i) => i % 2 === 1);
      map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 60, duration: 0 });
    }
    render(json);
  }

  function select(field, json) {
    const s = element('select', null, { name: field });
    s.append(element('option', t('previewNone'), { value: '' }));
    for (const a of json.attributes) {
      s.append(element('option', `${a.name}${a.samples.length ? ` (${a.samples.join(', ')})` : ''}`, { value: a.name }));
    }
    s.value = json.mapping[field] ?? '';
    s.addEventListener('change', () => {
      const mapping = Object.fromEntries(FIELDS.map((f) => [f, ui.body.querySelector(`select[name=${f}]`).value]));
      preview(mapping).catch(fail);
    });
    const label = element('label');
    label.append(element('span', t(`previewField_${field}`)), s);
    return label;
  }

  function render(json) {
    const encoding = `${json.encoding.charset} (${t(`previewEnc_${json.encoding.source}`)})`;
    const facts = element('div', null, { class: 'facts' });
    for (const [k, v] of [['previewFile', current.file.name], ['previewFeatures', json.featureCount],
      ['previewCrs', `${json.sourceCrs}${json.crsDeclared ? '' : ` (${t('previewCrsAssumed')})`}`],
      ['previewEncoding', encoding]]) {
      facts.append(element('span', t(k), { class: 'muted' }), element('span', String(v), { 'data-fact': k }));
    }
    const body = [facts, element('h3', t('previewMapping')), ...FIELDS.map((f) => select(f, json))];
    const grids = json.grids;
    let summary;
    if (!grids.ok) {
      summary = element('p', t('previewRefused', grids.message), { class: 'bad', id: 'preview-result' });
    } else if (!json.validation) {
      summary = element('p', t('previewNoPlan', grids.count), { id: 'preview-result' });
    } else {
      const v = json.validation;
      summary = element('p', v.ok ? t('previewValid', grids.count, v.warnings.length)
        : t('previewInvalid', grids.count, v.errors.length, v.warnings.length), { class: v.ok ? 'good' : 'bad', id: 'preview-result' });
    }
    body.push(element('h3', t('previewResult')), summary);
    if (grids.ok) {
      const list = element('ul', null, { id: 'preview-grids' });
      for (const g of grids.grids) list.append(element('li', `${g.code} ${g.name || ''} · ${t(`kind_${g.kind}`)}`));
      body.push(list);
    }
    const actions = element('div', null, { class: 'actions' });
    const go = element('button', t('previewImport'), { class: 'primary', 'data-action': 'import' });
    go.disabled = !grids.ok;
    go.addEventListener('click', () => importNow().catch(fail));
    const cancel = element('button', t('previewCancel'), { 'data-action': 'cancel' });
    cancel.addEventListener('click', () => ui.hide());
    actions.append(go, cancel);
    body.push(actions);
    ui.body.replaceChildren(...body);
    ui.show();
  }

  async function importNow() {
    const { file, type, preview: json } = current;
    await call('POST', `/api/v1/imports/grids?village=${village()}${query(json.mapping)}`, file, { 'Content-Type': type });
    ui.hide();
    await imported();
  }

  /** Previews a file: nothing is stored until Import. */
  async function open(file) {
    if (!village()) return;
    current = { file, type: mediaTypeOf(file.name.toLowerCase()), preview: null };
    try {
      await preview(null);
    } catch (e) {
      current = null;
      fail(e);
    }
  }

  // A file dropped on the map is previewed like a chosen one.
  const target = document.getElementById('map');
  if (target) {
    target.addEventListener('dragover', (e) => { e.preventDefault(); target.classList.add('over'); });
    target.addEventListener('dragleave', () => target.classList.remove('over'));
    target.addEventListener('drop', (e) => {
      e.preventDefault();
      target.classList.remove('over');
      const file = e.dataTransfer?.files?.[0];
      if (file) open(file);
    });
  }

  return { open, get current() { return current; } };
}
