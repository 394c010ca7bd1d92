// The lab-report screens (报告打印, issue 7): the resident is identified by card or QR (the kiosk's own
// identification), or by the barcode on the specimen receipt confirmed with the birth date; then the list of final
// reports, unprinted first, each printed with one touch. The list carries no result values: they go on paper only.

import { ApiError } from '/common/api.js';
import { t } from '/common/i18n.js';

const BARCODE_MAX = 32;
const SCAN_PROBLEM_WINDOW_MS = 3000; // the server calls a specimen barcode "code-unknown"; that is ours to handle
const $ = (id) => document.getElementById(id);

let kiosk; // helpers of the kiosk app

const lab = {
  barcode: '',
  birth: '',
  residentId: null,
  loadedFor: null,        // the session (or 'lookup') whose reports are shown
  greeting: '',
  reports: [],
  outcomes: new Map(),    // report id → {text, bad}
  loading: false,
  problem: '',            // why the list could not be loaded
  busy: false,
  lastSpecimenScan: 0,
};

export function labAvailable() {
  return kiosk.hasFeature('labReports');
}

export function isLabScreen(name) {
  return name.startsWith('lab-');
}

export function wipeLab() {
  Object.assign(lab, { barcode: '', birth: '', residentId: null, loadedFor: null, greeting: '', reports: [],
    loading: false, problem: '', busy: false });
  lab.outcomes.clear();
  for (const id of ['lab-barcode-entry', 'lab-birth-entry', 'lab-barcode-hint', 'lab-birth-hint',
    'lab-reports-greeting', 'lab-reports-status']) {
    $(id).textContent = '';
  }
  $('lab-list').replaceChildren();
}

export function renderLab(name) {
  switch (name) {
    case 'lab-barcode': renderBarcode(); break;
    case 'lab-birth': renderBirth(); break;
    case 'lab-reports': renderReports(); break;
    default: break;
  }
}

// ---- the specimen-receipt path ------------------------------------------------------------------------------------

export function startBarcode(startedAt) {
  lab.barcode = '';
  lab.birth = '';
  kiosk.show('lab-barcode', startedAt);
}

function renderBarcode() {
  $('lab-barcode-entry').textContent = lab.barcode;
  const hint = $('lab-barcode-hint');
  if (!hint.classList.contains('bad')) hint.textContent = t('lab.barcode.hint');
  $('lab-barcode-next').disabled = lab.barcode.length < 4;
}

function typeBarcode(key) {
  const hint = $('lab-barcode-hint');
  hint.className = 'hint';
  if (key === 'back') lab.barcode = lab.barcode.slice(0, -1);
  else if (key === 'clear') lab.barcode = '';
  else if (lab.barcode.length < BARCODE_MAX) lab.barcode += key;
  renderBarcode();
}

/** A specimen barcode from the kiosk's scanner: on the lab screens, or on the home screen to start this flow. */
export function onScan(event) {
  if (event.category !== 'labSpecimen' || !labAvailable()) return;
  const screen = kiosk.screen();
  const here = screen === 'lab-barcode' || screen === 'lab-birth' || (kiosk.intent() === 'lab' && screen === 'identify');
  if (!here && !(screen === 'home' && !kiosk.session())) return;
  lab.lastSpecimenScan = performance.now();
  lab.barcode = String(event.value ?? event.text ?? '').slice(0, BARCODE_MAX);
  lab.birth = '';
  kiosk.setIntent('lab');
  $('lab-birth-hint').className = 'hint';
  kiosk.show('lab-birth');
}

/** Whether a problem the server raised is the specimen barcode just scanned, which these screens take. */
export function takesProblem(code) {
  return code === 'code-unknown' && performance.now() - lab.lastSpecimenScan < SCAN_PROBLEM_WINDOW_MS;
}

function birthDate() {
  const b = lab.birth;
  return `${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6, 8)}`;
}

/** 'incomplete', 'bad' (no such day, or in the future) or 'ok'. */
function checkBirth() {
  if (lab.birth.length < 8) return 'incomplete';
  const year = Number(lab.birth.slice(0, 4));
  const month = Number(lab.birth.slice(4, 6));
  const date = Number(lab.birth.slice(6, 8));
  const d = new Date(Date.UTC(year, month - 1, date));
  const real = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === date;
  return real && year >= 1880 && d.getTime() <= Date.now() ? 'ok' : 'bad';
}

