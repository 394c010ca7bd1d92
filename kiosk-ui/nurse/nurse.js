// The nurse station: log in, choose a room, work its live list. Every action goes to the server, and the page shows
// what the server decided (the ticket it called, a repeated click, a refusal with its reason). The list itself only
// ever comes from the room's event stream, so two nurses on the same room always see the same thing.

import { api, ApiError, setHeader } from '/common/api.js';
import { openEventSource } from '/common/events.js';
import { loadLanguage, t } from '/common/i18n.js';
import { AlertSound } from './sound.js';

const $ = (id) => document.getElementById(id);
const ROOM_KEY = 'clinicKiosk.nurse.room';

const state = {
  account: null,
  rooms: [],
  services: new Map(),
  roomId: null,
  list: null,
  stream: null,
  busy: false,
  alerts: new Map(),
  acknowledgedAlerts: new Set(), // ids acknowledged while this page was open
  panelFor: null,
};
const sound = new AlertSound((sounding, beeps) => {
  $('alerts').dataset.sounding = String(sounding);
  $('alerts').dataset.beeps = String(beeps);
});

// ---- views -----------------------------------------------------------------------------------------------------

function show(view) {
  for (const id of ['login-view', 'room-view', 'station-view']) $(id).hidden = id !== view;
  $('logout').hidden = view === 'login-view';
}

function showLogin(message = '') {
  closeStream();
  state.account = null;
  setHeader('X-CSRF-Token', null);
  clearAlerts();
  $('who').textContent = '';
  $('login-message').textContent = message;
  $('username').value = ''; // a shared desk: the next person logs in as themselves
  $('password').value = '';
  show('login-view');
  $('username').focus();
}

function say(text) {
  $('decision').textContent = text;
}

/** A refusal shows the server's own reason; an expired session goes back to the login. */
function refused(error) {
  if (error instanceof ApiError && error.status === 401) {
    showLogin(t('login.expired'));
  } else if (error instanceof ApiError && error.status === 0) {
    say(t('decision.network'));
  } else {
    say(t('decision.refused', { message: error.message }));
  }
}

// ---- login -----------------------------------------------------------------------------------------------------

async function loggedIn(session) {
  state.account = session;
  setHeader('X-CSRF-Token', session.csrfToken);
  $('who').textContent = session.displayName
    ? t('who', { name: session.displayName, username: session.username }) : session.username;
  [state.rooms] = await Promise.all([api('GET', '/api/rooms'), loadServices()]);
  const remembered = localStorage.getItem(ROOM_KEY);
  if (remembered && state.rooms.some((r) => r.id === remembered)) openRoom(remembered);
  else showRooms(remembered ? t('room.missing', { room: remembered }) : '');
}

async function loadServices() {
  const services = await api('GET', '/api/services');
  state.services = new Map(services.map((s) => [s.id, s]));
}

function serviceName(id) {
  const service = state.services.get(id);
  if (!service) return id;
  return document.documentElement.lang === 'en' && service.nameEn ? service.nameEn : service.name;
}

function roomName(room) {
  return document.documentElement.lang === 'en' && room.nameEn ? room.nameEn : room.name;
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  sound.unlock(); // the click that logs in is the user gesture that lets the alarm sound later
  try {
    const session = await api('POST', '/api/session/login', {
      username: $('username').value, password: $('password').value,
    });
    $('password').value = '';
    await loggedIn(session);
  } catch (error) {
    $('login-message').textContent = t('login.failed', { message: error.message });
  }
});

$('logout').addEventListener('click', async () => {
  localStorage.removeItem(ROOM_KEY);
  try {
    await api('POST', '/api/session/logout');
  } finally {
    showLogin(t('login.loggedOut'));
  }
});

// ---- rooms -----------------------------------------------------------------------------------------------------

function showRooms(message = '') {
  closeStream();
  state.roomId = null;
  const list = $('room-list');
  list.replaceChildren();
  for (const room of state.rooms) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'primary room-choice';
    button.dataset.room = room.id;
    button.textContent = roomName(room);
    const services = document.createElement('span');
    services.className = 'room-services';
    services.textContent = t('room.services', { services: room.services.map(serviceName).join('、') });
    button.append(document.createElement('br'), services);
    button.addEventListener('click', () => openRoom(room.id));
    item.append(button);
    list.append(item);
  }
  say(message);
  show('room-view');
  list.querySelector('button')?.focus();
}

