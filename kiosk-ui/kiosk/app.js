// The resident kiosk. The server keeps the session (card data, record, ticket) and sends masked views on the kiosk
// stream; this page shows them, collects touches, and forgets everything when the resident leaves or goes idle.

import { api, ApiError, newKey, setHeader } from '/common/api.js';
import { openHeaderStream } from '/common/events.js';
import { language, loadLanguage, t, translate } from '/common/i18n.js';
import { acceptsIdKey, checkIdNumber, checkPhone, grouped } from '/kiosk/entry.js';
import * as bp from '/kiosk/bp.js';
import * as lab from '/kiosk/lab.js';

const PAIRING_KEY = 'clinickiosk.kiosk.pairing';
const ACTIVITY_PING_MS = 4000;
const $ = (id) => document.getElementById(id);

const state = {
  pairing: null,
  kiosk: null,
  session: null,
  lastTarget: null,
  screen: null,
  intent: 'ticket',
  declared: null,
  manual: '',
  phone: '',
  devices: {},
  deviceReasons: {},
  busy: false,
  bindDeclined: false,
  ticketKeys: new Map(),
  lastTouch: performance.now(),
  lastPing: 0,
  stream: null,
};

// ---- screens ------------------------------------------------------------------------------------------------

/** Shows one screen; the time until the new screen is painted is kept as a performance measure. */
function show(name, startedAt = performance.now()) {
  const from = state.screen ?? 'start';
  document.querySelectorAll('.screen').forEach((s) => { s.hidden = s.dataset.screen !== name; });
  state.screen = name;
  $('main').scrollTop = 0;
  render(name);
  const heading = document.querySelector(`#screen-${name} h1`);
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
  requestAnimationFrame(() => requestAnimationFrame(() => {
    performance.measure(`screen ${from}>${name}`, { start: startedAt, end: performance.now() });
  }));
  if (elderMode()) speakScreen();
}

function render(name) {
  switch (name) {
    case 'identify': renderIdentify(); break;
    case 'manual': renderManual(); break;
    case 'register': renderRegister(); break;
    case 'services': renderServices(); break;
    case 'appointments': renderAppointments(); break;
    case 'ticket': renderTicket(); break;
    default:
      if (bp.isBpScreen(name)) bp.renderBp(name);
      else if (lab.isLabScreen(name)) lab.renderLab(name);
      break;
  }
}

/** Where a session view belongs. */
function targetScreen(view) {
  if (view.stage === 'lookup') return 'identify';
  if (view.stage === 'register') return 'register';
  if (view.ticket) return 'ticket';
  if (view.stage === 'identified' && state.intent === 'bp') return 'bp';
  if (view.stage === 'identified' && state.intent === 'lab') return 'lab';
  if (state.intent === 'checkIn' || view.focusAppointmentId != null) return 'appointments';
  return 'services';
}

function applySession(view, startedAt) {
  // out of service: no session is taken up, and its end does not leave the maintenance screen
  if (state.screen === 'maintenance') {
    state.session = null;
    return;
  }
  if (!view || !view.active) {
    if (state.session || !['home', 'pair'].includes(state.screen)) goHomeLocally();
    return;
  }
  const previous = state.session;
  const sameSession = previous && previous.sessionId === view.sessionId;
  if (sameSession && view.version < previous.version) return; // an older view overtaken by a newer one
  state.session = view;
  if (!sameSession) {
    state.lastTarget = null;
    state.bindDeclined = false;
    state.declared = null;
  }
  const target = targetScreen(view);
  const ticketChanged = view.ticket && previous?.ticket?.issuedAt !== view.ticket.issuedAt;
  if (target !== state.lastTarget || (target === 'ticket' && ticketChanged)) {
    state.lastTarget = target;
    if (target === 'register' && !sameSession) resetPhone();
    if (target === 'bp') bp.startBp(startedAt);
    else if (target === 'lab') lab.startReports(startedAt);
    else show(target, startedAt);
  } else {
    render(state.screen);
  }
}

