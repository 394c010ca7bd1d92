// The clinic admin console: login (admin role), then services, rooms, staff, kiosks, queue rules, appointment slots
// and statistics,
// all through /api/admin/. Every change goes to the server, which validates it; its refusal is shown in plain words
// next to the form, and nothing typed is lost.
import { api, ApiError, setHeader } from '/common/api.js';
import { loadLanguage, language, t, translate } from '/common/i18n.js';
import { explain, formValues, localName, node, number, say } from './util.js';
import { initStats, showStats, refreshStatsLanguage } from './stats.js';
import { initSlots, showSlots } from './slots.js';

const $ = (selector) => document.querySelector(selector);
const SCREENS = ['stats', 'services', 'rooms', 'staff', 'kiosks', 'rules', 'slots'];
const KIOSK_REFRESH_MS = 5000;

let kioskTimer = null;
let services = [];

/** API calls of a logged-in admin: a lost session brings the login form back. */
export async function call(method, path, body) {
  try {
    return await api(method, path, body);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) showLogin();
    throw e;
  }
}

function toast(text) {
  const target = $('#toast');
  target.textContent = text;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { target.textContent = ''; }, 6000);
}

// ---- session ------------------------------------------------------------------------------------------------

function only(id) {
  for (const section of ['login', 'refused', 'console']) $(`#${section}`).hidden = section !== id;
  $('#logout').hidden = id !== 'console';
}

function showLogin() {
  stopKioskRefresh();
  setHeader('X-CSRF-Token', null);
  $('#who').textContent = '';
  only('login');
  $('#login-username').focus();
}

function enter(session) {
  setHeader('X-CSRF-Token', session.csrfToken);
  $('#who').textContent = t('login.as', { user: session.displayName || session.username });
  if (session.role !== 'admin') {
    $('#refused-text').textContent = t('refused.text', { user: session.username, role: t(`role.${session.role}`) });
    only('refused');
    return;
  }
  only('console');
  route();
}

async function login(event) {
  event.preventDefault();
  const message = $('#login-message');
  say(message, '');
  try {
    const session = await api('POST', '/api/session/login', {
      username: $('#login-username').value.trim(), password: $('#login-password').value });
    $('#login-password').value = '';
    enter(session);
  } catch (e) {
    say(message, explain(e));
  }
}

async function logout() {
  try {
    await api('POST', '/api/session/logout');
  } finally {
    showLogin();
  }
}

// ---- navigation ---------------------------------------------------------------------------------------------

