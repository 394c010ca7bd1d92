// The blood-pressure self-test screens (血压自测, issue 6): preparation with a rest countdown, the measurement, the
// reading with its category and advice, the guided second reading, the trend of the last 10 readings, the slip
// and a ticket. The server stores every reading the moment the monitor reports it (docs/bp.md); these screens only
// show it, so leaving the page at any point loses nothing.

import { ApiError } from '/common/api.js';
import { language, t } from '/common/i18n.js';

const REST_SECONDS = 300;             // the guidelines' 5 minutes of rest; the resident may skip it
const SECOND_READING_SECONDS = 60;    // the guided second reading 1–2 minutes after the first
const SERVER_PING_MS = 60_000;        // a BP call keeps the server's kiosk session alive during long waits
const MEASURE_KEEPALIVE_MS = 180_000; // waiting for the monitor longer than this is a resident who walked away
const GRADES = ['grade-1', 'grade-2', 'grade-3'];
const SVG = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);

let kiosk; // helpers of the kiosk app: api, show, screen, session, keepAlive, problem, hasFeature, hasDevice, speak

const bp = {
  phase: 'idle',          // idle | prepare | measure | wait | result
  info: null,             // GET …/bp
  reading: null,
  series: null,
  endsAt: 0,              // end of the rest or second-reading countdown
  measuringSince: 0,
  measureText: '',
  lastServerCall: 0,
  ticket: null,
  ticketPrint: '',        // printed | failed | no-printer | not-printed
  ticketOutcome: '',
  printOutcome: '',
  invitedSession: null,
  busy: false,
};

/** Whether this kiosk offers the self-test: the server announces it and this kiosk has a monitor. */
export function bpAvailable() {
  return kiosk.hasFeature('bpSelfTest') && kiosk.hasDevice('bpMonitor');
}

export function isBpScreen(name) {
  return name.startsWith('bp-');
}

// ---- entering and leaving ---------------------------------------------------------------------------------------

/** From the tile or the invitation, once the resident is identified: preparation first. */
function prepare(startedAt) {
  bp.phase = 'prepare';
  bp.reading = null;
  bp.series = null;
  bp.ticket = null;
  bp.ticketPrint = '';
  bp.ticketOutcome = '';
  bp.printOutcome = '';
  bp.endsAt = Date.now() + REST_SECONDS * 1000;
  kiosk.show('bp-prepare', startedAt);
  refreshInfo();
}

export function wipeBp() {
  Object.assign(bp, { phase: 'idle', info: null, reading: null, series: null, endsAt: 0, measuringSince: 0,
    measureText: '', ticket: null, ticketPrint: '', ticketOutcome: '', printOutcome: '', invitedSession: null,
    busy: false });
  for (const id of ['bp-values', 'bp-pulse-value', 'bp-category', 'bp-series-note', 'bp-explanation', 'bp-isolated',
    'bp-advice', 'bp-note', 'bp-another-text', 'bp-print-status', 'bp-ticket-number', 'bp-ticket-detail', 'bp-ticket-print',
    'bp-rest-text', 'bp-wait-text', 'bp-wait-next', 'bp-measure-text', 'bp-error-text']) {
    $(id).textContent = '';
  }
  $('bp-trend').replaceChildren();
  $('bp-claim-list').replaceChildren();
  for (const id of ['bp-claim', 'bp-invite', 'bp-error', 'bp-crisis', 'bp-ticket']) $(id).hidden = true;
}

async function refreshInfo() {
  bp.lastServerCall = Date.now();
  try {
    bp.info = await kiosk.api('GET', '/bp');
  } catch (e) {
    return; // the next minute's call or the next reading brings it
  }
  const screen = kiosk.screen();
  if (isBpScreen(screen)) renderBp(screen);
}

// ---- rendering ----------------------------------------------------------------------------------------------------