// ---- home and identification ----------------------------------------------------------------------------------

function startFlow(intent, event) {
  state.intent = intent;
  if (state.session) {
    state.lastTarget = null;
    applySession(state.session, event.timeStamp);
  } else {
    show('identify', event.timeStamp);
  }
}

function renderIdentify() {
  const reader = state.devices.idCardReader;
  let status = '';
  if (state.session?.stage === 'lookup') status = t('identify.reading');
  else if (state.kiosk?.devices.includes('idCardReader') && reader && reader !== 'connected') status = t('identify.readerOffline');
  $('identify-status').textContent = status;
  $('go-manual').hidden = !hasFeature('manualEntry');
  $('go-lab-barcode').hidden = state.intent !== 'lab';
}

function renderManual() {
  const text = state.manual;
  $('manual-entry').textContent = grouped(text, [6, 8, 4]);
  const check = checkIdNumber(text);
  const hint = $('manual-hint');
  hint.className = 'hint';
  if (text.length === 0) hint.textContent = t('manual.hint');
  else if (check.state === 'incomplete') hint.textContent = t('manual.missing', { n: check.missing });
  else if (check.state === 'ok') {
    hint.textContent = t('manual.ok');
    hint.classList.add('good');
  } else {
    hint.textContent = t(check.state === 'bad-date' ? 'manual.badDate' : 'manual.badCheck');
    hint.classList.add('bad');
  }
  $('manual-submit').disabled = check.state !== 'ok' || state.busy;
}

function buildKeypad(container, onKey) {
  for (const key of container.dataset.keys) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = key;
    button.dataset.key = key;
    button.addEventListener('click', () => onKey(key));
    container.append(button);
  }
  for (const [key, label] of [['back', 'keypad.back'], ['clear', 'keypad.clear']]) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.key = key;
    button.dataset.i18n = label;
    button.textContent = t(label);
    button.addEventListener('click', () => onKey(key));
    container.append(button);
  }
}

function typeManual(key) {
  if (key === 'back') state.manual = state.manual.slice(0, -1);
  else if (key === 'clear') state.manual = '';
  else if (acceptsIdKey(state.manual, key)) state.manual += key;
  renderManual();
}

async function submitManual(event) {
  if (checkIdNumber(state.manual).state !== 'ok') return;
  state.busy = true;
  renderManual();
  try {
    const view = await kioskApi('POST', '/session/identify', { idNumber: state.manual });
    state.manual = '';
    applySession(view, event.timeStamp);
  } catch (e) {
    const hint = $('manual-hint');
    hint.className = 'hint bad';
    hint.textContent = e instanceof ApiError && e.code === 'invalid_id_number' ? t('manual.badCheck') : problemText(e);
  } finally {
    state.busy = false;
    if (state.screen === 'manual') renderManual();
  }
}

// ---- registration ---------------------------------------------------------------------------------------------

function resetPhone() {
  state.phone = '';
  $('consent').checked = false;
}

function renderRegister() {
  const card = state.session?.card ?? {};
  $('reg-name').textContent = card.nameMasked ?? '';
  $('reg-sex').textContent = card.sex ? t(`sex.${card.sex}`) : '';
  $('reg-birth').textContent = card.birthDate ?? '';
  $('reg-nation').textContent = card.nation ?? '';
  $('reg-address').textContent = card.addressMasked ?? '';
  $('phone-entry').textContent = grouped(state.phone, [3, 4, 4]);
  const check = checkPhone(state.phone);
  const hint = $('phone-hint');
  hint.className = 'hint';
  if (check === 'incomplete') hint.textContent = t('register.phoneHint');
  else if (check === 'ok') {
    hint.textContent = t('register.phoneOk');
    hint.classList.add('good');
  } else {
    hint.textContent = t('register.phoneBad');
    hint.classList.add('bad');
  }
  $('register-submit').disabled = check !== 'ok' || !$('consent').checked || state.busy;
}

