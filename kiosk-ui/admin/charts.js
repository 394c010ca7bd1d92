// Small SVG bar charts drawn in the page (no library, no CDN, nothing inline that the CSP would refuse). Each chart
// is an <svg role="img"> named by its caption and described by a text list of its values, so a screen reader gets
// the same figures a sighted reader sees. Colours come from admin.css classes over the design tokens.

const SVG = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function frame(container, labelledBy, description, width, height) {
  container.replaceChildren();
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': labelledBy,
    class: 'chart-svg', preserveAspectRatio: 'xMidYMid meet' });
  svg.appendChild(el('desc', {}, description));
  container.appendChild(svg);
  return svg;
}

/**
 * A "nice" upper bound for an axis, at least the largest value. Counts get an even bound so the middle grid line
 * is a whole number too.
 */
function niceMax(max, counts) {
  if (max <= 0) return counts ? 2 : 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const steps = counts ? [2, 4, 6, 8, 10] : [1, 2, 5, 10];
  for (const step of steps) if (step * power >= max && (!counts || step * power >= 2)) return step * power;
  return 10 * power;
}

/**
 * Vertical bars: items [{label, value}], value labels above each bar. Returns nothing; draws into container.
 * options: {labelledBy, format(value) → text, emptyText, counts (whole numbers)}
 */
export function columnChart(container, items, { labelledBy, format = String, emptyText, counts = false }) {
  const width = 800;
  const height = 320;
  const left = 48;
  const bottom = 48;
  const top = 28;
  const description = items.map((i) => `${i.label}: ${format(i.value)}`).join('; ');
  const svg = frame(container, labelledBy, description, width, height);
  const max = niceMax(Math.max(0, ...items.map((i) => i.value)), counts);
  const plotHeight = height - bottom - top;
  const slot = (width - left - 8) / Math.max(1, items.length);
  axis(svg, left, top, width - 8, height - bottom, max, format);
  if (items.every((i) => !i.value)) {
    svg.appendChild(el('text', { x: width / 2, y: height / 2, class: 'chart-empty', 'text-anchor': 'middle' }, emptyText));
  }
  items.forEach((item, index) => {
    const barHeight = (item.value / max) * plotHeight;
    const x = left + index * slot + slot * 0.15;
    const y = height - bottom - barHeight;
    svg.appendChild(el('rect', { x, y, width: slot * 0.7, height: Math.max(0, barHeight), class: 'bar' }));
    if (item.value) {
      svg.appendChild(el('text', { x: x + slot * 0.35, y: y - 6, 'text-anchor': 'middle', class: 'chart-value' },
        format(item.value)));
    }
    svg.appendChild(el('text', { x: x + slot * 0.35, y: height - bottom + 22, 'text-anchor': 'middle',
      class: 'chart-label' }, item.label));
  });
}

/**
 * Horizontal grouped bars: items [{label, values: [a, b]}], one bar per series (series [{name, className}]),
 * with a legend. options: {labelledBy, format, emptyText}
 */
export function barChart(container, items, series, { labelledBy, format = String, emptyText }) {
  const rowHeight = 22 * series.length + 18;
  const top = 36;
  const width = 1200;
  const left = 240;
  const right = 90;
  const height = top + Math.max(1, items.length) * rowHeight + 8;
  const description = items.map((i) => `${i.label}: ${series.map((s, k) => `${s.name} ${i.values[k] == null
    ? '—' : format(i.values[k])}`).join(', ')}`).join('; ');
  const svg = frame(container, labelledBy, description, width, height);
  const max = niceMax(Math.max(0, ...items.flatMap((i) => i.values.map((v) => v ?? 0))));
  series.forEach((s, k) => {
    const x = left + k * 220;
    svg.appendChild(el('rect', { x, y: 8, width: 18, height: 18, class: s.className }));
    svg.appendChild(el('text', { x: x + 26, y: 23, class: 'chart-label' }, s.name));
  });
  if (items.every((i) => i.values.every((v) => !v))) {
    svg.appendChild(el('text', { x: width / 2, y: top + rowHeight / 2, class: 'chart-empty', 'text-anchor': 'middle' },
      emptyText));
  }
  items.forEach((item, index) => {
    const y0 = top + index * rowHeight;
    svg.appendChild(el('text', { x: left - 10, y: y0 + rowHeight / 2, 'text-anchor': 'end', class: 'chart-label',
      'dominant-baseline': 'middle' }, item.label));
    series.forEach((s, k) => {
      const value = item.values[k];
      const barWidth = value ? (value / max) * (width - left - right) : 0;
      const y = y0 + 4 + k * 22;
      svg.appendChild(el('rect', { x: left, y, width: barWidth, height: 18, class: s.className }));
      svg.appendChild(el('text', { x: left + barWidth + 6, y: y + 14, class: 'chart-value' },
        value == null ? '—' : format(value)));
    });
  });
}

function axis(svg, left, top, right, bottom, max, format) {
  for (const fraction of [0, 0.5, 1]) {
    const y = bottom - fraction * (bottom - top);
    svg.appendChild(el('line', { x1: left, x2: right, y1: y, y2: y, class: fraction ? 'grid' : 'baseline' }));
    svg.appendChild(el('text', { x: left - 6, y: y + 5, 'text-anchor': 'end', class: 'chart-axis' },
      format(max * fraction)));
  }
}
