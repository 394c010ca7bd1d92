// The lobby display: the current call per room in very large type, the last calls, waiting counts, a clock and the
// clinic's health-education line, live from GET /api/display/stream. Each call is shown and announced once: call
// ids are database event ids, always increasing, so anything at or below the last id seen is a repeat and is
// ignored, and a snapshot after a gap announces exactly the calls newer than that id. The last id is also kept in
// localStorage, so a reloaded page neither repeats nor misses calls.
//
// Open /display/?lang=en for English screens and announcements.

import { loadLanguage, t } from '/common/i18n.js';
import { Announcer } from './announcer.js';
import { openDisplayStream } from './stream.js';

const $ = (id) => document.getElementById(id);
const LAST_SEEN_KEY = 'clinicKiosk.display.lastEventId';
const RECENT = 8;
const FRESH_MS = 10000;

const language = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh-CN';
const state = {
  rooms: [],
  current: new Map(),
  recent: [],
  lastSeen: storedLastSeen(),
  fresh: new Map(),
};
const announcer = new Announcer(language);

function storedLastSeen() {
  const value = Number(localStorage.getItem(LAST_SEEN_KEY));
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

function setLastSeen(id) {
  state.lastSeen = id;
  localStorage.setItem(LAST_SEEN_KEY, String(id));
}

const english = language === 'en';
const roomLabel = (roomId, call) => {
  const room = state.rooms.find((r) => r.id === roomId);
  if (room) return english && room.nameEn ? room.nameEn : room.name;
  return english && call?.roomNameEn ? call.roomNameEn : call?.roomName ?? roomId;
};

// ---- events ----------------------------------------------------------------------------------------------------

function onSnapshot(snapshot) {
  applySettings(snapshot.settings);
  state.current = new Map(Object.entries(snapshot.currentByRoom));
  state.recent = snapshot.recentCalls.slice(0, RECENT);
  renderServices(snapshot.services);
  const known = state.lastSeen;
  // A database newer than what this page remembers (ids went backwards) means a fresh start: nothing was missed.
  if (known != null && known <= snapshot.lastEventId) {
    snapshot.recentCalls.filter((call) => call.eventId > known).reverse().forEach((call) => {
      markFresh(call.roomId);
      announcer.announce(call);
    });
  }
  setLastSeen(snapshot.lastEventId);
  loadRooms().then(render);
}

function onCall(call) {
  if (state.lastSeen != null && call.eventId <= state.lastSeen) return; // shown and announced already
  setLastSeen(call.eventId);
  state.current.set(call.roomId, call);
  state.recent = [call, ...state.recent].slice(0, RECENT);
  markFresh(call.roomId);
  render();
  announcer.announce(call);
}

function markFresh(roomId) {
  clearTimeout(state.fresh.get(roomId));
  state.fresh.set(roomId, setTimeout(() => {
    state.fresh.delete(roomId);
    render();
  }, FRESH_MS));
}

function applySettings(settings) {
  if (!settings) return;
  $('clinic-name').textContent = settings.clinicName ?? t('title');
  $('message').textContent = settings.message ?? '';
}

// ---- rendering -------------------------------------------------------------------------------------------------

function render() {
  const list = $('rooms');
  const ids = state.rooms.map((r) => r.id);
  for (const roomId of state.current.keys()) if (!ids.includes(roomId)) ids.push(roomId);
  list.classList.toggle('many', ids.length > 4);
  list.replaceChildren(...ids.map((roomId) => {
    const call = state.current.get(roomId);
    const card = document.createElement('li');
    card.className = 'room-card';
    card.dataset.room = roomId;
    if (state.fresh.has(roomId)) card.classList.add('fresh');
    const name = document.createElement('p');
    name.className = 'room-name';
    name.textContent = roomLabel(roomId, call);
    const number = document.createElement('p');
    number.className = 'room-number';
    number.textContent = call?.number ?? t('room.idle');
    card.append(name, number);
    if (call?.maskedName) {
      const person = document.createElement('p');
      person.className = 'room-person';
      person.textContent = call.maskedName;
      card.append(person);
    }
    return card;
  }));

  const recent = $('recent');
  if (state.recent.length === 0) {
    const none = document.createElement('li');
    none.textContent = t('recent.none');
    recent.replaceChildren(none);
  } else {
    recent.replaceChildren(...state.recent.map((call) => {
      const item = document.createElement('li');
      item.dataset.event = call.eventId;
      item.textContent = t('call.to', { number: call.number, room: roomLabel(call.roomId, call) });
      if (call.recallCount > 0) {
        const again = document.createElement('span');
        again.className = 'again';
        again.textContent = t('call.recall');
        item.append(' ', again);
      }
      return item;
    }));
    showWholeLinesOnly(recent);
  }
}

/** Drops the oldest calls that do not fit whole: a line cut in half helps nobody read it from across the lobby. */
function showWholeLinesOnly(list) {
  const box = list.parentElement;
  const bottom = box.getBoundingClientRect().bottom - parseFloat(getComputedStyle(box).paddingBottom);
  while (list.children.length > 1 && list.lastElementChild.getBoundingClientRect().bottom > bottom + 0.5) {
    list.lastElementChild.remove();
  }
}

function renderServices(services) {
  $('waiting').replaceChildren(...services.map((service) => {
    const item = document.createElement('li');
    item.dataset.service = service.serviceId;
    const name = document.createElement('span');
    name.textContent = english && service.nameEn ? service.nameEn : service.name;
    const count = document.createElement('strong');
    count.textContent = t('waiting.count', { count: service.waiting });
    item.append(name, count);
    return item;
  }));
}

function tickClock() {
  const now = new Date();
  $('clock').textContent = now.toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit', hour12: false });
  $('clock').dateTime = now.toISOString();
  $('date').textContent = now.toLocaleDateString(language, { month: 'long', day: 'numeric', weekday: 'long' });
}

function connectionStatus(status) {
  $('connection').hidden = status === 'open';
  $('connection').textContent = status === 'open' ? '' : t('connection.reconnecting');
  document.body.dataset.connection = status;
}

/** Room names for the cards; a display that starts before the server keeps trying. */
async function loadRooms() {
  try {
    const response = await fetch('/api/rooms', { cache: 'no-store' });
    if (response.ok) state.rooms = await response.json();
  } catch (error) {
    // keep the rooms we have; the next snapshot tries again
  }
}

// ---- start -----------------------------------------------------------------------------------------------------

async function start() {
  await loadLanguage('/display', language);
  tickClock();
  setInterval(tickClock, 1000);
  await loadRooms();
  render();
  window.addEventListener('resize', render);
  if (!(await announcer.soundAllowed())) {
    $('sound-gate').hidden = false;
    $('enable-sound').focus();
  }
  $('enable-sound').addEventListener('click', () => {
    $('sound-gate').hidden = true;
    announcer.enable();
  });
  openDisplayStream('/api/display/stream', {
    snapshot: onSnapshot,
    call: onCall,
    services: (event) => renderServices(event.services),
    settings: applySettings,
  }, connectionStatus);
}

start();