function typePhone(key) {
  if (key === 'back') state.phone = state.phone.slice(0, -1);
  else if (key === 'clear') state.phone = '';
  else if (state.phone.length < 11) state.phone += key;
  renderRegister();
}

async function submitRegistration(event) {
  state.busy = true;
  renderRegister();
  try {
    const view = await kioskApi('POST', '/session/register', { phone: state.phone, healthDataConsent: $('consent').checked });
    resetPhone();
    applySession(view, event.timeStamp);
  } catch (e) {
    showProblemText(problemText(e), t('problem.askStaff'));
  } finally {
    state.busy = false;
    if (state.screen === 'register') renderRegister();
  }
}

// ---- services and tickets -------------------------------------------------------------------------------------

function greeting() {
  const resident = state.session?.resident;
  if (resident) return t('services.greeting', { name: resident.nameMasked });
  return t('services.greetingUnregistered', { id: state.session?.card?.idNumberMasked ?? '' });
}

function localName(item, field = 'serviceName') {
  return language() === 'en' && item[`${field}En`] ? item[`${field}En`] : item[field];
}

async function renderServices() {
  const view = state.session;
  if (!view) return;
  $('services-greeting').textContent = greeting();
  $('services-record').textContent = view.resident
    ? t('services.record', { number: view.resident.recordNumberMasked }) : t('services.noRecord');
  $('services-priority').textContent = view.resident?.elderly ? t('services.elderly') : '';
  const open = (view.appointments ?? []).filter((a) => a.status === 'booked');
  const banner = $('services-appointment');
  banner.hidden = open.length === 0 || !hasFeature('checkIn');
  banner.textContent = open.length ? t('services.appointmentBanner', { time: open[0].slotStart, service: localName(open[0]) }) : '';
  $('bind-offer').hidden = !view.healthCardBindOffer || state.bindDeclined;
  $('bind-done').hidden = !view.healthCardBound;
  bp.offerBpInvitation(view);
  document.querySelectorAll('[data-priority]').forEach((b) => {
    b.setAttribute('aria-pressed', String(b.dataset.priority === state.declared));
  });
  let services;
  try {
    services = await api('GET', '/api/services');
  } catch (e) {
    showProblemText(problemText(e), t('problem.askStaff'));
    return;
  }
  if (state.screen !== 'services') return;
  const tiles = $('service-tiles');
  tiles.replaceChildren(...services.map((s) => serviceTile(s)));
}

function serviceTile(s) {
  const tile = document.createElement('button');
  tile.type = 'button';
  tile.className = 'tile';
  tile.dataset.service = s.id;
  const title = document.createElement('span');
  title.className = 'tile-title';
  title.textContent = language() === 'en' && s.nameEn ? s.nameEn : s.name;
  const sub = document.createElement('span');
  sub.className = 'tile-sub';
  const available = s.open && s.openNow;
  if (available) sub.textContent = t('services.waiting', { n: s.waiting, minutes: s.estimatedWaitMinutes });
  else if (!s.open) sub.textContent = t('services.closedToday');
  else sub.textContent = t('services.hours', { opens: s.opens, closes: s.closes });
  tile.disabled = !available || state.busy;
  tile.append(title, sub);
  tile.addEventListener('click', (event) => takeTicket(s.id, event));
  return tile;
}

async function takeTicket(serviceId, event) {
  if (state.busy || !state.session) return;
  state.busy = true;
  document.querySelectorAll('#service-tiles .tile').forEach((b) => { b.disabled = true; });
  // the same choice keeps its key, so a retry after a lost answer cannot take a second number
  const keyName = `${state.session.sessionId}:${serviceId}:${state.declared ?? 'normal'}`;
  if (!state.ticketKeys.has(keyName)) state.ticketKeys.set(keyName, newKey());
  const body = { serviceId };
  if (state.declared) body.priority = state.declared;
  try {
    const view = await kioskApi('POST', '/session/tickets', body, { 'Idempotency-Key': state.ticketKeys.get(keyName) });
    applySession(view, event.timeStamp);
  } catch (e) {
    showProblemText(problemText(e), t('problem.tryAgain'));
  } finally {
    state.busy = false;
    if (state.screen === 'services') renderServices();
  }
}