function route() {
  const wanted = location.hash.slice(1);
  const screen = SCREENS.includes(wanted) ? wanted : 'stats';
  for (const name of SCREENS) $(`#screen-${name}`).hidden = name !== screen;
  document.querySelectorAll('.tabs a').forEach((a) => {
    if (a.getAttribute('href') === `#${screen}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  stopKioskRefresh();
  const loaders = { stats: showStats, services: loadServices, rooms: loadRooms, staff: loadStaff,
    kiosks: startKioskRefresh, rules: loadRules, slots: showSlots };
  loaders[screen]().catch(() => {});
}

// ---- services -------------------------------------------------------------------------------------------------

async function loadServices() {
  services = await call('GET', '/api/admin/services');
  const body = $('#services-table tbody');
  body.replaceChildren(...services.map((s) => node('tr', {},
    node('td', { text: s.id }),
    node('td', { text: localName(s) }),
    node('td', { text: s.prefix }),
    node('td', { text: `${s.opens}–${s.closes}` }),
    node('td', { text: s.open ? t('services.openYes') : t('services.closedNow') }),
    node('td', { text: number(s.avgServiceMinutes, 1) }),
    node('td', {}, node('button', { type: 'button', class: 'small', id: `service-edit-${s.id}`,
      'aria-label': t('common.editNamed', { name: localName(s) }), text: t('common.edit'),
      dataset: { edit: s.id } })))));
}

function editService(id) {
  const s = services.find((x) => x.id === id);
  const form = $('#service-form');
  form.dataset.editing = id;
  $('#service-form-title').textContent = t('services.editing', { name: localName(s) });
  $('#service-id').value = s.id;
  $('#service-id').disabled = true;
  $('#service-name').value = s.name;
  $('#service-name-en').value = s.nameEn ?? '';
  $('#service-prefix').value = s.prefix;
  $('#service-opens').value = s.opens;
  $('#service-closes').value = s.closes;
  $('#service-avg').value = s.avgServiceMinutes;
  $('#service-open').checked = s.open;
  $('#service-name').focus();
}

function resetServiceForm() {
  const form = $('#service-form');
  form.reset();
  delete form.dataset.editing;
  $('#service-id').disabled = false;
  $('#service-form-title').textContent = t('services.new');
  say(form.querySelector('.message'), '');
}

async function saveService(event) {
  event.preventDefault();
  const form = event.target;
  const values = formValues(form);
  const editing = form.dataset.editing;
  try {
    if (editing) await call('PUT', `/api/admin/services/${encodeURIComponent(editing)}`, values);
    else await call('POST', '/api/admin/services', values);
    toast(t('saved.service', { name: values.name }));
    resetServiceForm();
    await loadServices();
  } catch (e) {
    say(form.querySelector('.message'), explain(e));
  }
}

// ---- rooms ----------------------------------------------------------------------------------------------------

let rooms = [];

async function loadRooms() {
  [services, rooms] = await Promise.all([call('GET', '/api/admin/services'), call('GET', '/api/admin/rooms')]);
  const serviceName = (id) => localName(services.find((s) => s.id === id) ?? { name: id });
  $('#rooms-table tbody').replaceChildren(...rooms.map((r) => node('tr', {},
    node('td', { text: r.id }),
    node('td', { text: localName(r) }),
    node('td', { text: r.services.map(serviceName).join('、') || t('rooms.none') }),
    node('td', { text: r.paused ? t('rooms.paused') : t('rooms.working') }),
    node('td', {}, node('button', { type: 'button', class: 'small', id: `room-edit-${r.id}`,
      'aria-label': t('common.editNamed', { name: localName(r) }), text: t('common.edit'),
      dataset: { edit: r.id } })))));
  const checks = $('#room-services');
  const chosen = new Set([...checks.querySelectorAll('input:checked')].map((i) => i.value));
  checks.replaceChildren(...services.map((s) => node('div', { class: 'check' },
    node('input', { type: 'checkbox', id: `room-service-${s.id}`, value: s.id, checked: chosen.has(s.id) }),
    node('label', { for: `room-service-${s.id}`, text: `${localName(s)} (${s.prefix})` }))));
}

function editRoom(id) {
  const r = rooms.find((x) => x.id === id);
  const form = $('#room-form');
  form.dataset.editing = id;
  $('#room-form-title').textContent = t('rooms.editing', { name: localName(r) });
  $('#room-id').value = r.id;
  $('#room-id').disabled = true;
  $('#room-name').value = r.name;
  $('#room-name-en').value = r.nameEn ?? '';
  for (const input of $('#room-services').querySelectorAll('input')) input.checked = r.services.includes(input.value);
  $('#room-name').focus();
}

function resetRoomForm() {
  const form = $('#room-form');
  form.reset();
  delete form.dataset.editing;
  $('#room-id').disabled = false;
  $('#room-form-title').textContent = t('rooms.new');
  say(form.querySelector('.message'), '');
}

async function saveRoom(event) {
  event.preventDefault();
  const form = event.target;
  const values = formValues(form);
  values.services = [...$('#room-services').querySelectorAll('input:checked')].map((i) => i.value);
  const editing = form.dataset.editing;
  try {
    if (editing) await call('PUT', `/api/admin/rooms/${encodeURIComponent(editing)}`, values);
    else await call('POST', '/api/admin/rooms', values);
    toast(t('saved.room', { name: values.name }));
    resetRoomForm();
    await loadRooms();
  } catch (e) {
    say(form.querySelector('.message'), explain(e));
  }
}

// ---- staff ----------------------------------------------------------------------------------------------------

let staff = [];

async function loadStaff() {
  staff = await call('GET', '/api/admin/staff');
  $('#staff-table tbody').replaceChildren(...staff.map((a) => node('tr', { class: a.disabled ? 'muted' : null },
    node('td', { text: a.username }),
    node('td', { text: a.displayName ?? '' }),
    node('td', { text: t(`role.${a.role}`) }),
    node('td', { text: a.disabled ? t('staff.isDisabled') : t('staff.isActive') }),
    node('td', { class: 'actions' },
      node('button', { type: 'button', class: 'small', id: `staff-edit-${a.id}`, dataset: { edit: a.id },
        'aria-label': t('common.editNamed', { name: a.username }), text: t('common.edit') }),
      node('button', { type: 'button', class: 'small secondary', id: `staff-password-${a.id}`,
        dataset: { password: a.id }, 'aria-label': t('staff.resetNamed', { name: a.username }),
        text: t('staff.reset') })))));
}

function setStaffMode(editing) {
  const form = $('#staff-form');
  form.querySelectorAll('[data-create-only]').forEach((e) => { e.hidden = editing; });
  form.querySelectorAll('[data-edit-only]').forEach((e) => { e.hidden = !editing; });
  $('#staff-username').disabled = editing;
}

function editStaff(id) {
  const a = staff.find((x) => String(x.id) === String(id));
  const form = $('#staff-form');
  form.dataset.editing = a.id;
  setStaffMode(true);
  $('#staff-form-title').textContent = t('staff.editing', { name: a.username });
  $('#staff-username').value = a.username;
  $('#staff-display').value = a.displayName ?? '';
  $('#staff-role').value = a.role;
  $('#staff-disabled').checked = a.disabled;
  $('#staff-display').focus();
}

function resetStaffForm() {
  const form = $('#staff-form');
  form.reset();
  delete form.dataset.editing;
  setStaffMode(false);
  $('#staff-form-title').textContent = t('staff.new');
  say(form.querySelector('.message'), '');
}

async function saveStaff(event) {
  event.preventDefault();
  const form = event.target;
  const values = formValues(form);
  const editing = form.dataset.editing;
  if (editing) values.displayName = $('#staff-display').value.trim(); // an emptied name is cleared, not kept
  try {
    if (editing) await call('PUT', `/api/admin/staff/${editing}`, values);
    else await call('POST', '/api/admin/staff', values);
    toast(t('saved.staff', { name: values.username ?? $('#staff-username').value }));
    resetStaffForm();
    await loadStaff();
  } catch (e) {
    say(form.querySelector('.message'), explain(e));
  }
}

function openPasswordForm(id) {
  const a = staff.find((x) => String(x.id) === String(id));
  const form = $('#password-form');
  form.dataset.staffId = a.id;
  form.dataset.username = a.username;
  $('#password-form-title').textContent = t('staff.resetNamed', { name: a.username });
  say(form.querySelector('.message'), '');
  form.hidden = false;
  $('#new-password').focus();
}

async function savePassword(event) {
  event.preventDefault();
  const form = event.target;
  try {
    await call('POST', `/api/admin/staff/${form.dataset.staffId}/password`, { password: $('#new-password').value });
    toast(t('saved.password', { name: form.dataset.username }));
    form.reset();
    form.hidden = true;
  } catch (e) {
    say(form.querySelector('.message'), explain(e));
  }
}

// ---- kiosks ---------------------------------------------------------------------------------------------------

let kiosks = [];

function stopKioskRefresh() {
  clearTimeout(kioskTimer);
  kioskTimer = null;
}

async function startKioskRefresh() {
  stopKioskRefresh();
  try {
    await loadKiosks();
  } finally {
    if (!$('#screen-kiosks').hidden) kioskTimer = setTimeout(startKioskRefresh, KIOSK_REFRESH_MS);
  }
}

function deviceList(devices) {
  const entries = Object.entries(devices ?? {});
  if (!entries.length) return node('span', { text: t('kiosks.noDevices') });
  return node('ul', { class: 'devices' }, ...entries.map(([kind, state]) => {
    const kindKey = `device.${kind}`;
    const kindName = t(kindKey) !== kindKey ? t(kindKey) : kind;
    const statusKey = `deviceStatus.${state.status}`;
    const status = t(statusKey) !== statusKey ? t(statusKey) : state.status;
    return node('li', { class: `device ${state.status}` },
      `${kindName}: ${status}${state.reason ? ` (${state.reason})` : ''}`);
  }));
}

async function loadKiosks() {
  kiosks = await call('GET', '/api/admin/kiosks');
  const focused = document.activeElement?.id;
  $('#kiosks-table tbody').replaceChildren(...kiosks.map((k) => node('tr', {},
    node('td', { text: k.id }),
    node('td', { text: k.name ?? '' }),
    node('td', {}, deviceList(k.devices)),
    node('td', { class: k.maintenance.enabled ? 'warning' : null, text: k.maintenance.enabled
      ? t('kiosks.inMaintenance', { message: k.maintenance.message ?? '' }) : t('kiosks.inService') }),
    node('td', { class: 'actions' },
      node('button', { type: 'button', class: 'small', id: `kiosk-rotate-${k.id}`, dataset: { rotate: k.id },
        'aria-label': t('kiosks.rotateNamed', { id: k.id }), text: t('kiosks.rotate') }),
      node('button', { type: 'button', class: 'small secondary', id: `kiosk-maintenance-${k.id}`,
        dataset: { maintenance: k.id }, 'aria-label': t('kiosks.maintenanceNamed', { id: k.id }),
        text: t('kiosks.maintenanceButton') })))));
  if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
}

/** Rotating cuts the kiosk off until its new token is entered there, so the first click only asks to confirm. */
async function rotate(button) {
  const id = button.dataset.rotate;
  if (button.dataset.confirming !== 'yes') {
    stopKioskRefresh();
    button.dataset.confirming = 'yes';
    button.textContent = t('kiosks.confirmRotate');
    button.classList.add('danger');
    return;
  }
  try {
    const { token } = await call('POST', `/api/admin/kiosks/${encodeURIComponent(id)}/token`);
    $('#token-kiosk').textContent = t('kiosks.tokenFor', { id });
    $('#token-value').textContent = token;
    $('#token-box').hidden = false;
    $('#token-close').focus();
  } catch (e) {
    toast(explain(e));
  }
  startKioskRefresh();
}

function openMaintenance(id) {
  const k = kiosks.find((x) => x.id === id);
  const form = $('#maintenance-form');
  form.dataset.kiosk = id;
  $('#maintenance-form-title').textContent = t('kiosks.maintenanceNamed', { id });
  $('#maintenance-enabled').checked = k.maintenance.enabled;
  $('#maintenance-message').value = k.maintenance.message ?? '';
  say(form.querySelector('.message'), '');
  form.hidden = false;
  $('#maintenance-enabled').focus();
}

async function saveMaintenance(event) {
  event.preventDefault();
  const form = event.target;
  const body = { enabled: $('#maintenance-enabled').checked };
  const message = $('#maintenance-message').value.trim();
  if (message) body.message = message;
  try {
    await call('PUT', `/api/admin/kiosks/${encodeURIComponent(form.dataset.kiosk)}/maintenance`, body);
    toast(t(body.enabled ? 'saved.maintenanceOn' : 'saved.maintenanceOff', { id: form.dataset.kiosk }));
    form.hidden = true;
    await loadKiosks();
  } catch (e) {
    say(form.querySelector('.message'), explain(e));
  }
}

// ---- queue rules ----------------------------------------------------------------------------------------------

async function loadRules() {
  const rules = await call('GET', '/api/admin/queue-rules');
  for (const [key, value] of Object.entries(rules)) {
    const input = document.getElementById(`rule-${key}`);
    if (input) input.value = value;
  }
}

async function saveRules(event) {
  event.preventDefault();
  const form = event.target;
  say(form.querySelector('.message'), '');
  try {
    await call('PUT', '/api/admin/queue-rules', formValues(form));
    toast(t('saved.rules'));
    await loadRules();
  } catch (e) {
    say(form.querySelector('.message'), explain(e));
  }
}

// ---- start ----------------------------------------------------------------------------------------------------

function onTableClick(selector, handlers) {
  $(selector).addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    for (const [key, handler] of Object.entries(handlers)) {
      if (button.dataset[key] !== undefined) handler(button.dataset[key], button);
    }
  });
}

async function switchLanguage() {
  const next = language() === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem('admin.language', next);
  await loadLanguage('/admin', next);
  refreshStatsLanguage();
  if (!$('#console').hidden) route();
}

async function start() {
  await loadLanguage('/admin', localStorage.getItem('admin.language') ?? 'zh-CN');
  translate(document);
  $('#login-form').addEventListener('submit', login);
  $('#logout').addEventListener('click', logout);
  $('#refused-logout').addEventListener('click', logout);
  $('#language').addEventListener('click', switchLanguage);
  $('#service-form').addEventListener('submit', saveService);
  $('#service-form [data-action=reset]').addEventListener('click', resetServiceForm);
  $('#room-form').addEventListener('submit', saveRoom);
  $('#room-form [data-action=reset]').addEventListener('click', resetRoomForm);
  $('#staff-form').addEventListener('submit', saveStaff);
  $('#staff-form [data-action=reset]').addEventListener('click', resetStaffForm);
  $('#password-form').addEventListener('submit', savePassword);
  $('#password-form [data-action=close]').addEventListener('click', () => { $('#password-form').hidden = true; });
  $('#maintenance-form').addEventListener('submit', saveMaintenance);
  $('#maintenance-form [data-action=close]').addEventListener('click', () => { $('#maintenance-form').hidden = true; });
  $('#token-close').addEventListener('click', () => {
    $('#token-value').textContent = '';
    $('#token-box').hidden = true;
  });
  $('#rules-form').addEventListener('submit', saveRules);
  onTableClick('#services-table', { edit: editService });
  onTableClick('#rooms-table', { edit: editRoom });
  onTableClick('#staff-table', { edit: editStaff, password: openPasswordForm });
  onTableClick('#kiosks-table', { rotate: (id, button) => rotate(button), maintenance: openMaintenance });
  window.addEventListener('hashchange', () => { if (!$('#console').hidden) route(); });
  initStats(call);
  initSlots(call);
  try {
    enter(await api('GET', '/api/session'));
  } catch (e) {
    showLogin();
  }
  document.body.dataset.ready = 'true';
}

start();