export function renderBp(name) {
  switch (name) {
    case 'bp-prepare': renderPrepare(); break;
    case 'bp-measure': renderMeasure(); break;
    case 'bp-wait': renderWait(); break;
    case 'bp-result': renderResult(); break;
    default: break;
  }
}

/** A server text {zh-CN, en} in the page's language. */
function local(text) {
  if (!text) return '';
  return text[language()] ?? text['zh-CN'] ?? '';
}

function time(iso) {
  return iso ? iso.slice(11, 16) : '';
}

function day(iso) {
  return iso ? iso.slice(5, 10) : '';
}

function renderPrepare() {
  renderCountdown($('bp-rest-text'), 'bp.prepare.rest', 'bp.prepare.rested');
  const claimable = bp.phase === 'prepare' ? (bp.info?.claimable ?? []) : [];
  $('bp-claim').hidden = claimable.length === 0;
  $('bp-claim-list').replaceChildren(...claimable.map(claimItem));
  $('bp-rest-skip').disabled = bp.busy;
}

function renderCountdown(element, runningKey, doneKey) {
  const left = Math.max(0, Math.ceil((bp.endsAt - Date.now()) / 1000));
  element.textContent = left > 0
    ? t(runningKey, { minutes: Math.floor(left / 60), seconds: String(left % 60).padStart(2, '0') })
    : t(doneKey);
}

function claimItem(reading) {
  const item = document.createElement('li');
  const text = document.createElement('p');
  text.textContent = t('bp.claim.item', { time: time(reading.measuredAt), systolic: reading.systolic,
    diastolic: reading.diastolic, pulse: reading.pulse });
  const mine = document.createElement('button');
  mine.type = 'button';
  mine.className = 'primary';
  mine.textContent = t('bp.claim.mine');
  mine.dataset.claim = reading.id;
  mine.addEventListener('click', (event) => claim(reading.id, event));
  const notMine = document.createElement('button');
  notMine.type = 'button';
  notMine.className = 'secondary';
  notMine.textContent = t('bp.claim.notMine');
  notMine.addEventListener('click', () => {
    bp.info.claimable = bp.info.claimable.filter((r) => r.id !== reading.id);
    renderPrepare();
  });
  item.append(text, mine, notMine);
  return item;
}

async function claim(readingId, event) {
  if (bp.busy) return;
  bp.busy = true;
  try {
    const claimed = await kiosk.api('POST', `/bp/readings/${readingId}/claim`);
    showResult(claimed.reading, claimed.series, event.timeStamp);
  } catch (e) {
    kiosk.problem(e);
    refreshInfo();
  } finally {
    bp.busy = false;
  }
}

function renderMeasure() {
  $('bp-measure-text').textContent = bp.measureText;
  $('bp-measure-busy').hidden = !$('bp-error').hidden;
}

function renderWait() {
  $('bp-wait-next').textContent = local(bp.series?.next);
  renderCountdown($('bp-wait-text'), 'bp.wait.countdown', 'bp.wait.ready');
}

/** What the result shows first: the series' mean once there are two or three readings, else the reading. */
function headline() {
  return bp.series && bp.series.count >= 2 ? bp.series : bp.reading;
}

function needsReferral() {
  return GRADES.includes(bp.reading?.category) || GRADES.includes(bp.series?.category);
}

function renderResult() {
  const shown = headline();
  if (!shown) return;
  $('bp-values').textContent = `${shown.systolic}/${shown.diastolic}`;
  $('bp-pulse-value').textContent = t('bp.result.pulse', { pulse: shown.pulse });
  const category = $('bp-category');
  category.textContent = local(shown.text.label);
  category.className = `bp-category bp-${shown.category}`;
  $('bp-series-note').textContent = shown === bp.series
    ? t('bp.result.average', { n: bp.series.count }) : '';
  $('bp-explanation').textContent = local(shown.text.explanation);
  $('bp-isolated').textContent = local(shown.text.isolatedSystolic);
  $('bp-advice').textContent = local(shown.text.advice);
  $('bp-note').textContent = local(shown.text.note);
  $('bp-crisis').hidden = !(bp.reading.crisis || bp.series?.crisis);
  const another = bp.series?.wantsAnother === true;
  $('bp-another').hidden = !another;
  $('bp-another-text').textContent = another ? local(bp.series.next) : '';
  $('bp-print-status').textContent = bp.printOutcome;
  $('bp-print').disabled = bp.busy || !bp.info?.printer?.configured;
  const ticketButton = $('bp-take-ticket');
  ticketButton.hidden = !needsReferral() || bp.ticket !== null;
  ticketButton.disabled = bp.busy;
  renderTicket();
  drawTrend(bp.info?.readings ?? [bp.reading]);
}