function renderAppointments() {
  const view = state.session;
  if (!view) return;
  $('appointments-greeting').textContent = greeting();
  const list = view.appointments ?? [];
  $('appointments-empty').hidden = list.length > 0;
  $('appointment-list').replaceChildren(...list.map((a) => appointmentItem(a, view.focusAppointmentId)));
}

function appointmentItem(a, focusId) {
  const item = document.createElement('li');
  item.className = a.id === focusId ? 'appointment focus' : 'appointment';
  const text = document.createElement('div');
  const when = document.createElement('p');
  when.className = 'when';
  when.textContent = t('appointments.when', { start: a.slotStart, end: a.slotEnd, service: localName(a) });
  const rule = document.createElement('p');
  rule.textContent = t('appointments.rule', { opens: a.checkInOpensAt, late: a.lateAfter });
  const status = document.createElement('p');
  status.className = 'strong';
  status.textContent = t(`appointments.timing.${a.timing}`, { opens: a.checkInOpensAt, late: a.lateAfter });
  text.append(when, rule, status);
  item.append(text);
  if (a.status === 'booked') {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'primary';
    button.textContent = t('appointments.checkIn');
    button.disabled = a.timing === 'early' || state.busy;
    button.addEventListener('click', (event) => checkIn(a.id, event));
    item.append(button);
  }
  return item;
}

async function checkIn(appointmentId, event) {
  if (state.busy) return;
  state.busy = true;
  renderAppointments();
  try {
    const view = await kioskApi('POST', `/session/appointments/${appointmentId}/check-in`);
    applySession(view, event.timeStamp);
  } catch (e) {
    showProblemText(problemText(e), t('problem.askStaff'));
  } finally {
    state.busy = false;
    if (state.screen === 'appointments') renderAppointments();
  }
}

function renderTicket() {
  const ticket = state.session?.ticket;
  if (!ticket) return;
  $('ticket-number').textContent = ticket.number;
  $('ticket-service').textContent = localName(ticket);
  const room = language() === 'en' ? ticket.roomHintEn : ticket.roomHint;
  $('ticket-room').textContent = room ? t('ticket.room', { room }) : '';
  $('ticket-ahead').textContent = t('ticket.ahead', { n: ticket.peopleAhead, minutes: ticket.estimatedWaitMinutes });
  $('ticket-timing').textContent = ticket.timing ? t(`ticket.timing.${ticket.timing}`) : '';
  let priority = '';
  if (ticket.priority !== 'normal') {
    priority = t(ticket.priorityDeclared ? 'ticket.priorityDeclared' : 'ticket.priority',
      { priority: t(`priority.${ticket.priority}`) });
  }
  $('ticket-priority').textContent = priority;
  $('ticket-qr').src = ticket.qrImage;
  const print = state.session.print ?? { status: 'not-printed' };
  $('print-status').textContent = t(`print.${print.status}`);
  const failed = print.status === 'failed' || print.status === 'no-printer' || print.status === 'not-printed';
  $('print-failed').hidden = !failed;
  $('reprint').hidden = !state.session.reprintAvailable || print.status === 'no-printer';
}

async function reprint() {
  try {
    applySession(await kioskApi('POST', '/session/reprint'));
  } catch (e) {
    showProblemText(problemText(e), t('problem.askStaff'));
  }
}

// ---- health card binding --------------------------------------------------------------------------------------

async function bindHealthCard() {
  try {
    applySession(await kioskApi('POST', '/session/health-card-binding'));
  } catch (e) {
    showProblemText(problemText(e), t('problem.askStaff'));
  }
}

// ---- problems, scanned tickets --------------------------------------------------------------------------------

const MANUAL_HELPS = new Set(['card-unreadable', 'card-expired', 'reader-offline']);