function renderBirth() {
  const b = lab.birth;
  $('lab-birth-entry').textContent = [b.slice(0, 4), b.slice(4, 6), b.slice(6, 8)].filter((p) => p).join(' - ');
  const hint = $('lab-birth-hint');
  const check = checkBirth();
  if (!hint.classList.contains('bad') || check === 'bad') {
    hint.className = check === 'bad' ? 'hint bad' : 'hint';
    hint.textContent = t(check === 'bad' ? 'lab.birth.bad' : 'lab.birth.hint', { barcode: lab.barcode });
  }
  $('lab-birth-submit').disabled = check !== 'ok' || lab.busy;
}

function typeBirth(key) {
  $('lab-birth-hint').className = 'hint';
  if (key === 'back') lab.birth = lab.birth.slice(0, -1);
  else if (key === 'clear') lab.birth = '';
  else if (lab.birth.length < 8) lab.birth += key;
  renderBirth();
}

async function lookUp(event) {
  if (checkBirth() !== 'ok' || lab.busy) return;
  lab.busy = true;
  renderBirth();
  try {
    const found = await kiosk.rawApi('POST', '/api/lab/lookup', { specimenBarcode: lab.barcode, birthDate: birthDate() });
    lab.birth = '';
    lab.barcode = '';
    lab.residentId = found.residentId;
    lab.greeting = found.resident?.nameMasked ?? '';
    lab.reports = found.reports ?? [];
    lab.loadedFor = kiosk.session()?.sessionId ?? 'lookup';
    lab.problem = '';
    kiosk.show('lab-reports', event.timeStamp);
  } catch (e) {
    const hint = $('lab-birth-hint');
    hint.className = 'hint bad';
    hint.textContent = e instanceof ApiError && e.status === 404 ? t('lab.birth.notFound') : kiosk.problemText(e);
  } finally {
    lab.busy = false;
    const screen = kiosk.screen();
    if (isLabScreen(screen)) renderLab(screen);
  }
}

// ---- the reports ------------------------------------------------------------------------------------------------

/** After card or QR identification (or the session the lookup opened): this resident's reports. */
export function startReports(startedAt) {
  kiosk.show('lab-reports', startedAt);
}

async function loadForSession(view) {
  const residentId = view.resident?.id ?? lab.residentId;
  lab.loadedFor = view.sessionId;
  lab.reports = [];
  lab.greeting = view.resident?.nameMasked ?? '';
  lab.problem = residentId == null ? t('lab.reports.unavailable') : '';
  if (residentId == null) {
    renderReports();
    return;
  }
  lab.loading = true;
  renderReports();
  try {
    const list = await kiosk.rawApi('GET', `/api/lab/residents/${encodeURIComponent(residentId)}/reports`);
    if (kiosk.session()?.sessionId !== view.sessionId) return; // another resident in the meantime
    lab.residentId = list.residentId;
    lab.reports = list.reports ?? [];
  } catch (e) {
    lab.problem = kiosk.problemText(e);
  } finally {
    lab.loading = false;
    if (kiosk.screen() === 'lab-reports') renderReports();
  }
}

function renderReports() {
  const view = kiosk.session();
  if (view?.resident && view.sessionId !== lab.loadedFor && lab.loadedFor !== 'lookup') {
    loadForSession(view);
    return;
  }
  if (view?.sessionId && lab.loadedFor === 'lookup') lab.loadedFor = view.sessionId; // the lookup opened it
  $('lab-reports-greeting').textContent = lab.greeting ? t('lab.reports.greeting', { name: lab.greeting }) : '';
  let status = lab.problem;
  if (lab.loading) status = t('lab.reports.loading');
  else if (lab.reports.length) status = t('lab.reports.count', { n: lab.reports.length });
  $('lab-reports-status').textContent = status;
  $('lab-reports-empty').hidden = lab.loading || lab.reports.length > 0 || lab.residentId == null;
  $('lab-list').replaceChildren(...lab.reports.map(reportItem));
}