$('change-room').addEventListener('click', () => {
  localStorage.removeItem(ROOM_KEY);
  showRooms();
});

function openRoom(roomId) {
  closeStream();
  state.roomId = roomId;
  state.list = null;
  state.panelFor = null;
  localStorage.setItem(ROOM_KEY, roomId);
  const room = state.rooms.find((r) => r.id === roomId);
  $('room-name').textContent = roomName(room);
  $('current').replaceChildren();
  $('waiting').replaceChildren();
  $('no-shows').replaceChildren();
  $('panel').hidden = true;
  say('');
  show('station-view');
  const handlers = {
    snapshot: receiveList,
    queue: receiveList,
    alert: receiveAlert,
    'alert-ack': receiveAcknowledgement,
  };
  state.stream = openEventSource(`/api/rooms/${encodeURIComponent(roomId)}/stream`, handlers, streamStatus);
}

function closeStream() {
  state.stream?.close();
  state.stream = null;
}

async function streamStatus(status) {
  $('connection').hidden = status === 'open';
  $('connection').textContent = status === 'open' ? '' : t('connection.reconnecting');
  if (status !== 'closed') return;
  // EventSource gives up on an HTTP error: find out whether the session ended or the room went away.
  closeStream();
  try {
    await api('GET', '/api/session');
    state.rooms = await api('GET', '/api/rooms');
    if (state.rooms.some((r) => r.id === state.roomId)) setTimeout(() => state.roomId && openRoom(state.roomId), 2000);
    else showRooms(t('room.missing', { room: state.roomId }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) showLogin(t('login.expired'));
    else setTimeout(() => state.roomId && streamStatus('closed'), 2000);
  }
}

// ---- the live list ---------------------------------------------------------------------------------------------

function receiveList(list) {
  if (list.room.id !== state.roomId) return; // an event of a room this page no longer shows
  state.list = list;
  renderRoom(list.room);
  renderCurrent(list.active);
  renderWaiting(list);
  renderNoShows(list.noShows);
}

function renderRoom(room) {
  $('paused-badge').hidden = !room.paused;
  $('pause').textContent = t(room.paused ? 'room.resume' : 'room.pause');
  $('call-next').disabled = room.paused;
}

/** The ticket the shortcuts act on: the one most recently called to this room. */
function currentTicket() {
  const active = state.list?.active ?? [];
  return active[active.length - 1] ?? null;
}

function button(label, className, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

function renderCurrent(active) {
  const box = $('current');
  box.replaceChildren();
  if (active.length === 0) {
    const none = document.createElement('p');
    none.className = 'muted';
    none.textContent = t('current.none');
    box.append(none);
  }
  for (const ticket of active) {
    const card = document.createElement('article');
    card.className = 'ticket';
    card.dataset.ticket = ticket.id;
    card.dataset.status = ticket.status;
    card.setAttribute('aria-label', t('current.ticketLabel', { number: ticket.number, status: t('status.' + ticket.status) }));
    const number = document.createElement('p');
    number.className = 'ticket-number';
    number.textContent = ticket.number;
    const details = document.createElement('p');
    details.className = 'ticket-details';
    details.textContent = [t('status.' + ticket.status), serviceName(ticket.serviceId), ticket.maskedName,
      ticket.recallCount > 0 ? t('recalls', { count: ticket.recallCount }) : null].filter(Boolean).join(' · ');
    const actions = document.createElement('div');
    actions.className = 'actions';
    if (ticket.status === 'called') {
      actions.append(
        button(t('action.recall'), 'secondary', () => act('recall', ticket)),
        button(t('action.start'), 'primary', () => act('start', ticket)),
        button(t('action.noShow'), 'danger', () => act('no-show', ticket)));
    } else {
      actions.append(button(t('action.finish'), 'primary', () => act('finish', ticket)));
    }
    actions.append(transferControl(ticket));
    card.append(number, details, actions);
    box.append(card);
  }
  const current = currentTicket();
  if (!current) {
    state.panelFor = null;
    $('panel').hidden = true;
  } else if (state.panelFor !== current.id) {
    state.panelFor = current.id;
    loadPanel(current.id);
  }
}

function transferControl(ticket) {
  const wrap = document.createElement('div');
  wrap.className = 'transfer';
  const id = `transfer-${ticket.id}`;
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = t('action.transferTo');
  const select = document.createElement('select');
  select.id = id;
  select.className = 'transfer-select';
  for (const service of state.services.values()) {
    if (service.id === ticket.serviceId) continue;
    const option = document.createElement('option');
    option.value = service.id;
    option.textContent = serviceName(service.id);
    select.append(option);
  }
  const go = button(t('action.transfer'), 'secondary', () => act('transfer', ticket, { serviceId: select.value }));
  go.className = 'secondary transfer-button';
  wrap.append(label, select, go);
  return wrap;
}

function renderWaiting(list) {
  const box = $('waiting');
  const focusedTicket = document.activeElement?.closest?.('tr')?.dataset.ticket;
  box.replaceChildren();
  for (const serviceId of list.room.services) {
    const rows = list.waiting.filter((w) => w.serviceId === serviceId);
    const heading = document.createElement('h3');
    heading.textContent = t('waiting.service', { service: serviceName(serviceId), count: rows.length });
    box.append(heading);
    if (rows.length === 0) {
      const none = document.createElement('p');
      none.className = 'muted';
      none.textContent = t('waiting.none');
      box.append(none);
      continue;
    }
    const table = document.createElement('table');
    table.className = 'waiting-table';
    const head = table.createTHead().insertRow();
    for (const key of ['column.number', 'column.name', 'column.waited', 'column.markers', 'column.action']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = t(key);
      head.append(th);
    }
    const body = table.createTBody();
    for (const ticket of rows) {
      const row = body.insertRow();
      row.dataset.ticket = ticket.id;
      row.insertCell().textContent = ticket.number;
      row.insertCell().textContent = ticket.maskedName ?? '—';
      row.insertCell().textContent = t('waiting.minutes', { minutes: ticket.waitingMinutes });
      row.insertCell().append(...markers(ticket));
      const call = button(t('action.call', { number: ticket.number }), 'secondary call-row',
        () => act('call', ticket, { roomId: state.roomId }));
      row.insertCell().append(call);
    }
    box.append(table);
  }
  if (focusedTicket) box.querySelector(`tr[data-ticket="${focusedTicket}"] button`)?.focus();
}

function markers(ticket) {
  const out = [];
  if (ticket.priority !== 'normal') {
    const badge = document.createElement('span');
    badge.className = 'badge priority';
    badge.textContent = t('priority.' + ticket.priority) + (ticket.priorityDeclared ? t('priority.declared') : '');
    out.push(badge);
  }
  if (ticket.appointment) {
    const badge = document.createElement('span');
    badge.className = 'badge appointment';
    badge.textContent = ticket.slotStart
      ? t('appointment', { time: ticket.slotStart.slice(11, 16) }) : t('appointment.untimed');
    out.push(badge);
  }
  return out;
}

function renderNoShows(noShows) {
  const list = $('no-shows');
  list.replaceChildren();
  if (noShows.length === 0) {
    const none = document.createElement('li');
    none.className = 'muted';
    none.textContent = t('noShows.none');
    list.append(none);
  }
  for (const ticket of noShows) {
    const item = document.createElement('li');
    item.dataset.ticket = ticket.id;
    const text = document.createElement('span');
    text.textContent = `${ticket.number} · ${serviceName(ticket.serviceId)}`;
    item.append(text, button(t('action.requeue', { number: ticket.number }), 'secondary requeue',
      () => act('requeue', ticket)));
    list.append(item);
  }
}

// ---- the called resident's panel (an audited read: fetched once per called ticket) ---------------------------

async function loadPanel(ticketId) {
  let panel;
  try {
    panel = await api('GET', `/api/tickets/${ticketId}/resident-panel`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) showLogin(t('login.expired'));
    return;
  }
  if (state.panelFor !== ticketId) return;
  const body = $('panel-body');
  body.replaceChildren();
  const row = (label, value) => {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    body.append(dt, dd);
  };
  const resident = panel.resident;
  if (!resident) {
    row(t('panel.name'), t('panel.noResident'));
  } else {
    row(t('panel.name'), resident.maskedName);
    row(t('panel.age'), resident.age == null ? t('panel.unknown') : t('panel.ageValue', { age: resident.age }));
    row(t('panel.sex'), t('sex.' + (resident.sex ?? 'U')));
    row(t('panel.groups'), resident.keyGroups.length ? resident.keyGroups.map((g) => t('group.' + g)).join('、') : '—');
  }
  const readings = panel.bloodPressure.readings;
  row(t('panel.bp'), readings.length
    ? readings.map((r) => `${r.systolic}/${r.diastolic}`).join(' · ') : t('panel.bpNone'));
  row(t('panel.trend'), t('trend.' + panel.bloodPressure.trend));
  $('panel').hidden = false;
}

// ---- actions ---------------------------------------------------------------------------------------------------

const ACTIONS = {
  call: (ticket, body) => ['POST', `/api/tickets/${ticket.id}/call`, body],
  recall: (ticket) => ['POST', `/api/tickets/${ticket.id}/recall`],
  start: (ticket) => ['POST', `/api/tickets/${ticket.id}/start`],
  finish: (ticket) => ['POST', `/api/tickets/${ticket.id}/finish`],
  'no-show': (ticket) => ['POST', `/api/tickets/${ticket.id}/no-show`],
  requeue: (ticket) => ['POST', `/api/tickets/${ticket.id}/requeue`],
  transfer: (ticket, body) => ['POST', `/api/tickets/${ticket.id}/transfer`, body],
};

async function act(action, ticket, body) {
  if (state.busy) return;
  state.busy = true;
  try {
    const [method, path, payload] = ACTIONS[action](ticket, body);
    const result = await api(method, path, payload);
    say(decision(action, result));
  } catch (error) {
    refused(error);
  } finally {
    state.busy = false;
  }
}

function decision(action, ticket) {
  const number = ticket.number;
  switch (action) {
    case 'call': return t('decision.called', { number });
    case 'recall': return ticket.status === 'no_show'
      ? t('decision.recallNoShow', { number }) : t('decision.recalled', { number, count: ticket.recallCount });
    case 'start': return t('decision.started', { number });
    case 'finish': return t('decision.finished', { number });
    case 'no-show': return t('decision.noShow', { number });
    case 'requeue': return t('decision.requeued', { number });
    default: return t('decision.transferred', { number, service: serviceName(ticket.serviceId) });
  }
}

async function callNext() {
  if (state.busy || !state.roomId) return;
  state.busy = true;
  try {
    const result = await api('POST', `/api/rooms/${encodeURIComponent(state.roomId)}/call-next`);
    if (!result.ticket) say(t('decision.nobody'));
    else if (result.repeated) say(t('decision.repeated', { number: result.ticket.number }));
    else say(t('decision.called', { number: result.ticket.number }));
  } catch (error) {
    refused(error);
  } finally {
    state.busy = false;
  }
}

async function togglePause() {
  if (state.busy || !state.list) return;
  state.busy = true;
  const pausing = !state.list.room.paused;
  try {
    await api('POST', `/api/rooms/${encodeURIComponent(state.roomId)}/${pausing ? 'pause' : 'resume'}`);
    say(t(pausing ? 'decision.paused' : 'decision.resumed'));
  } catch (error) {
    refused(error);
  } finally {
    state.busy = false;
  }
}

$('call-next').addEventListener('click', callNext);
$('pause').addEventListener('click', togglePause);

// ---- alerts ----------------------------------------------------------------------------------------------------

function receiveAlert(alert) {
  // An acknowledgement can overtake the alert itself (a nurse acknowledged it from another page's snapshot first).
  if (state.alerts.has(alert.alertId) || state.acknowledgedAlerts.has(alert.alertId)) return;
  state.alerts.set(alert.alertId, alert);
  renderAlerts();
}

function receiveAcknowledgement(ack) {
  state.acknowledgedAlerts.add(ack.alertId);
  if (state.acknowledgedAlerts.size > 500) state.acknowledgedAlerts.delete(state.acknowledgedAlerts.values().next().value);
  if (!state.alerts.delete(ack.alertId)) return;
  say(t('decision.alertAcknowledged', { username: ack.acknowledgedBy }));
  renderAlerts();
}

function clearAlerts() {
  state.alerts.clear();
  renderAlerts();
}

function renderAlerts() {
  const list = $('alert-list');
  list.replaceChildren();
  for (const alert of state.alerts.values()) {
    const item = document.createElement('li');
    item.className = 'alert ' + (alert.type === 'bp-crisis' ? 'crisis' : 'notice');
    item.dataset.alert = alert.alertId;
    const typeKey = 'alert.type.' + alert.type;
    const title = document.createElement('strong');
    title.textContent = t(typeKey) === typeKey ? t('alert.type.other') : t(typeKey);
    const text = document.createElement('span');
    const at = new Date(alert.at);
    const time = Number.isNaN(at.getTime()) ? '' : at.toLocaleTimeString(document.documentElement.lang);
    text.textContent = [alert.message, alert.kioskId ? t('alert.kiosk', { kioskId: alert.kioskId }) : null, time]
      .filter(Boolean).join(' · ');
    item.append(title, text, button(t('alerts.ack'), 'primary ack', () => acknowledge(alert.alertId)));
    list.append(item);
  }
  const open = state.alerts.size > 0;
  $('alerts').hidden = !open;
  if (open) sound.start();
  else sound.stop();
  $('alert-sound').hidden = !open || sound.unlocked();
}

$('alert-sound').addEventListener('click', () => {
  sound.unlock();
  renderAlerts();
});

async function acknowledge(alertId) {
  try {
    await api('POST', `/api/alerts/${encodeURIComponent(alertId)}/ack`);
    receiveAcknowledgement({ alertId, acknowledgedBy: state.account.username });
  } catch (error) {
    // Acknowledged by someone else a moment earlier, or no longer open: either way it is not ours to show.
    if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
      state.alerts.delete(alertId);
      renderAlerts();
    }
    refused(error);
  }
}

// ---- keyboard --------------------------------------------------------------------------------------------------

function moveRowFocus(step) {
  const buttons = [...document.querySelectorAll('#waiting .call-row')];
  if (buttons.length === 0) return;
  const index = buttons.indexOf(document.activeElement);
  const next = index < 0 ? 0 : Math.min(buttons.length - 1, Math.max(0, index + step));
  buttons[next].focus();
}

document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.altKey || event.metaKey || $('station-view').hidden) return;
  if (event.target.closest('input, select, textarea')) return;
  const key = event.key.toLowerCase();
  const current = currentTicket();
  const handled = {
    n: () => callNext(),
    p: () => togglePause(),
    r: () => current?.status === 'called' && act('recall', current),
    s: () => current?.status === 'called' && act('start', current),
    f: () => current?.status === 'serving' && act('finish', current),
    x: () => current?.status === 'called' && act('no-show', current),
    t: () => current && document.querySelector(`#transfer-${current.id}`)?.focus(),
    q: () => state.list?.noShows[0] && act('requeue', state.list.noShows[0]),
    a: () => { const first = state.alerts.keys().next(); if (!first.done) acknowledge(first.value); },
    arrowdown: () => moveRowFocus(1),
    arrowup: () => moveRowFocus(-1),
  }[key];
  if (!handled) return;
  event.preventDefault();
  handled();
});

// ---- start -----------------------------------------------------------------------------------------------------

async function start() {
  const language = new URLSearchParams(location.search).get('lang') ?? 'zh-CN';
  await loadLanguage('/nurse', language);
  try {
    await loggedIn(await api('GET', '/api/session'));
  } catch (error) {
    showLogin();
  }
}

start();