function showProblem(code) {
  showProblemText(t(`problem.${code}`), t(`problem.${code}.next`), MANUAL_HELPS.has(code) && hasFeature('manualEntry'));
}

function showProblemText(text, next, offerManual = false) {
  $('problem-text').textContent = text;
  $('problem-next').textContent = next;
  $('problem-manual').hidden = !offerManual;
  $('problem').hidden = false;
  $('problem-ok').focus();
  if (elderMode()) speak(`${text} ${next}`);
}

function problemText(e) {
  if (!(e instanceof ApiError)) return t('problem.generic');
  const known = {
    network: 'problem.network', service_closed: 'problem.serviceClosed', too_early: 'problem.tooEarly',
    session_ended: 'problem.sessionEnded', no_session: 'problem.sessionEnded', reprint_used: 'problem.reprintUsed',
    consent_required: 'problem.consent', invalid_phone: 'register.phoneBad', card_required: 'problem.cardRequired',
    bind_refused: 'problem.bindRefused', too_many_attempts: 'problem.tooManyAttempts',
  };
  return t(known[e.code] ?? 'problem.generic');
}

function showScannedTicket(ticket) {
  $('scanned-number').textContent = ticket.number;
  $('scanned-service').textContent = localName(ticket);
  $('scanned-status').textContent = ticket.status === 'waiting'
    ? t('ticket.ahead', { n: ticket.peopleAhead, minutes: ticket.estimatedWaitMinutes })
    : t(`ticketStatus.${ticket.status}`);
  $('scanned-ticket').hidden = false;
  $('scanned-ok').focus();
  if (elderMode()) speak(`${ticket.number} ${$('scanned-status').textContent}`);
}

// ---- ending, inactivity ---------------------------------------------------------------------------------------

/** Forgets everything personal in the page: DOM, entries, state. The kiosk token is not personal data. */
function wipe() {
  state.session = null;
  state.lastTarget = null;
  state.intent = 'ticket';
  state.declared = null;
  state.manual = '';
  state.phone = '';
  state.bindDeclined = false;
  state.ticketKeys.clear();
  $('consent').checked = false;
  document.querySelectorAll('[data-personal]').forEach((el) => { el.textContent = ''; });
  for (const id of ['ticket-number', 'ticket-service', 'ticket-room', 'ticket-ahead', 'ticket-timing', 'ticket-priority',
    'print-status', 'manual-entry', 'phone-entry', 'scanned-number', 'scanned-service', 'scanned-status']) {
    $(id).textContent = '';
  }
  $('ticket-qr').removeAttribute('src');
  $('service-tiles').replaceChildren();
  $('appointment-list').replaceChildren();
  bp.wipeBp();
  lab.wipeLab();
  for (const id of ['problem', 'scanned-ticket', 'countdown']) $(id).hidden = true;
  sessionStorage.clear();
  if ('speechSynthesis' in window) speechSynthesis.cancel();
}

function goHomeLocally(startedAt) {
  wipe();
  setElderMode(false);
  if (language() !== 'zh-CN') switchLanguage('zh-CN');
  show('home', startedAt);
}

async function goHome(event) {
  const startedAt = event?.timeStamp ?? performance.now();
  const hadSession = state.session !== null;
  goHomeLocally(startedAt);
  if (hadSession) {
    try {
      await kioskApi('DELETE', '/session');
    } catch (e) {
      // the server wipes the session on its own after the inactivity time
    }
  }
}

function touched() {
  state.lastTouch = performance.now();
  if (state.session && state.lastTouch - state.lastPing > ACTIVITY_PING_MS) {
    state.lastPing = state.lastTouch;
    kioskApi('POST', '/session/activity').catch(() => {});
  }
}