function renderTicket() {
  const box = $('bp-ticket');
  box.hidden = bp.ticket === null;
  if (!bp.ticket) {
    if (bp.ticketOutcome) $('bp-print-status').textContent = bp.ticketOutcome;
    return;
  }
  const ticket = bp.ticket;
  $('bp-ticket-number').textContent = ticket.number;
  const service = language() === 'en' && ticket.serviceNameEn ? ticket.serviceNameEn : ticket.serviceName;
  $('bp-ticket-detail').textContent = t('bp.ticket.detail', { service, n: ticket.peopleAhead ?? 0,
    minutes: ticket.estimatedWaitMinutes ?? 0 });
  const printed = { printed: 'bp.ticket.printed', failed: 'bp.ticket.printFailed', 'no-printer': 'bp.ticket.noPrinter' };
  $('bp-ticket-print').textContent = printed[bp.ticketPrint] ? t(printed[bp.ticketPrint]) : '';
}

// ---- trend chart ------------------------------------------------------------------------------------------------

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Systolic and diastolic of the last readings (oldest first) as two lines, with the 140/90 lines for reference. */
function drawTrend(readings) {
  const width = 960;
  const height = 380;
  const left = 80;
  const right = 56;
  const top = 24;
  const bottom = 56;
  const values = readings.flatMap((r) => [r.systolic, r.diastolic]);
  const low = Math.min(60, ...values.map((v) => Math.floor((v - 10) / 20) * 20));
  const high = Math.max(200, ...values.map((v) => Math.ceil((v + 10) / 20) * 20));
  const y = (v) => top + (high - v) * (height - top - bottom) / (high - low);
  const step = readings.length > 1 ? (width - left - right) / (readings.length - 1) : 0;
  const x = (i) => (readings.length > 1 ? left + i * step : (left + width - right) / 2);

  const latest = readings[readings.length - 1];
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'bp-chart', role: 'img',
    'aria-labelledby': 'bp-trend-title bp-trend-summary' });
  chart.append(svg('desc', { id: 'bp-trend-summary' }, latest
    ? t('bp.trend.summary', { n: readings.length, systolic: latest.systolic, diastolic: latest.diastolic }) : ''));
  for (let v = low; v <= high; v += 20) {
    chart.append(svg('line', { x1: left, x2: width - right, y1: y(v), y2: y(v), class: 'bp-grid' }));
    chart.append(svg('text', { x: left - 12, y: y(v) + 8, class: 'bp-axis', 'text-anchor': 'end' }, v));
  }
  for (const limit of [140, 90]) {
    chart.append(svg('line', { x1: left, x2: width - right, y1: y(limit), y2: y(limit), class: 'bp-limit' }));
  }
  const oneDay = new Set(readings.map((r) => day(r.measuredAt))).size === 1;
  readings.forEach((r, i) => {
    chart.append(svg('text', { x: x(i), y: height - 16, class: 'bp-axis', 'text-anchor': 'middle' },
      oneDay ? time(r.measuredAt) : day(r.measuredAt)));
  });
  for (const [field, kind] of [['systolic', 'bp-line-sys'], ['diastolic', 'bp-line-dia']]) {
    if (readings.length > 1) {
      chart.append(svg('polyline', { class: kind, points: readings.map((r, i) => `${x(i)},${y(r[field])}`).join(' ') }));
    }
    readings.forEach((r, i) => chart.append(svg('circle', { cx: x(i), cy: y(r[field]), r: 9, class: kind })));
  }
  const legend = svg('g', { class: 'bp-legend' });
  legend.append(svg('rect', { x: left + 12, y: top - 3, width: 18, height: 18, class: 'bp-line-sys' }),
    svg('text', { x: left + 36, y: top + 14, class: 'bp-axis' }, t('bp.trend.systolic')),
    svg('rect', { x: left + 232, y: top - 3, width: 18, height: 18, class: 'bp-line-dia' }),
    svg('text', { x: left + 256, y: top + 14, class: 'bp-axis' }, t('bp.trend.diastolic')));
  chart.append(legend);
  $('bp-trend').replaceChildren(chart);
}

