// The worker's web console: reads the token (from the address' fragment or the form), follows the worker's status
// by server-sent events, and sends changes with the token in a header. No framework, no build step.
'use strict';

const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem('console-token') || '';
let events = null;
let fields = [];
let saved = {};
let maintenance = false;
let paused = false;
let lastState = '';

function takeTokenFromAddress() {
  const match = location.hash.match(/token=([0-9a-fA-F]+)/);
  if (match) {
    token = match[1];
    sessionStorage.setItem('console-token', token);
    // Out of the address bar (and of screenshots and bookmarks) once read.
    history.replaceState(null, '', location.pathname);
  }
}

async function call(method, path, body) {
  const init = { method, headers: { 'X-Console-Token': token } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const answer = await response.json().catch(() => ({ message: 'HTTP ' + response.status }));
  if (response.status === 401) {
    askForToken('That token is not this worker\'s console token.');
  }
  if (!response.ok) {
    throw new Error(answer.message || ('HTTP ' + response.status));
  }
  return answer;
}

function askForToken(problem) {
  if (events) { events.close(); events = null; }
  sessionStorage.removeItem('console-token');
  $('console').hidden = true;
  $('token-section').hidden = false;
  $('token-error').textContent = problem || '';
  setState('locked');
  $('token').focus();
}

async function connect() {
  try {
    const settings = await call('GET', '/api/settings');
    $('token-section').hidden = true;
    $('console').hidden = false;
    showSettings(settings);
    follow();
  } catch (e) {
    if (!$('token-section').hidden) { return; }
    setState('lost');
    $('control-message').textContent = 'The console does not answer: ' + e.message;
  }
}

function follow() {
  events = new EventSource('/api/events?token=' + encodeURIComponent(token));
  events.addEventListener('status', (e) => showStatus(JSON.parse(e.data)));
  events.onerror = () => {
    if (lastState === 'stopping' || lastState === 'stopped') {
      events.close();
      setState('stopped');
      $('control-message').textContent = 'The worker has stopped.';
      disableControls();
    } else {
      setState('lost');
    }
  };
}

function setState(state) {
  const badge = $('state');
  badge.className = 'badge ' + state;
  badge.textContent = state;
}

function text(value, fallback) {
  return value === null || value === undefined || value === '' ? (fallback || '–') : String(value);
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) { return '–'; }
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return (h ? h + ' h ' : '') + (h || m ? m + ' min ' : '') + s + ' s';
}

function showStatus(s) {
  lastState = s.state;
  setState(s.state);
  document.title = s.name + ' · ' + s.state + ' · worker console';
  $('worker-name').textContent = s.name;
  $('worker-what').textContent = (s.type === 'interrogation' ? 'Interrogation worker' : 'Image worker')
    + ' · ' + s.backend + ' · ' + s.horde_url;
  $('done-label').textContent = s.unit === 'forms' ? 'Forms done' : 'Images done';
  $('s-done').textContent = s.done;
  $('s-in-hand').textContent = s.in_hand + ' / ' + s.in_hand_limit;
  $('speed-box').hidden = s.speed_mps === undefined;
  $('s-speed').textContent = s.speed_mps === undefined ? '–' : s.speed_mps.toFixed(2) + ' MPS/s';
  $('s-kudos').textContent = s.kudos_earned.toFixed(2);
  $('s-faulted').textContent = s.faulted + ' / ' + s.dropped;
  $('s-uptime').textContent = duration(s.uptime_seconds);
  $('s-current').textContent = s.current.length ? s.current.join(', ') : (s.state === 'paused' ? 'popping paused' : 'waiting for work');
  $('s-answer').textContent = text(s.last_horde_answer, 'no pop yet');
  $('s-trouble').hidden = !s.horde_trouble;
  $('s-trouble').textContent = s.horde_trouble || '';
  const list = $('s-events');
  const items = s.events.slice().reverse();
  if (list.dataset.shown !== items.join('\n')) {
    list.dataset.shown = items.join('\n');
    list.replaceChildren(...items.map((line) => { const li = document.createElement('li'); li.textContent = line; return li; }));
  }
  paused = s.state === 'paused';
  $('popping').textContent = paused ? 'Resume popping' : 'Pause popping';
  $('popping').setAttribute('aria-pressed', String(paused));
  if (s.state === 'stopping' || s.state === 'stopped') { disableControls(); }
  if (s.state === 'stopped') {
    $('control-message').textContent = 'The worker has stopped: ' + s.done + ' ' + s.unit + ' delivered.';
  }
  showHorde(s.horde || {});
}