function checkIdle() {
  if (!state.kiosk) return;
  const inUse = state.session !== null || !['home', 'pair', 'maintenance'].includes(state.screen);
  const countdown = $('countdown');
  if (!inUse) {
    countdown.hidden = true;
    return;
  }
  const idleSeconds = (performance.now() - state.lastTouch) / 1000;
  const { warnAfterSeconds, homeAfterSeconds } = state.kiosk;
  if (idleSeconds >= homeAfterSeconds) {
    goHome();
  } else if (idleSeconds >= warnAfterSeconds) {
    const wasHidden = countdown.hidden;
    $('countdown-text').textContent = t('countdown.text', { n: Math.ceil(homeAfterSeconds - idleSeconds) });
    countdown.hidden = false;
    if (wasHidden) {
      $('countdown-continue').focus();
      if (elderMode()) speak($('countdown-text').textContent);
    }
  } else {
    countdown.hidden = true;
  }
}

// ---- elder mode, speech, language -----------------------------------------------------------------------------

function elderMode() {
  return document.documentElement.dataset.elder === 'true';
}

function setElderMode(on) {
  document.documentElement.dataset.elder = String(on);
  $('toggle-elder').setAttribute('aria-pressed', String(on));
  $('read-aloud').hidden = !on;
  if (!on && 'speechSynthesis' in window) speechSynthesis.cancel();
}

function speak(text) {
  if (!('speechSynthesis' in window) || !text) return;
  speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = language() === 'en' ? 'en-US' : 'zh-CN';
  utterance.rate = 0.9;
  speechSynthesis.speak(utterance);
}

/** What a screen says: its heading, lead, status lines and the ticket; masked personal values are not read out. */
function speakScreen() {
  const screen = document.querySelector(`#screen-${state.screen}`);
  if (!screen) return;
  const parts = [...screen.querySelectorAll('h1, .lead, .hint, .status, .ticket-number, .ticket-service, #ticket-room, #ticket-ahead, .print-status, .tile-title')]
    .filter((el) => !el.closest('[hidden]') && !el.hasAttribute('data-personal') && el.textContent.trim())
    .map((el) => el.textContent.trim());
  speak(parts.join('。'));
}

async function switchLanguage(next) {
  await loadLanguage('/kiosk', next);
  document.title = t('page.title');
  $('toggle-language').lang = next === 'en' ? 'zh-CN' : 'en';
  if (state.screen) render(state.screen);
}

// ---- pairing, API, stream -------------------------------------------------------------------------------------

