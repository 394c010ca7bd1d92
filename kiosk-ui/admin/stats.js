// The statistics screen: a period, a grouping and optionally one service; the report from /api/admin/stats drawn as
// figures, charts and tables, each table with a CSV download of exactly what it shows (and more columns).
import { language, t } from '/common/i18n.js';
import { barChart, columnChart } from './charts.js';
import { explain, localName, minutes, node, number, say } from './util.js';

const $ = (selector) => document.querySelector(selector);
let call;
let report = null;
let servicesLoaded = false;

export function initStats(apiCall) {
  call = apiCall;
  const today = new Date();
  const weekAgo = new Date(today.getTime() - 6 * 86400000);
  $('#stats-from').value = isoDate(weekAgo);
  $('#stats-to').value = isoDate(today);
  $('#stats-form').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
}

function isoDate(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export async function showStats() {
  if (!servicesLoaded) {
    const services = await call('GET', '/api/admin/services');
    const select = $('#stats-service');
    select.append(...services.map((s) => node('option', { value: s.id, text: localName(s) })));
    servicesLoaded = true;
  }
  if (!report) await load();
}

export function refreshStatsLanguage() {
  if (report) render();
}

function query() {
  const params = new URLSearchParams({ from: $('#stats-from').value, to: $('#stats-to').value,
    groupBy: $('#stats-group').value });
  if ($('#stats-service').value) params.set('serviceId', $('#stats-service').value);
  return params;
}

async function load() {
  const message = $('#stats-message');
  say(message, '');
  const from = $('#stats-from').value;
  const to = $('#stats-to').value;
  // An empty date field (or one the browser could not read) is said here; everything else the server checks.
  if (!from || !to) {
    say(message, t('stats.needDates'));
    return;
  }
  try {
    report = await call('GET', `/api/admin/stats?${query()}`);
    render();
  } catch (e) {
    say(message, explain(e));
  }
}

function csvLink(table) {
  const params = query();
  params.set('lang', language());
  return node('a', { class: 'csv', href: `/api/admin/stats/export/${table}?${params}`, download: true,
    text: t('stats.csv'), 'aria-label': t('stats.csvNamed', { table: t(`table.${table}`) }) });
}

function render() {
  $('#stats-result').hidden = false;
  const scope = report.serviceId
    ? localName(report.services.find((s) => s.key === report.serviceId) ?? { name: report.serviceId })
    : t('stats.allServices');
  $('#stats-caption').textContent = t('stats.caption', { from: report.from, to: report.to, scope });
  renderCards(report.summary);
  renderCharts();
  renderTables();
  renderExtras();
}

function renderCards(s) {
  const card = (label, value, hint) => node('li', { class: 'card' },
    node('span', { class: 'card-value', text: value }),
    node('span', { class: 'card-label', text: label }),
    hint ? node('span', { class: 'card-hint', text: hint }) : null);
  $('#stats-cards').replaceChildren(
    card(t('col.issued'), number(s.issued)),
    card(t('col.served'), number(s.served)),
    card(t('col.noShows'), number(s.noShows)),
    card(t('col.cancelled'), number(s.cancelled)),
    card(t('card.waitMedian'), minutes(s.waitMedianSeconds), t('card.p90', { value: minutes(s.waitP90Seconds) })),
    card(t('card.walkMedian'), minutes(s.walkMedianSeconds)),
    card(t('card.serviceMedian'), minutes(s.serviceMedianSeconds),
      t('card.p90', { value: minutes(s.serviceP90Seconds) })),
    card(t('card.idle'), minutes(s.idleSeconds)),
    node('li', { class: 'card link' }, csvLink('summary')));
}

function renderCharts() {
  const wait = report.waitDistribution.map((b) => ({
    label: b.toMinutes === null ? t('chart.over', { from: b.fromMinutes }) : `${b.fromMinutes}–${b.toMinutes}`,
    value: b.count }));
  columnChart($('#chart-wait'), wait, { labelledBy: 'chart-wait-title', format: (v) => number(v),
    emptyText: t('chart.empty'), counts: true });
  $('#chart-wait').append(node('p', { class: 'chart-note', text: t('chart.waitNote') }), csvLink('wait-distribution'));

  const used = report.hours.filter((h) => h.issued > 0).map((h) => h.hour);
  const first = Math.min(7, ...used);
  const last = Math.max(18, ...used);
  const hours = report.hours.filter((h) => h.hour >= first && h.hour <= last)
    .map((h) => ({ label: String(h.hour), value: h.issued }));
  columnChart($('#chart-hours'), hours, { labelledBy: 'chart-hours-title', format: (v) => number(v),
    emptyText: t('chart.empty'), counts: true });
  $('#chart-hours').append(node('p', { class: 'chart-note', text: t('chart.hoursNote') }), csvLink('hours'));

  const services = report.services.map((s) => ({ label: localName(s),
    values: [s.serviceMedianSeconds, s.serviceP90Seconds].map((v) => (v === null ? null : v / 60)) }));
  barChart($('#chart-service'), services,
    [{ name: t('chart.median'), className: 'bar' }, { name: t('chart.p90'), className: 'bar bar-alt' }],
    { labelledBy: 'chart-service-title', format: (v) => number(v, 1), emptyText: t('chart.empty') });
}

const COLUMNS = [
  ['issued', (r) => number(r.issued)],
  ['served', (r) => number(r.served)],
  ['noShows', (r) => number(r.noShows)],
  ['cancelled', (r) => number(r.cancelled)],
  ['transfersIn', (r) => number(r.transfersIn)],
  ['waitMedian', (r) => minutes(r.waitMedianSeconds)],
  ['waitP90', (r) => minutes(r.waitP90Seconds)],
  ['walkMedian', (r) => minutes(r.walkMedianSeconds)],
  ['serviceMedian', (r) => minutes(r.serviceMedianSeconds)],
  ['serviceP90', (r) => minutes(r.serviceP90Seconds)],
  ['idle', (r) => minutes(r.idleSeconds)],
];

function renderTables() {
  const periodLabel = t(`col.period.${report.grouping}`);
  const tables = [
    ['periods', periodLabel, report.periods, (r) => r.key],
    ['services', t('col.service'), report.services, localName],
    ['rooms', t('col.room'), report.rooms, localName],
    ['staff', t('col.staff'), report.staff, (r) => (r.displayName ? `${r.displayName} (${r.name})` : r.name)],
  ];
  $('#stats-tables').replaceChildren(...tables.map(([name, first, rows, label]) => {
    const headingId = `table-${name}-heading`;
    // Issues belong to no room or staff member, transfers to no room, idle time to rooms only.
    const visible = COLUMNS.filter(([key]) => !(key === 'issued' && (name === 'rooms' || name === 'staff'))
      && !(key === 'transfersIn' && name === 'rooms')
      && !(key === 'idle' && (name === 'services' || name === 'staff')));
    return node('section', { class: 'stats-table', 'aria-labelledby': headingId },
      node('div', { class: 'table-head' }, node('h3', { id: headingId, text: t(`table.${name}`) }), csvLink(name)),
      rows.length === 0 ? node('p', { class: 'note', text: t('stats.noRows') }) : node('div', { class: 'table-wrap' },
        node('table', {},
          node('caption', { class: 'visually-hidden', text: t(`table.${name}`) }),
          node('thead', {}, node('tr', {}, node('th', { scope: 'col', text: first }),
            ...visible.map(([key]) => node('th', { scope: 'col', class: 'num', text: t(`col.${key}`) })))),
          node('tbody', {}, ...rows.map((r) => node('tr', {}, node('th', { scope: 'row', text: label(r) }),
            ...visible.map(([, value]) => node('td', { class: 'num', text: value(r) }))))))));
  }));
}

function renderExtras() {
  const bp = report.bp;
  $('#stats-bp').replaceChildren(node('div', {},
    node('p', { text: t('stats.bpReadings', { count: number(bp.readings) }) }),
    node('ul', {}, ...bp.categories.map((c) => node('li', {
      text: t('stats.bpCategory', { category: c.category, count: number(c.count), share: number(c.share * 100, 1) }) }))),
    csvLink('bp')));
  const lab = report.lab;
  $('#stats-lab').replaceChildren(node('div', {},
    node('p', { text: t('stats.labPrinted', { count: number(lab.printed), reports: number(lab.reports) }) }),
    csvLink('lab')));
}