function showHorde(h) {
  const user = h.user || {};
  const worker = h.worker;
  $('h-user').textContent = text(user.username);
  $('h-kudos').textContent = user.kudos === undefined ? '–' : user.kudos.toFixed(2);
  $('h-trusted').textContent = user.trusted === undefined ? '–' : (user.trusted ? 'yes' : 'no');
  $('h-workers').textContent = text(user.worker_count);
  const fulfilled = user.fulfillments || {};
  $('h-contributions').textContent = user.contributions
    ? (fulfilled.image || 0) + ' images, ' + (fulfilled.interrogation || 0) + ' forms'
    : '–';
  if (worker) {
    maintenance = worker.maintenance_mode === true;
    $('h-online').textContent = worker.online ? 'yes' : 'no';
    $('h-maintenance').textContent = maintenance ? 'on' : 'off';
    $('h-threads').textContent = text(worker.threads);
    $('h-uptime').textContent = duration(worker.uptime);
    $('h-fulfilled').textContent = text(worker.requests_fulfilled);
  } else {
    $('h-online').textContent = worker === null ? 'not registered yet' : '–';
  }
  $('maintenance').textContent = 'Maintenance: ' + (maintenance ? 'on' : 'off');
  $('maintenance').setAttribute('aria-pressed', String(maintenance));
  $('h-refreshed').textContent = (h.refreshed_at ? 'Asked the horde at ' + new Date(h.refreshed_at).toLocaleTimeString() : '')
    + (h.problem ? ' · ' + h.problem : '');
}

function disableControls() {
  for (const id of ['maintenance', 'popping', 'stop']) { $(id).disabled = true; }
  for (const input of $('settings-form').querySelectorAll('input, button')) { input.disabled = true; }
}

function showSettings(view) {
  fields = view.fields;
  saved = view.values;
  $('settings-file').textContent = view.file ? 'Saved to ' + view.file + '.' : 'Not saved: the worker was started without --settings.';
  const box = $('settings-fields');
  box.replaceChildren(...fields.map((f) => {
    const wrap = document.createElement('div');
    wrap.className = 'field' + (f.kind === 'flag' ? ' flag' : '');
    const label = document.createElement('label');
    label.htmlFor = 'set-' + f.key;
    label.textContent = f.label;
    const input = document.createElement('input');
    input.id = 'set-' + f.key;
    input.name = f.key;
    const value = saved[f.key];
    if (f.kind === 'flag') {
      input.type = 'checkbox';
      input.checked = value === true;
    } else if (f.kind === 'list') {
      input.type = 'text';
      input.value = value.join(', ');
    } else {
      input.type = 'number';
      input.step = f.kind === 'whole' ? '1' : 'any';
      if (f.min !== undefined) { input.min = f.min; }
      if (f.max !== undefined) { input.max = f.max; }
      input.value = value;
    }
    wrap.append(label, input);
    return wrap;
  }));
}

function changedSettings() {
  const changes = {};
  for (const f of fields) {
    const input = $('set-' + f.key);
    let value;
    if (f.kind === 'flag') {
      value = input.checked;
    } else if (f.kind === 'list') {
      value = input.value.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
    } else {
      value = input.value.trim() === '' ? NaN : Number(input.value);
      if (Number.isNaN(value)) { throw new Error(f.label + ': a number is needed'); }
    }
    if (JSON.stringify(value) !== JSON.stringify(saved[f.key])) { changes[f.key] = value; }
  }
  return changes;
}

async function saveSettings(event) {
  event.preventDefault();
  const message = $('settings-message');
  try {
    const changes = changedSettings();
    if (Object.keys(changes).length === 0) {
      message.textContent = 'Nothing changed.';
      return;
    }
    const view = await call('PUT', '/api/settings', changes);
    showSettings(view);
    message.className = '';
    message.textContent = 'Saved: ' + Object.keys(changes).join(', ') + '. Applied from the next pop.';
  } catch (e) {
    message.className = 'error';
    message.textContent = 'Not saved: ' + e.message;
  }
}

async function control(button, method, path, body, done) {
  const message = $('control-message');
  button.disabled = true;
  try {
    const answer = await call(method, path, body);
    message.className = '';
    message.textContent = done;
    return answer;
  } catch (e) {
    message.className = 'error';
    message.textContent = e.message;
    return null;
  } finally {
    if (lastState !== 'stopping' && lastState !== 'stopped') { button.disabled = false; }
  }
}

document.addEventListener('DOMContentLoaded', () => {
  takeTokenFromAddress();
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    token = $('token').value.trim();
    sessionStorage.setItem('console-token', token);
    connect();
  });
  $('settings-form').addEventListener('submit', saveSettings);
  $('maintenance').addEventListener('click', async () => {
    const on = !maintenance;
    const answer = await control($('maintenance'), 'POST', '/api/maintenance', { maintenance: on },
      'Maintenance ' + (on ? 'on' : 'off') + ': the horde confirmed.');
    if (answer) { showHorde(answer); }
  });
  $('popping').addEventListener('click', () => control($('popping'), 'POST', '/api/popping', { paused: !paused },
    paused ? 'Popping resumed.' : 'Popping paused: the work in hand goes on.'));
  $('stop').addEventListener('click', () => {
    if (!window.confirm('Stop the worker? It finishes and submits what it holds, then ends.')) { return; }
    control($('stop'), 'POST', '/api/stop', {}, 'Stopping: finishing the work in hand.');
  });
  if (token) { connect(); } else { askForToken(''); }
});