function readPairing() {
  const match = location.hash.match(/^#pair=([A-Za-z0-9_-]{1,32}):([^&]{16,200})$/);
  if (match) {
    localStorage.setItem(PAIRING_KEY, JSON.stringify({ kioskId: match[1], token: decodeURIComponent(match[2]) }));
    history.replaceState(null, '', location.pathname); // the token leaves the address bar and the history
  }
  try {
    return JSON.parse(localStorage.getItem(PAIRING_KEY) ?? 'null');
  } catch (e) {
    return null;
  }
}

function kioskApi(method, path, body, headers) {
  return api(method, `/api/kiosks/${encodeURIComponent(state.pairing.kioskId)}${path}`, body, headers);
}

function hasFeature(name) {
  return state.kiosk?.features.includes(name) ?? false;
}

function hasDevice(kind) {
  return state.kiosk?.devices.includes(kind) ?? false;
}

/** What the BP and lab screens (bp.js, lab.js) use of this app. */
const helpers = {
  api: kioskApi,
  rawApi: api,
  show,
  screen: () => state.screen,
  session: () => state.session,
  intent: () => state.intent,
  setIntent: (intent) => { state.intent = intent; },
  keepAlive: () => { state.lastTouch = performance.now(); },
  problem: (e) => showProblemText(problemText(e), t('problem.askStaff')),
  problemText,
  hasFeature,
  hasDevice,
  buildKeypad,
  speak: (text) => { if (elderMode()) speak(text); },
  speakScreen: () => { if (elderMode()) speakScreen(); },
};

function openStream() {
  state.stream?.close();
  state.stream = openHeaderStream(`/api/kiosks/${encodeURIComponent(state.pairing.kioskId)}/stream`,
    { 'X-Kiosk-Token': state.pairing.token }, {
      snapshot: (data) => {
        for (const [kind, device] of Object.entries(data.devices ?? {})) {
          state.devices[kind] = device.status;
          state.deviceReasons[kind] = device.reason;
        }
        showLinkState();
        applyMaintenance(data.maintenance);
        refreshSession(); // after a reconnect the session may have moved on or ended
      },
      device: (data) => {
        if (data.type === 'scan') lab.onScan(data);
        if (data.type !== 'state') return;
        state.devices[data.kind] = data.status;
        state.deviceReasons[data.kind] = data.reason;
        showLinkState();
        if (state.screen === 'identify') renderIdentify();
      },
      maintenance: (data) => applyMaintenance(data),
      session: (data) => applySession(data.session),
      problem: (data) => { if (!lab.takesProblem(data.problem)) showProblem(data.problem); },
      'ticket-status': (data) => showScannedTicket(data.ticket),
      'bp-reading': (data) => bp.onBpReading(data),
      'bp-error': (data) => bp.onBpError(data),
      'lab-print-failed': (data) => lab.onPrintFailed(data),
    });
}

/**
 * Out of service (the admin console's maintenance mode): the resident in front of the kiosk is sent home with the
 * admin's message, and the kiosk takes nothing until it is back in service.
 */
function applyMaintenance(maintenance) {
  const enabled = Boolean(maintenance?.enabled);
  if (enabled) {
    const hadSession = state.session !== null;
    wipe();
    $('maintenance-message').textContent = maintenance.message || t('maintenance.default');
    show('maintenance');
    if (hadSession) kioskApi('DELETE', '/session').catch(() => {});
  } else if (state.screen === 'maintenance') {
    show('home');
  }
}

/**
 * In a clustered clinic the devices run on this kiosk's own PC; when the server loses it, every device reports the
 * same plain reason, which the page shows instead of leaving the resident to wonder why the card reader is silent.
 */
function showLinkState() {
  const reasons = Object.values(state.deviceReasons).filter((r) => typeof r === 'string' && r.includes('unreachable'));
  $('link-lost').hidden = reasons.length === 0;
}

async function refreshSession() {
  try {
    const description = await kioskApi('GET', '/session');
    applySession(description.session);
  } catch (e) {
    // the stream retries; the next event brings the state
  }
}

async function pair() {
  setHeader('X-Kiosk-Token', state.pairing.token);
  try {
    const description = await kioskApi('GET', '/session');
    state.kiosk = description.kiosk;
    $('clinic-name').textContent = state.kiosk.clinicName;
    document.querySelectorAll('[data-feature]').forEach((el) => { el.hidden = !hasFeature(el.dataset.feature); });
    $('tile-bp').hidden = !bp.bpAvailable();
    setUpDemo(state.kiosk.simulatedDevices);
    openStream();
    show('home');
    applySession(description.session);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 404)) {
      localStorage.removeItem(PAIRING_KEY);
      state.pairing = null;
      show('pair');
      $('pair-error').textContent = t('pair.refused');
    } else {
      setTimeout(pair, 3000);
    }
  }
}

// ---- demo panel (simulated devices only) ----------------------------------------------------------------------

function setUpDemo(simulated) {
  if (!simulated.length) return;
  $('demo').hidden = false;
  const simulate = (kind, behaviour, args = {}) => kioskApi('POST', '/simulate', { kind, behaviour, args })
    .then(() => { $('demo-error').textContent = ''; })
    .catch((e) => { $('demo-error').textContent = e.message; });
  const can = (kind) => simulated.includes(kind);
  document.querySelectorAll('#demo .demo-row').forEach((row) => { row.hidden = false; });
  $('demo-present').closest('.demo-row').hidden = !can('idCardReader');
  $('demo-scan-go').closest('.demo-row').hidden = !can('scanner');
  document.querySelector('[data-printer]').closest('.demo-row').hidden = !can('printer');
  $('demo-present').addEventListener('click', async () => {
    await simulate('idCardReader', 'remove-card');
    await simulate('idCardReader', 'present-card', { index: $('demo-card').value });
  });
  $('demo-remove').addEventListener('click', () => simulate('idCardReader', 'remove-card'));
  $('demo-scan-go').addEventListener('click', () => simulate('scanner', 'scan', { text: $('demo-scan').value }));
  document.querySelectorAll('[data-printer]').forEach((b) => b.addEventListener('click', () => simulate('printer', b.dataset.printer)));
  bp.setUpBpDemo(simulated, simulate);
}

