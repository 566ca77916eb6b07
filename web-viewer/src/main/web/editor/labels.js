// Map labels drawn by the browser. MapLibre's text needs glyph files and GridScape serves none (the
// apps fetch nothing from the internet), so each label is a small canvas image - the lines of text
// with a dark halo - added when a symbol layer first asks for it ('styleimagemissing'). The symbol
// layers keep MapLibre's placement and collision handling.

const PREFIX = 'label:';
const FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", system-ui, sans-serif';

/** The image id of a label with these lines (empty lines left out); the first line is drawn bold. */
export function labelId(...lines) {
  return PREFIX + lines.filter((l) => l !== null && l !== undefined && l !== '').join('\n');
}

/** Draws labels on demand for this map. */
export function drawLabelsOn(map) {
  map.on('styleimagemissing', (e) => {
    if (!e.id.startsWith(PREFIX) || map.hasImage(e.id)) return;
    const { data, width, height, ratio } = render(e.id.slice(PREFIX.length).split('\n'));
    map.addImage(e.id, { width, height, data }, { pixelRatio: ratio });
  });
}

function render(lines) {
  const ratio = Math.max(1, Math.min(3, Math.round(window.devicePixelRatio || 1)));
  const sizes = lines.map((_, i) => (i === 0 ? 13 : 12));
  const fonts = sizes.map((px, i) => `${i === 0 ? '600 ' : ''}${px * ratio}px ${FONT}`);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  const widths = lines.map((line, i) => { ctx.font = fonts[i]; return ctx.measureText(line).width; });
  const pad = 3 * ratio;
  const lineHeight = sizes.map((px) => Math.round(px * 1.3 * ratio));
  canvas.width = Math.ceil(Math.max(1, ...widths) + 2 * pad);
  canvas.height = Math.ceil(lineHeight.reduce((a, b) => a + b, 0) + 2 * pad);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
  let y = pad;
  lines.forEach((line, i) => {
    ctx.font = fonts[i];
    const cy = y + lineHeight[i] / 2;
    ctx.lineWidth = 3.5 * ratio;
    ctx.strokeStyle = 'rgba(7, 13, 22, 0.92)';
    ctx.strokeText(line, canvas.width / 2, cy);
    ctx.fillStyle = i === 0 ? '#ffffff' : '#dbe6f3';
    ctx.fillText(line, canvas.width / 2, cy);
    y += lineHeight[i];
  });
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return { data: new Uint8Array(image.data.buffer), width: canvas.width, height: canvas.height, ratio };
}