function when(iso) {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '';
}

function reportItem(report) {
  const item = document.createElement('li');
  item.className = report.printed ? 'lab-report' : 'lab-report unprinted';
  item.dataset.report = report.id;
  const text = document.createElement('div');
  const name = document.createElement('p');
  name.className = 'lab-test';
  name.textContent = report.testName || report.testCode;
  const details = document.createElement('p');
  details.textContent = t('lab.reports.reported', { time: when(report.reportedAt), barcode: report.specimenBarcode });
  const status = document.createElement('p');
  status.className = 'strong';
  let statusText = report.printed ? t('lab.reports.printed', { n: report.printsLeft }) : t('lab.reports.new');
  if (report.status === 'corrected') statusText += ` ${t('lab.reports.corrected')}`;
  status.textContent = statusText;
  text.append(name, details, status);
  const outcome = document.createElement('p');
  outcome.setAttribute('role', 'status');
  const known = lab.outcomes.get(report.id);
  outcome.className = known?.bad ? 'lab-outcome bad' : 'lab-outcome';
  outcome.textContent = known?.text ?? '';
  text.append(outcome);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = report.printed ? 'secondary' : 'primary';
  button.textContent = t(report.printsLeft > 0 ? (report.printed ? 'lab.reports.reprint' : 'lab.reports.print')
    : 'lab.reports.noPrintsLeft');
  button.disabled = report.printsLeft <= 0 || lab.busy;
  button.addEventListener('click', () => print(report));
  item.append(text, button);
  return item;
}

async function print(report) {
  if (lab.busy) return;
  lab.busy = true;
  lab.outcomes.set(report.id, { text: t('lab.print.printing'), bad: false });
  renderReports();
  try {
    const printed = await kiosk.rawApi('POST', `/api/lab/reports/${report.id}/print`, {});
    report.printed = true;
    report.printsLeft = printed.printsLeft;
    const key = printed.printer === 'slip' ? 'lab.print.slipDone' : 'lab.print.done';
    lab.outcomes.set(report.id, { text: t(key), bad: false });
  } catch (e) {
    lab.outcomes.set(report.id, { text: printProblem(e), bad: true });
    if (e instanceof ApiError && e.code === 'reprint_limit') report.printsLeft = 0;
  } finally {
    lab.busy = false;
    if (kiosk.screen() === 'lab-reports') renderReports();
  }
  kiosk.speak(lab.outcomes.get(report.id).text);
}

function printProblem(e) {
  if (!(e instanceof ApiError)) return t('lab.print.failed');
  if (e.code === 'reprint_limit') return t('lab.print.limit');
  if (e.code === 'report_not_current') return t('lab.print.notCurrent');
  if (e.code === 'print_failed' || e.code === 'printer_unavailable') {
    return /paper/i.test(e.message) ? t('lab.print.paperOut') : t('lab.print.failed');
  }
  return kiosk.problemText(e);
}

/** A print that failed after the answer (the kiosk stream's lab-print-failed): the outcome is corrected. */
export function onPrintFailed(event) {
  const report = lab.reports.find((r) => r.id === event.reportId);
  if (!report) return;
  lab.outcomes.set(report.id, { text: t('lab.print.failed'), bad: true });
  if (kiosk.screen() === 'lab-reports') renderReports();
}

// ---- wiring -------------------------------------------------------------------------------------------------------

export function initLab(helpers) {
  kiosk = helpers;
  helpers.buildKeypad($('lab-barcode-keypad'), typeBarcode);
  helpers.buildKeypad($('lab-birth-keypad'), typeBirth);
  $('lab-barcode-next').addEventListener('click', (e) => {
    if (lab.barcode.length < 4) return;
    $('lab-birth-hint').className = 'hint';
    kiosk.show('lab-birth', e.timeStamp);
  });
  $('lab-birth-back').addEventListener('click', (e) => kiosk.show('lab-barcode', e.timeStamp));
  $('lab-birth-submit').addEventListener('click', lookUp);
  $('go-lab-barcode').addEventListener('click', (e) => startBarcode(e.timeStamp));
}