// ---- wiring ---------------------------------------------------------------------------------------------------

function wire() {
  document.addEventListener('pointerdown', touched, true);
  document.addEventListener('keydown', touched, true);
  setInterval(checkIdle, 250);

  $('tile-ticket').addEventListener('click', (e) => startFlow('ticket', e));
  $('tile-checkin').addEventListener('click', (e) => startFlow('checkIn', e));
  $('tile-bp').addEventListener('click', (e) => startFlow('bp', e));
  $('tile-lab').addEventListener('click', (e) => startFlow('lab', e));
  $('go-manual').addEventListener('click', (e) => { state.manual = ''; show('manual', e.timeStamp); });
  $('problem-manual').addEventListener('click', (e) => {
    $('problem').hidden = true;
    state.manual = '';
    show('manual', e.timeStamp);
  });
  $('problem-ok').addEventListener('click', () => { $('problem').hidden = true; });
  $('scanned-ok').addEventListener('click', () => { $('scanned-ticket').hidden = true; });
  $('countdown-continue').addEventListener('click', () => { $('countdown').hidden = true; });
  document.querySelectorAll('[data-action="home"], [data-action="done"]').forEach((b) => b.addEventListener('click', goHome));
  buildKeypad($('manual-keypad'), typeManual);
  buildKeypad($('phone-keypad'), typePhone);
  bp.initBp(helpers);
  lab.initLab(helpers);
  $('manual-submit').addEventListener('click', submitManual);
  $('consent').addEventListener('change', renderRegister);
  $('register-submit').addEventListener('click', submitRegistration);
  $('services-appointment').addEventListener('click', (e) => {
    state.intent = 'checkIn';
    state.lastTarget = 'appointments';
    show('appointments', e.timeStamp);
  });
  $('appointments-to-services').addEventListener('click', (e) => {
    state.intent = 'ticket';
    state.lastTarget = 'services';
    show('services', e.timeStamp);
  });
  document.querySelectorAll('[data-priority]').forEach((b) => b.addEventListener('click', () => {
    state.declared = state.declared === b.dataset.priority ? null : b.dataset.priority;
    document.querySelectorAll('[data-priority]').forEach((x) => {
      x.setAttribute('aria-pressed', String(x.dataset.priority === state.declared));
    });
  }));
  $('reprint').addEventListener('click', reprint);
  $('bind-yes').addEventListener('click', bindHealthCard);
  $('bind-no').addEventListener('click', () => { state.bindDeclined = true; $('bind-offer').hidden = true; });
  $('toggle-elder').addEventListener('click', () => {
    setElderMode(!elderMode());
    if (elderMode()) speakScreen();
  });
  $('read-aloud').addEventListener('click', speakScreen);
  $('toggle-language').addEventListener('click', () => switchLanguage(language() === 'en' ? 'zh-CN' : 'en'));
  $('pair-form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.pairing = { kioskId: $('pair-kiosk').value.trim(), token: $('pair-token').value };
    localStorage.setItem(PAIRING_KEY, JSON.stringify(state.pairing));
    $('pair-token').value = '';
    pair();
  });
}

async function main() {
  await loadLanguage('/kiosk', 'zh-CN');
  document.title = t('page.title');
  translate(document);
  wire();
  state.pairing = readPairing();
  if (state.pairing) pair();
  else show('pair');
}

main();