// ---- measuring ----------------------------------------------------------------------------------------------------

async function measure(startedAt) {
  bp.phase = 'measure';
  bp.measuringSince = Date.now();
  $('bp-error').hidden = true;
  bp.measureText = t('bp.measure.starting');
  kiosk.show('bp-measure', startedAt);
  if (!bp.info) await refreshInfo();
  if (!bp.info?.monitor?.remoteStart) {
    bp.measureText = t('bp.measure.press');
  } else {
    try {
      await kiosk.api('POST', '/bp/start');
      bp.measureText = t('bp.measure.running');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'press_monitor_button') bp.measureText = t('bp.measure.press');
      else showDeviceError(t('bp.measure.unavailable'));
    }
  }
  if (bp.phase === 'measure' && kiosk.screen() === 'bp-measure') renderMeasure();
  kiosk.speakScreen();
}

function showDeviceError(text) {
  bp.phase = 'measure';
  bp.measureText = '';
  $('bp-error-text').textContent = text;
  $('bp-error').hidden = false;
  if (kiosk.screen() !== 'bp-measure') kiosk.show('bp-measure');
  else renderMeasure();
  $('bp-retry').focus();
  kiosk.speak(text);
}

/** Whether a monitor event belongs on these screens: the resident is in the BP flow on this page. */
function inFlow() {
  return bp.phase !== 'idle' && isBpScreen(kiosk.screen());
}

export function onBpReading(event) {
  if (!inFlow()) return;
  showResult(event.reading, event.series ?? null);
}

export function onBpError(event) {
  if (!inFlow() || bp.phase === 'result') return;
  showDeviceError(local(event.message));
}

function showResult(reading, series, startedAt) {
  bp.phase = 'result';
  bp.reading = reading;
  bp.series = series;
  bp.printOutcome = '';
  if (!bp.info) bp.info = { readings: [] };
  kiosk.show('bp-result', startedAt);
  refreshInfo(); // the trend now includes this reading
}

function secondReading(event) {
  bp.phase = 'wait';
  bp.endsAt = Date.now() + SECOND_READING_SECONDS * 1000;
  kiosk.show('bp-wait', event.timeStamp);
}

// ---- slip and ticket ----------------------------------------------------------------------------------------------

async function printSlip() {
  if (bp.busy || !bp.reading) return;
  bp.busy = true;
  bp.printOutcome = t('bp.print.printing');
  renderResult();
  try {
    const outcome = await kiosk.api('POST', `/bp/readings/${bp.reading.id}/print`, { language: language() });
    bp.printOutcome = t(outcome.printed ? 'bp.print.done' : 'bp.print.failed');
  } catch (e) {
    bp.printOutcome = t(e instanceof ApiError && e.code === 'printer_unavailable' ? 'bp.print.noPrinter' : 'bp.print.failed');
  } finally {
    bp.busy = false;
    if (kiosk.screen() === 'bp-result') renderResult();
  }
}

async function takeTicket() {
  if (bp.busy || !bp.reading) return;
  bp.busy = true;
  renderResult();
  try {
    const taken = await kiosk.api('POST', `/bp/readings/${bp.reading.id}/ticket`);
    bp.ticket = taken.ticket;
    bp.ticketPrint = taken.print?.status ?? 'not-printed';
  } catch (e) {
    bp.ticketOutcome = kiosk.problemText(e);
  } finally {
    bp.busy = false;
    if (kiosk.screen() === 'bp-result') renderResult();
  }
  if (bp.ticket) kiosk.speak(`${t('bp.ticket.taken')} ${bp.ticket.number}`);
}

// ---- the invitation after identification (首诊测血压) -------------------------------------------------------------

/** On the services screen of an identified resident: invite residents 35+ with no reading this year, once. */
export async function offerBpInvitation(view) {
  if (!bpAvailable() || !view?.resident || bp.invitedSession === view.sessionId) return;
  bp.invitedSession = view.sessionId;
  try {
    const info = await kiosk.api('GET', '/bp');
    const current = kiosk.session();
    $('bp-invite').hidden = !(info.invitation?.invite && current?.sessionId === view.sessionId);
  } catch (e) {
    // no invitation then; the tile stays on the home screen
  }
}

// ---- timers -------------------------------------------------------------------------------------------------------

function tick() {
  if (bp.phase === 'idle') return;
  const screen = kiosk.screen();
  const waiting = bp.phase === 'prepare' || bp.phase === 'wait'
    || (bp.phase === 'measure' && Date.now() - bp.measuringSince < MEASURE_KEEPALIVE_MS);
  if (!waiting || !isBpScreen(screen)) return;
  kiosk.keepAlive(); // resting or measuring is not inactivity
  if (Date.now() - bp.lastServerCall >= SERVER_PING_MS) refreshInfo();
  if (screen === 'bp-prepare') renderCountdown($('bp-rest-text'), 'bp.prepare.rest', 'bp.prepare.rested');
  if (screen === 'bp-wait') {
    renderCountdown($('bp-wait-text'), 'bp.wait.countdown', 'bp.wait.ready');
    if (Date.now() >= bp.endsAt) measure();
  }
}

// ---- wiring -------------------------------------------------------------------------------------------------------

export function initBp(helpers) {
  kiosk = helpers;
  $('bp-rest-skip').addEventListener('click', (e) => measure(e.timeStamp));
  $('bp-retry').addEventListener('click', (e) => measure(e.timeStamp));
  $('bp-another-go').addEventListener('click', secondReading);
  $('bp-wait-go').addEventListener('click', (e) => measure(e.timeStamp));
  $('bp-wait-back').addEventListener('click', (e) => {
    bp.phase = 'result';
    kiosk.show('bp-result', e.timeStamp);
  });
  $('bp-print').addEventListener('click', printSlip);
  $('bp-take-ticket').addEventListener('click', takeTicket);
  $('bp-invite').addEventListener('click', (e) => {
    $('bp-invite').hidden = true;
    helpers.setIntent('bp');
    prepare(e.timeStamp);
  });
  setInterval(tick, 1000);
}

/** The kiosk app calls this when an identified resident chose the self-test. */
export function startBp(startedAt) {
  if (bp.phase === 'idle') prepare(startedAt);
  else kiosk.show(`bp-${bp.phase}`, startedAt);
}

/** Demo panel row for a simulated monitor: a reading or a movement error. */
export function setUpBpDemo(simulated, simulate) {
  const row = $('demo-bp-row');
  row.hidden = !simulated.includes('bpMonitor');
  if (row.hidden) return;
  $('demo-bp-reading').addEventListener('click', () => {
    const [systolic, diastolic, pulse] = $('demo-bp').value.split('/').map((v) => v.trim());
    simulate('bpMonitor', 'reading', { systolic, diastolic, pulse });
  });
  $('demo-bp-error').addEventListener('click', async () => {
    const info = bp.info ?? await kiosk.api('GET', '/bp');
    simulate('bpMonitor', 'error', { code: info.monitor?.model === 'and-tm2655' ? 'E44' : '1' });
  });
}
