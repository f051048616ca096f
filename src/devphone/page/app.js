// The dev phone page. It holds no menu logic: it starts a call on the server,
// shows and speaks the events the server streams, and answers each prompt
// with the keys the user presses. Plain JavaScript, no build step.
'use strict';

const $ = (id) => document.getElementById(id);
const state = {
  callId: null,
  poll: 0, // which call's event loop is current; an older loop stops when it sees a newer number
  waiting: null, // the <Gather> prompt the call is waiting on, if any
  typed: '',
  cutAt: undefined, // the second into the waiting prompt the first key cut it at, if the voice was reading it then
  cutWhere: null, // where in its text the voice was when a key or a hang-up cut a menu's <Say>: { at, char }, until the transcript marks it
  reading: null, // the sentence the voice is reading now: { utterance, at, text, started, chars }
  lastSpoken: null, // the last sentence handed to the voice, until it has been read (or the voice is stopped)
  ending: null, // the call's `end` event, once the server has sent it, until the voice has read what came before it
  timeout: null, // when the waiting prompt goes on without a key: { due, seconds, timer }
  saidSince: null, // the call's second the IVR began talking since the caller last acted (or a transfer ended)
  saidBefore: [], // the <Say>s of the IVR's latest answer said before its menu (a message), which a hang-up can cut: its `say` events
  promptBegins: 0, // when (performance.now()) the waiting prompt begins on the page's clock, the countdown's (promptBegins())
  line: null, // the line whose map is shown
  path: [], // nodes entered, in order: { node, from, at }
  voices: [],
  lines: null, // the last good list of lines the server gave
  flowError: '', // what is wrong with the flow file now, if anything
  flowSignature: null, // the flow as last seen, to notice edits
  flowVersion: null, // the server's count of good loads of the flow, as last seen
  callVersion: null, // the flow the running call walks (placeCall keeps it to the call's end); null with no call
  mapBehind: false, // a save during the call left the map on the call's flow: redrawn once the call ends
  flowAsked: 0, // how many times the page has asked about the flow; answers are applied in that order
  flowAnswered: 0,
  diagramRequest: 0, // which map request is current; an older answer is dropped
  svg: '', // the map's SVG text as shown, so an unchanged map is not redrawn
  fit: null, // the user's "Fit to width" choice; null until they make one
  placeholderDial: null, // the placeholder destination the call was transferred to, if any
  placing: false, // a call is being placed: Call does nothing until it is
  mapMoved: false, // the user has scrolled the map since the page last centred it: a resize leaves it where they put it
  instantSet: false, // the instant field holds the user's choice (or the "now" given once at load): never filled again
  hungUpTold: false, // the transcript says "You hung up." already for this call
  appNote: '', // the status's word on an error the app logged since the caller last acted (appErrorNote)
  language: null, // the language of the words the IVR said last (a <Say>'s), which the call speaks now
  languageDue: [], // words of the call's language in the transcript (inCallLanguage) that the next <Say> gives its language
};

// ---- set-up ---------------------------------------------------------------

// The flow file is edited while the page is open: the page asks the server about
// it every few seconds and whenever the window regains focus (the user is back
// from the editor), so a fixed file shows without a reload.
const FLOW_POLL_MS = 2000;

/** Asks the server about the flow file and brings the page in line: error banner, lines, map. */
async function refreshFlow({ redrawMap = false } = {}) {
  const asked = ++state.flowAsked;
  const info = await (await fetch('/devphone/flow', { cache: 'no-store' })).json();
  // A slow answer about the file as it was must not undo a newer one (a fix seen at Call, then an older poll's error).
  if (asked < state.flowAnswered) return;
  state.flowAnswered = asked;
  state.flowError = info.error || '';
  showFlowError(state.flowError);
  showRestartNotes(info.restart);
  $('time-zone').textContent = info.timeZone;
  // "Now" is a starting point given once. Never again: a date half typed reads as "" (Chromium), and filling it
  // would replace what the user is typing, so Call would call at now without a word.
  if (!state.instantSet) {
    state.instantSet = true;
    if (!$('at').value) $('at').value = info.now;
  }
  // While the file is broken the last good flow serves: the header must not claim the file as it is now.
  if (info.name) $('flow-name').textContent = `${info.name}: calls run through the simulator and the real webhook code, with ${info.flowFile} ${state.flowError ? 'as it last loaded (see the error below)' : 'as it is now'}.`;
  // A broken file may come with no lines: keep the last good ones, so nothing the user chose is lost while they fix it.
  if (info.lines && info.lines.length > 0) showLines(info.lines, info.defaultLine);
  else if (!state.lines) showLines([], undefined);
  // Everything but the clock and the restart notes describes the flow: when any of it changes, so may the map.
  const { now, restart, ...flow } = info;
  const signature = JSON.stringify(flow);
  const changed = signature !== state.flowSignature;
  state.flowSignature = signature;
  if (changed && !state.callId) {
    if (!state.lines.length && state.flowError) setStatus(NO_LINES_YET);
    else if ($('status').textContent === NO_LINES_YET) setStatus('Ready to call.');
  }
  state.flowVersion = info.version;
  // A save during a call: the call goes on with the flow it began with, so its map does too, and the transcript says why.
  if (state.callId && state.callVersion !== null && info.version !== state.callVersion) {
    if (!state.mapBehind) addEntry({ type: 'flow-note', at: lastAt() }, 'note', SAVED_DURING_CALL);
    state.mapBehind = true;
    return;
  }
  if (changed || redrawMap) loadDiagram(state.callId ? state.line : selectedLineName());
}

const SAVED_DURING_CALL = 'The flow file was saved during this call: this call goes on with the flow it began with (the map shows it), and the next call uses the saved one.';

/** The second of the call the transcript has reached, for a line the page adds there. */
function lastAt() {
  const last = $('transcript').lastElementChild;
  return last ? Number(last.dataset.at) || 0 : 0;
}

const NO_LINES_YET = 'The flow file has a problem (shown above): its lines appear here as soon as it is fixed, no reload needed. Meanwhile you can dial another number.';

/** Fills the line list, keeping the user's choice; rebuilt only when the lines differ, so an open list is not snatched away. */
function showLines(lines, defaultLine) {
  const same = state.lines && JSON.stringify(state.lines) === JSON.stringify(lines);
  state.lines = lines;
  if (same) return;
  const select = $('line');
  const previous = select.value;
  select.innerHTML = '';
  for (const line of lines) select.add(new Option(`${line.name} (${line.number})`, line.number));
  select.add(new Option('another number…', 'other'));
  const wanted = [previous, (lines.find((l) => l.name === defaultLine) || {}).number].find((number) => number && [...select.options].some((o) => o.value === number));
  if (wanted) select.value = wanted;
  $('number-field').hidden = select.value !== 'other';
}

function selectedLineName() {
  const line = (state.lines || []).find((l) => l.number === $('line').value);
  return line ? line.name : null;
}

const OFFLINE = 'Could not reach the server';

function watchFlow() {
  let busy = false;
  const check = (options) => {
    if (busy) return;
    busy = true;
    refreshFlow(options)
      .then(() => { if (!state.callId && $('status').textContent.startsWith(OFFLINE)) setStatus('Ready to call.'); })
      // A status that already says the server is gone (with what to do) stays: this one would only repeat it, less helpfully.
      .catch((err) => { if (!$('status').textContent.startsWith(OFFLINE)) setStatus(`${OFFLINE} (${err.message}); trying again every few seconds.`); })
      .finally(() => { busy = false; });
  };
  setInterval(() => { if (!document.hidden) check(); }, FLOW_POLL_MS);
  window.addEventListener('focus', () => check({ redrawMap: true }));
  document.addEventListener('visibilitychange', () => { if (!document.hidden) check({ redrawMap: true }); });
}

/** The user picked another line: the last call's status and path belong to the old one. */
function onLineChange() {
  $('number-field').hidden = $('line').value !== 'other';
  if (state.callId) return;
  state.path = [];
  setStatus(state.lines.length || !state.flowError ? 'Ready to call.' : NO_LINES_YET);
  highlight();
  loadDiagram(selectedLineName());
}

async function loadDiagram(line) {
  state.line = line;
  const request = ++state.diagramRequest;
  const response = await fetch(`/devphone/diagram.svg${line ? `?line=${encodeURIComponent(line)}` : ''}`, { cache: 'no-store' });
  const text = await response.text();
  if (request !== state.diagramRequest) return; // a later request won
  // A broken flow has no map: the last good one stays, and the banner says what is wrong.
  if (!response.ok) return showFlowError(state.flowError || text);
  if (text === state.svg) return; // unchanged: leave it, and where the user scrolled it, alone
  const box = $('diagram');
  const sameLine = box.dataset.line === String(line);
  const scrolled = { left: box.scrollLeft, top: box.scrollTop };
  state.svg = text;
  box.dataset.line = String(line);
  box.innerHTML = text;
  // Named as the report page names its maps (src/report/reportPage.ts): a screen reader says which line's map it is.
  box.setAttribute('aria-label', `map of the ${line ? `${line} line` : 'menu'}, scrollable`);
  fitMap();
  // An edit to the flow redraws the map in place; another line's map starts where calls start.
  if (sameLine) box.scrollTo(scrolled);
  highlight({ centreStart: !sameLine });
}

/**
 * The banner is an alert: a screen reader says its words whenever they are written, even the same words again, and
 * the flow watch asks every 2 s. Only new words (a new error, or none) are written, so each error is said once.
 */
function showFlowError(message) {
  const text = message || '';
  if ($('flow-error-text').textContent === text) return;
  $('flow-error').hidden = !text;
  $('flow-error-text').textContent = text;
}

/** Says which files saved since the host started it reads only then; written only when the words change, as the banner above. */
function showRestartNotes(notes) {
  const text = (notes || []).join('\n');
  if ($('restart-notes-text').textContent === text) return;
  $('restart-notes').hidden = !text;
  $('restart-notes-text').textContent = text;
}

// ---- placing and ending a call ---------------------------------------------

async function startCall(event) {
  event.preventDefault();
  // A double click, or Enter held down, places one call: the page follows one, and another would run on unseen.
  if (state.placing) return;
  state.placing = true;
  try {
    await placeCall();
  } finally {
    state.placing = false;
  }
}

async function placeCall() {
  $('transcript').innerHTML = '';
  hideLatest();
  state.path = [];
  state.typed = '';
  state.saidSince = null;
  state.saidBefore = [];
  state.placeholderDial = null;
  state.cutWhere = null;
  state.hungUpTold = false;
  state.appNote = '';
  state.language = null;
  state.languageDue = [];
  stopSpeaking();
  // The file as it is now: a fix made a moment ago shows before the call, a break keeps its banner.
  await refreshFlow().catch(() => {});
  const other = $('line').value === 'other';
  const to = other ? $('number').value.trim() : $('line').value;
  if (!to) {
    if (other) return refuse($('number'), 'Type the number to dial first.');
    return setStatus(state.flowError && !state.lines.length ? NO_LINES_YET : 'Type the number to dial first.');
  }
  const otherCaller = $('from').value === 'other';
  const from = otherCaller ? $('from-number').value.trim() : $('from').value;
  if (!from) return refuse($('from-number'), "Type the caller's number first (or anonymous for a withheld one).");
  let response;
  try {
    response = await post('/devphone/calls', { to, from, at: $('at').value, dial: $('dial').value, sms: $('sms').value });
  } catch (err) {
    return setStatus(`Could not reach the server (${err.message}): is npm start running? Start it, then Call.`);
  }
  const body = await response.json();
  if (!response.ok) {
    // The field the server refused (a number typed, the instant), so it can be corrected at once.
    const field = $({ to: 'number', from: 'from-number', at: 'at' }[body.field] || '');
    if (field && field.offsetParent !== null) return refuse(field, body.error);
    return setStatus(body.error);
  }
  state.callId = body.id;
  state.callVersion = body.version ?? null;
  state.mapBehind = false;
  // Saved since the page last asked: the map is brought to the flow this call walks.
  if (state.callVersion !== null && state.callVersion !== state.flowVersion) void refreshFlow({ redrawMap: true }).catch(() => {});
  // Enter in a field of the form, or on Call, placed the call: keys typed from now on are the call's, not the field's,
  // and the next Space or Enter must not act on the form. The keypad takes the focus (setInCall): its name says the
  // keyboard presses keys, Tab reaches its keys, and Space or Enter there do nothing.
  if (document.activeElement && document.activeElement.closest('#dial-form')) $('keypad').focus({ preventScroll: true });
  setInCall(true);
  setStatus('Calling…');
  if (body.flowError) {
    // A server that keeps the last good flow answering places the call with it, and says why the saved file is not used.
    state.flowError = body.flowError;
    showFlowError(body.flowError);
    addEntry({ type: 'flow-note', at: 0 }, 'error', 'The flow file as saved has a problem (shown above): this call uses the last good flow.');
  }
  followEvents(body.id, ++state.poll);
}

/** Long-polls the call's events in order until the call ends (or another call replaces it). */
async function followEvents(id, poll) {
  let after = -1;
  while (state.poll === poll) {
    let batch;
    try {
      const response = await fetch(`/devphone/calls/${id}/events?after=${after}`);
      // The server no longer has the call (it restarted): asking again will not bring it back.
      if (response.status === 404 && state.poll === poll) return lost(await errorOf(response));
      if (!response.ok) throw new Error(await errorOf(response));
      batch = await response.json();
    } catch (err) {
      if (state.poll !== poll) return;
      setStatus(`Lost the call's events (${err.message}); retrying…`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    for (const event of batch.events) if (state.poll === poll) onEvent(event);
    after = batch.next - 1;
    if (batch.ended) return;
  }
}

async function hangUp() {
  if (!state.callId) return;
  if (state.ending) {
    // The voice is still reading the call's last words, but on the server the call is over already (it sent
    // its end): there is nothing left to cut there, so nothing is sent. Stopping the voice tells the end.
    stopSpeaking();
    return;
  }
  const prompt = state.waiting;
  // With no voice reading the prompts, the page's own clock says how far the menu's prompt has got (clockReading).
  const reading = state.reading || (prompt && prompt.verb === 'Gather' && !voiceReads() ? clockReading(prompt) : null);
  const after = hangUpMoment(reading);
  // The <Say> the voice (or the clock) is at, the menu's or the message's before it, is cut where it has got to (keys
  // typed have cut it already).
  if (!state.typed) state.cutWhere = reading && prompt && prompt.verb === 'Gather' && reading.at >= answerBegan(prompt) ? whereRead(reading, prompt) : null;
  // The caller has hung up: nothing more is said for this prompt, not even the silence its timeout would send.
  state.appNote = '';
  stopTimeout();
  stopSpeaking();
  state.waiting = null;
  await send(after === undefined ? { hangup: true } : { hangup: true, after });
}

/**
 * Where in the waiting menu's prompt the caller put the phone down, so the call ends there and not once the
 * whole prompt has played: on a real call a hang-up ends the call at once, whatever is playing
 * (https://www.twilio.com/docs/voice/twiml#twilio-stops-executing-twiml-when-the-call-ends). `reading` is where
 * the voice is, or with no voice where the page's clock is; once the prompt has been said, the hang-up comes after it.
 */
function hangUpMoment(reading) {
  const prompt = state.waiting;
  // Between prompts (a key sent, the next menu not shown yet; a transfer): whatever the IVR asks next is never
  // heard. The server may be waiting at that menu already, so the hang-up says so: its second 0.
  if (!prompt) return 0;
  if (prompt.verb !== 'Gather') return undefined;
  // Keys typed already cut the prompt: the hang-up came no earlier.
  if (state.typed) return state.cutAt;
  if (!reading) return undefined;
  // A sentence said before the answer that asks the menu (a transfer's words) is behind the simulator, which waits
  // at the menu: the earliest it can end the call is that answer's. A message said in it, before the menu, is cut
  // where the caller hung up: the moment is then before the prompt (below 0), and the server's clock goes back there.
  if (reading.at < answerBegan(prompt)) return 0;
  return cutMoment(prompt, reading);
}

/** The second the answer asking the waiting menu began to speak: its message before the menu, if it said one, else the menu's prompt. */
function answerBegan(prompt) {
  return state.saidBefore.length > 0 ? state.saidBefore[0].at : prompt.startedAt;
}

/**
 * Gives the running call the caller's action. A server that cannot be reached
 * or no longer has the call (it stopped or restarted) ends it here, saying
 * why, so the page is never left waiting on a call that is gone.
 */
async function send(action) {
  const call = state.callId;
  let response;
  try {
    response = await post(`/devphone/calls/${call}/input`, action);
  } catch (err) {
    if (state.callId !== call) return; // a call already replaced by the next one: its troubles are not the page's any more
    return lost(`Could not reach the server (${err.message}): the call is lost. Start npm start again if it stopped, then Call.`);
  }
  if (state.callId !== call) return;
  if (response.status === 404) return lost(await errorOf(response));
  if (!response.ok && response.status !== 204) setStatus(await errorOf(response));
}

/** Ends the call on the page, for a reason on the server's side. */
function lost(message) {
  callOver();
  setStatus(message);
}

/** What the server said went wrong, or its status when it said nothing readable. */
function errorOf(response) {
  return response.json().then((body) => body.error, () => `The server answered ${response.status}.`);
}

function callOver() {
  stopTimeout();
  showAsked([]);
  state.poll++;
  state.callId = null;
  state.callVersion = null;
  state.waiting = null;
  setInCall(false);
  highlight(); // the path stays lit, but no node is "where the call is" any more
  // The flow was saved during the call: the map shows it now, for the next call.
  if (state.mapBehind) {
    state.mapBehind = false;
    loadDiagram(selectedLineName());
  }
}

function setInCall(inCall) {
  // The prompt's box keeps its room from Call to the end (style.css, .in-call .asked): the keypad stays put between menus.
  document.body.classList.toggle('in-call', inCall);
  // As on a phone, Call dials only when no call runs: no press (a Space meant for the call) drops a running call and
  // wipes its transcript unsaid. Hang up (or Esc) comes first, and says what it does.
  if (inCall) {
    $('hangup').disabled = false;
    disable($('call'), $('keypad'));
    $('silence').disabled = false;
  } else {
    $('call').disabled = false;
    // Stay silent can take the focus for the whole call (silenceOff says why); after it, the focus goes to Call.
    disable($('hangup'), $('call'));
    disable($('silence'), $('call'));
  }
  silenceOff();
}

/**
 * Disables a control. A disabled control loses the focus to the page's start, where a keyboard or screen-reader
 * user has to find their way back from (WCAG 2.4.3): if it has the focus, the focus goes to `next` first.
 */
function disable(control, next) {
  if (document.activeElement === control) next.focus();
  control.disabled = true;
}

/**
 * Nothing waits for the caller's silence (it is on its way, or the IVR is answering): Stay silent is off, but keeps
 * the focus, marked aria-disabled rather than disabled, and a press meanwhile does nothing (silence: nothing waits).
 * A disabled button would drop the focus to the page's start (WCAG 2.4.3), and moved anywhere else, to a key, the
 * next Enter of a user who means to stay silent again (the only way on with "Wait for my key") would press that key.
 */
function silenceOff() {
  $('silence').setAttribute('aria-disabled', 'true');
}

/** A prompt waits: Stay silent sends the silence (or the keys typed) again. */
function silenceOn() {
  $('silence').removeAttribute('aria-disabled');
}

// ---- what the call does ----------------------------------------------------

function onEvent(event) {
  switch (event.type) {
    case 'call':
      if (event.line !== state.line) loadDiagram(event.line);
      addEntry(event, 'call', `Calling ${event.to} (${event.line} line) from ${event.from}, at ${formatInstant(event.instant)} (${event.timeZone}).`);
      // A number typed under "another number": the app answers any number it does not know as its default line, as deployed.
      if (state.lines && !state.lines.some((l) => l.number === event.to)) {
        addEntry(event, 'call', `${event.to} is not a number of the flow's lines: the app answers it as the ${event.line} line, as it answers any number it does not know.`);
      }
      break;
    case 'request': {
      state.saidBefore = [];
      const u = new URL(event.url);
      const extra = ['Digits', 'DialCallStatus'].filter((k) => event.params[k] !== undefined).map((k) => `${k}=${event.params[k]}`);
      addEntry(event, 'request', `→ ${event.method} ${u.pathname}${u.search}  ${event.status ?? 'no answer'}${extra.length ? `  ${extra.join(' ')}` : ''}`);
      break;
    }
    case 'node':
      state.path.push({ node: event.node, from: event.from, at: event.at });
      // Why the app went there, where the caller's keys do not say: the hours check, an SMS offer not made, a menu's last try.
      addEntry(event, 'node', `At ${event.node}${event.why ? ` — ${event.why}` : ''}`, (item, body) => dayOffInItsLanguage(body, event.why));
      highlight();
      break;
    case 'say':
      if (state.saidSince === null) state.saidSince = event.at;
      saidIn(event.language);
      // Told before its <Gather>, a <Say> is a message the menu comes after (the <Gather>'s own come after its line).
      if (!state.waiting) state.saidBefore.push(event);
      addSay(event);
      speak(event);
      break;
    case 'play':
      addEntry(event, 'play', `IVR plays ${event.url || `tones ${event.digits}`}`);
      break;
    case 'pause':
      addEntry(event, 'pause', `(pause ${event.seconds} s)`);
      break;
    case 'cookie':
      addEntry(event, 'pause', event.removed ? `(cookie ${event.name} removed)` : `(cookie kept: ${event.name}=${event.value})`);
      break;
    case 'repeating':
      addEntry(event, 'pause', `(<${event.verb} loop="0"> repeats until the caller hangs up; nothing after it runs)`);
      break;
    case 'gather':
      state.waiting = event.prompt;
      state.typed = '';
      state.cutAt = undefined;
      state.cutWhere = null;
      silenceOn();
      addEntry(event, 'gather', `Listening for ${event.prompt.numDigits ? `${event.prompt.numDigits} key${event.prompt.numDigits > 1 ? 's' : ''}` : `keys, ending with ${event.prompt.finishOnKey || 'the timeout'}`} while the IVR asks, and ${event.prompt.timeout} s after (timeout)`);
      setStatus(state.appNote + waitingStatus(event.prompt));
      showAsked(event.prompt.says);
      state.promptBegins = promptBegins(event.prompt);
      startTimeout(event);
      keysIntoView();
      break;
    case 'record': {
      state.waiting = event.prompt;
      silenceOn();
      addEntry(event, 'record', `Recording after the beep (up to ${event.prompt.maxLength} s)`);
      setStatus(state.appNote + waitingStatus(event.prompt));
      state.promptBegins = promptBegins(event.prompt);
      startTimeout(event);
      keysIntoView();
      break;
    }
    case 'barge-in': {
      // The simulator played the prompt up to the key: what comes after it was never said.
      keepFollowing(() => {
        markCut('your key');
        markNotSaid(event.at, 'your key cut it off');
      });
      const rest = event.cutSeconds === undefined ? '' : `; the rest (${seconds(event.cutSeconds)}) was not said`;
      addEntry(event, 'barge-in', `Your key cut the prompt ${seconds(event.after)} into it${rest}.`);
      break;
    }
    case 'input':
      if (event.action.hangup) state.hungUpTold = true;
      state.appNote = '';
      state.saidSince = null;
      state.waiting = null;
      silenceOff();
      addEntry(event, 'input', describeInput(event.action), event.action.hangup ? toldByTheStatus : undefined);
      setStatus('The IVR is answering…');
      break;
    case 'dial': {
      state.saidSince = null; // the ringing is no prompt the caller listened to
      // The server marks a destination the flow file still flags "placeholder": true; such a transfer reaches nobody real.
      state.placeholderDial = event.placeholder ? event : null; // the last transfer is the one the call ends on
      const outcome = `${dialWords(event.status)}${event.status === 'completed' ? `, talked ${event.durationSeconds} s` : ''}`;
      addEntry(event, 'dial', `Transfer to ${event.to}${event.placeholder ? ` (${placeholderWords(event)})` : ''}: ${outcome}`, (item) => {
        if (event.placeholder) item.classList.add('entry-placeholder');
      });
      break;
    }
    case 'redirect':
      addEntry(event, 'redirect', `(redirect to ${new URL(event.url).pathname})`);
      break;
    case 'hangup':
      if (event.by !== 'caller') addEntry(event, 'hangup', 'The IVR hangs up.', toldByTheStatus);
      // Hung up during the menu's prompt: the page was told all of it, but the rest was never said.
      else {
        keepFollowing(() => {
          markCut('your hang-up');
          markNotSaid(event.at, 'you hung up');
        });
        // Hung up during the prompt, the simulator tells no input (the call just ends there): the page says it still.
        if (!state.hungUpTold) addEntry({ type: 'input', at: event.at }, 'input', 'You hung up.', toldByTheStatus);
        state.hungUpTold = true;
      }
      break;
    case 'reject':
      addEntry(event, 'hangup', `Call rejected (${event.reason})`, toldByTheStatus);
      break;
    case 'sms':
      addEntry(event, 'sms', `SMS${event.to ? ` to ${event.to}` : ''}: `, (item, body) => body.append(inCallLanguage(event.body)));
      break;
    case 'error':
      addEntry(event, 'error', `Twilio error ${event.code}: ${event.message}`);
      break;
    case 'app-error':
      addEntry(event, 'error', `The app logged an error: ${event.message}`);
      state.appNote = appErrorNote(event);
      setStatus(state.appNote.trim());
      break;
    case 'app-sms':
      // Sent by the app itself through the simulated Messages API (never to a real phone).
      addEntry(event, 'sms', event.status === 'sent' ? `SMS to ${event.to}: ` : `SMS to ${event.to} refused by Twilio (error ${event.error.code}, ${event.error.message}): `, (item, body) => body.append(inCallLanguage(event.body)));
      break;
    case 'unsupported':
      addEntry(event, 'error', `Not simulated: <${event.verb}>`);
      break;
    case 'flow-error':
      state.flowError = event.message;
      showFlowError(event.message);
      addEntry(event, 'error', 'The call could not start: the flow file has a problem (shown above).');
      setStatus('Fix the flow file: this page notices the fix by itself, no restart or reload needed.');
      callOver();
      break;
    case 'end':
      // The server tells the whole call at once, but the caller is still hearing its last words (a goodbye):
      // the call is on for them until the voice has read those, so it ends on the page then (at once with the voice off).
      state.ending = event;
      if (!voiceBusy()) endReached();
      break;
    default:
      addEntry(event, 'other', `(${event.type})`);
  }
}

/** The voice has read all the call said (or was stopped): the call's end, kept until then, is told now. */
function endReached() {
  const event = state.ending;
  if (!event) return;
  state.ending = null;
  const placeholder = event.outcome.kind === 'dial' && state.placeholderDial ? `, ${placeholderWords(state.placeholderDial)}` : '';
  addEntry(event, 'end', `Call ended: ${describeOutcome(event.outcome)}${placeholder}.`, toldByTheStatus);
  setStatus(`${state.appNote}Call ended: ${describeOutcome(event.outcome)}${placeholder}.`);
  callOver();
}

/**
 * Splits the <Say> the voice was reading when the caller cut the menu (`state.cutWhere`) where it was: the
 * sentence being read is marked cut off, the sentences after it struck as never said, as `ivr call` marks
 * them (src/simulator/promptsAsHeard.ts). A <Say> is told as one line, however many sentences it has (a whole menu).
 */
function markCut(by) {
  const where = state.cutWhere;
  state.cutWhere = null;
  if (!where) return;
  const item = [...document.querySelectorAll('#transcript li[data-type="say"]')].find((li) => Number(li.dataset.at) === where.at && !li.classList.contains('entry-cut'));
  const words = item && item.querySelector('q');
  if (!words || item.dataset.cut) return;
  item.dataset.cut = 'true';
  const { heard, notSaid } = splitAt(words.textContent, where.char);
  // The words heard stay the line's own text, shortened in place: put in anew, the live transcript would read them again.
  if (words.firstChild) words.firstChild.data = heard;
  const cutOff = cutNote(` (cut off: ${by} interrupted it)`);
  words.after(cutOff);
  if (!notSaid) return;
  // The words not said were read out with the line already: struck through here, they are not read again.
  const rest = document.createElement('q');
  rest.lang = words.lang;
  rest.className = 'not-said';
  rest.textContent = notSaid;
  rest.setAttribute('aria-hidden', 'true');
  cutOff.after(' ', rest, cutNote(` (not said: ${by} cut it off)`));
}

/**
 * A mark on a line told already (cut off, not said, not reached). It shows, but is kept out of the live transcript's
 * announcements: what cut the line is announced once, by the line the key adds (Your key cut the prompt…) or by the
 * status at a hang-up's end, not again for each line it marks.
 */
function cutNote(text) {
  const note = document.createElement('span');
  note.className = 'cut-note';
  note.textContent = text;
  note.setAttribute('aria-hidden', 'true');
  return note;
}

/** A text's sentences up to and with the one holding character `char`, and the sentences after it. */
function splitAt(text, char) {
  const sentences = text.trim().split(/(?<=[.!?…])\s+/);
  let end = 0;
  for (const [i, sentence] of sentences.entries()) {
    end = text.indexOf(sentence, end) + sentence.length;
    if (char < end) return { heard: sentences.slice(0, i + 1).join(' '), notSaid: sentences.slice(i + 1).join(' ') };
  }
  return { heard: sentences.join(' '), notSaid: '' };
}

/**
 * Marks the sentences told from the call's second `at` on as never said, and why; the nodes and the menus told
 * after it (a hang-up during the message before a menu) as never reached, and the map's path ends before them.
 */
function markNotSaid(at, why) {
  state.path = state.path.filter((step) => step.at <= at);
  document.querySelectorAll('#transcript li[data-type="say"], #transcript li[data-type="node"], #transcript li[data-type="gather"]').forEach((item) => {
    const said = item.dataset.type === 'say';
    const moment = Number(item.dataset.at);
    if (moment < at || (!said && moment === at) || item.classList.contains('entry-cut')) return;
    item.classList.add('entry-cut');
    item.querySelector('.time').textContent = ''; // never said, so at no moment of the call
    item.querySelector('.text').append(cutNote(` (${said ? 'not said' : 'not reached'}: ${why})`));
  });
}

function describeInput(action) {
  if (action.digits !== undefined) return `You pressed ${action.digits}`;
  if (action.speech !== undefined) return `You said "${action.speech}"`;
  if (action.hangup) return 'You hung up.';
  return 'You stayed silent.';
}

/**
 * The status's word on an error the app logged, kept before what the status says next until the caller acts: the
 * error's line is in the transcript, which on a phone is a screen or more below the keypad, where the tester
 * looks. A refused transfer names the setting that fixes it, which the event carries (src/devphone/callSession.ts).
 */
function appErrorNote(event) {
  const refused = event.refusedTransfer;
  if (!refused) return 'The app logged an error (in the transcript). ';
  return `Transfer refused: ${refused.setting ? `set ${refused.setting}` : "give the destination the operators' real number in the flow"} (the transcript says why). `;
}

function placeholderWords(dial) {
  const which = dial.destination ? ` "${dial.destination}"` : '';
  const fix = dial.setting ? `: set ${dial.setting} before going live` : ': set the real number before going live';
  return `a placeholder number, not a real destination: the flow file marks destination${which} "placeholder"${fix}`;
}

function dialWords(status) {
  return { completed: 'answered', busy: 'busy', 'no-answer': 'no answer', failed: 'failed', canceled: 'canceled' }[status] || status;
}

function describeOutcome(outcome) {
  switch (outcome.kind) {
    case 'dial': return `connected to ${outcome.to}`;
    case 'hangup': return outcome.endOfDocument ? 'the IVR ran out of things to say and hung up' : 'the IVR hung up';
    case 'caller-hangup': return 'you hung up';
    case 'reject': return `rejected (${outcome.reason})`;
    case 'enqueue': return `connected to an agent from ${outcome.queue ? `queue "${outcome.queue}"` : 'a TaskRouter queue'}`;
    case 'unsupported': return `stopped at <${outcome.verb}>, which the simulator does not emulate`;
    case 'error': return `error ${outcome.code}: ${outcome.message}`;
    case 'loop': return `stopped after ${outcome.maxRequests} requests with no caller input between them (a loop?)`;
    case 'not-followed': return `stopped before ${outcome.url}: ${outcome.reason}`;
    default: return outcome.kind;
  }
}

// ---- transcript --------------------------------------------------------------

/**
 * One transcript line, built whole before it joins the list, so the scroll accounts for all of it. The list
 * is told the call in order, so a line goes at its end; `inOrder` places one noted later than lines after
 * its moment (a key the caller pressed while the page read on) among them, where its moment falls.
 */
function addEntry(event, kind, text, decorate, { inOrder = false } = {}) {
  const item = document.createElement('li');
  item.className = `entry entry-${kind}`;
  item.dataset.type = event.type;
  item.dataset.at = String(event.at || 0);
  const time = document.createElement('span');
  time.className = 'time';
  time.textContent = clock(event.at);
  const body = document.createElement('span');
  body.className = 'text';
  body.textContent = text;
  item.append(time, body);
  if (decorate) decorate(item, body);
  append(item, inOrder ? laterThan(event.at || 0) : null);
  return item;
}

/** The first line of the transcript told at a later second of the call than `at`, if any. */
function laterThan(at) {
  return [...$('transcript').children].find((item) => Number(item.dataset.at) > at) || null;
}

function addSay(event) {
  addEntry(event, 'say', '', (item, body) => {
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = `IVR (${event.language}): `;
    const words = document.createElement('q');
    words.lang = event.language; // screen readers read each prompt in its own language
    words.textContent = event.text;
    body.append(who, words);
    item.dataset.language = event.language;
  });
}

/**
 * How the call ends (who hung up, a rejection, the end and why) is announced once, by the status line, which says it
 * whole when the call ends (endReached). The transcript's lines that tell it show, but are kept out of its live log.
 */
function toldByTheStatus(item) {
  item.setAttribute('aria-hidden', 'true');
}

/**
 * Words of the call's language in a transcript line (an SMS's text, a holiday's name), marked with it so a screen
 * reader reads Italian as Italian on this English page (WCAG 3.1.2), as it reads the prompts. That language is the one
 * the IVR says next: the holiday's message after its node, "Ti abbiamo inviato un SMS" after the SMS. Until then it
 * is the one said last, which at the welcome may be its other language.
 */
function inCallLanguage(text) {
  const words = document.createElement('span');
  words.textContent = text;
  if (state.language) words.lang = state.language;
  state.languageDue.push(words);
  return words;
}

/** The IVR says something in `language`: that is the call's language now, and the words waiting for it take it. */
function saidIn(language) {
  state.language = language;
  for (const words of state.languageDue) words.lang = language;
  state.languageDue = [];
}

/** In a node line's why, the name of the day off the hours check found (…: holiday: Natale di Gesù) is in the call's language. */
function dayOffInItsLanguage(body, why) {
  const dayOff = /^(.*?: (?:holiday|closure): )(.+)$/s.exec(why || '');
  if (!dayOff) return;
  body.textContent = body.textContent.slice(0, -dayOff[2].length);
  body.append(inCallLanguage(dayOff[2]));
}

/** True when the list shows its last line, so a new line should stay in view too. */
function atEnd(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight < 4;
}

// Scroll the list only, never the page: on a phone the keypad stays where the thumb is.
// Follow the call only while the reader is at the end: someone scrolled up to read an
// earlier line keeps it, and a button offers the way back down.
function append(item, before = null) {
  const list = $('transcript');
  const following = atEnd(list);
  list.insertBefore(item, before);
  if (following) scrollToLatest();
  else $('latest').hidden = false;
}

/**
 * Changes lines already listed (a prompt cut or struck as not said, the webhook's lines shown): the list grows, and
 * one that was at its end would stop short of it, so the lines that follow (You hung up, Call ended) would no longer
 * be followed (append).
 */
function keepFollowing(change) {
  const following = atEnd($('transcript'));
  change();
  if (following) scrollToLatest();
}

function scrollToLatest() {
  const list = $('transcript');
  list.scrollTop = list.scrollHeight;
  hideLatest();
}

/** Hides "New lines below": had it the focus (it was just pressed), the focus goes to the list it scrolled, not the page's start (WCAG 2.4.3). */
function hideLatest() {
  if (document.activeElement === $('latest')) $('transcript').focus({ preventScroll: true });
  $('latest').hidden = true;
}

/** A length of call time in seconds, to the tenth. */
function seconds(value) {
  return `${Math.round(value * 10) / 10} s`;
}

function clock(seconds) {
  const s = Math.floor(seconds || 0);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** An ISO instant as people read it: 2026-11-24T16:59:50.000+01:00 is "2026-11-24 16:59:50 +01:00"; whole minutes have no seconds. */
function formatInstant(iso) {
  const parts = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::(\d\d)(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.exec(iso);
  if (!parts) return iso;
  const [, date, minute, second, zone] = parts;
  return `${date} ${minute}${second && second !== '00' ? `:${second}` : ''} ${zone}`;
}

/** Says what the status says now; a field refused before is no longer described by it (refuse). */
function setStatus(text) {
  clearRefused();
  $('status').textContent = text;
}

// The fields Call may refuse: what is typed in them, or the instant.
const REFUSABLE = ['number', 'from-number', 'at'];

/**
 * A field Call refused: the status says why, and the field takes the focus, marked invalid and described by the
 * status, so a screen reader says what is wrong where it is corrected (WCAG 3.3.1). Marked until its value changes or
 * the status says something else (a call placed: Calling…).
 */
function refuse(field, message) {
  setStatus(message);
  field.setAttribute('aria-invalid', 'true');
  field.setAttribute('aria-describedby', 'status');
  field.focus();
}

function clearRefused() {
  for (const id of REFUSABLE) {
    $(id).removeAttribute('aria-invalid');
    $(id).removeAttribute('aria-describedby');
  }
}

// ---- keys ----------------------------------------------------------------------

async function press(key) {
  flash(key);
  if (!state.callId) return setStatus('Call first, then press keys.');
  const prompt = state.waiting;
  const reading = state.reading;
  // Twilio listens for keys only during a <Gather>: one pressed while the voice reads a sentence said
  // before it (a plain <Say>) is lost, and the voice reads on (https://www.twilio.com/docs/voice/twiml/gather).
  const listening = prompt && prompt.verb === 'Gather';
  if (reading && (!listening || reading.at < prompt.startedAt)) {
    // Stamped with the moment pressed, among the lines of the call told since (the menu that follows, already listed).
    const at = Math.round((reading.at + readSoFar(reading, sayingSeconds(reading.text))) * 100) / 100;
    addEntry({ type: 'ignored', at }, 'ignored', `You pressed ${key} while the IVR said something outside a menu: ignored, as on a real call (keys count only while a menu listens).`, null, { inOrder: true });
    return setStatus(`Key ${key} ignored: ${state.ending ? 'the call is ending, nobody listens for keys any more' : 'the IVR is not listening for keys yet'}.`);
  }
  if (!listening) return setStatus('Nobody is listening for keys right now.');
  // The first key cuts the prompt where the voice is reading it, as a key does on a real call; once the
  // voice has read it all (or with the voice off), the key comes after the prompt.
  if (!state.typed) {
    state.cutAt = reading ? cutMoment(prompt, reading) : undefined;
    state.cutWhere = reading ? whereRead(reading, prompt) : null;
  }
  stopSpeaking();
  state.typed += key;
  const finished = prompt.finishOnKey && prompt.finishOnKey.includes(key);
  const enough = prompt.numDigits && state.typed.length >= prompt.numDigits;
  if (finished || enough || prompt.numDigits === undefined && !prompt.finishOnKey) return answer(keys());
  restartTimeout();
  setStatus(typedStatus(prompt));
}

async function silence() {
  if (!state.waiting) return;
  stopSpeaking();
  // Keys typed without their end key are sent when the timeout passes, as Twilio does.
  await answer(state.typed ? keys() : { silence: true });
}

/** The keys typed for the waiting prompt, with the moment the first one cut it, if it did. */
function keys() {
  return state.cutAt === undefined ? { digits: state.typed } : { digits: state.typed, after: state.cutAt };
}

/**
 * The second into the prompt the voice has reached: the start of the sentence it reads, plus the share
 * of it read (from the voice's word boundaries, else the time it has been reading), in the simulator's
 * time for that sentence, so the call's clock cuts the prompt where the caller heard it cut.
 */
function cutMoment(prompt, reading) {
  const part = partRead(prompt, reading);
  return Math.round((part.at + readSoFar(reading, part.seconds)) * 100) / 100;
}

/** The <Say> the voice is reading (by the second it starts) and how far into its text it has got. */
function whereRead(reading, prompt) {
  if (reading.chars > 0) return { at: reading.at, char: reading.chars };
  // No word boundaries from this voice: the share of the <Say>'s time it has been reading.
  const seconds = partRead(prompt, reading).seconds;
  const share = seconds ? readSoFar(reading, seconds) / seconds : 0;
  return { at: reading.at, char: Math.floor(share * reading.text.length) };
}

/**
 * The part of the prompt being read (by the second it starts), or the sentence of the message said before the
 * prompt (before 0), timed as the simulator times it: where in the prompt it begins, and how long it lasts.
 */
function partRead(prompt, reading) {
  return prompt.timeline.find((p) => Math.abs(prompt.startedAt + p.at - reading.at) < 1e-6) || { at: reading.at - prompt.startedAt, seconds: sayingSeconds(reading.text) };
}

/** How far into a sentence lasting `seconds` (null: for ever) of the call's time the voice has read. */
function readSoFar(reading, seconds) {
  const elapsed = (performance.now() - reading.started) / 1000;
  return seconds === null ? elapsed : Math.min(seconds, reading.chars > 0 ? (seconds * reading.chars) / reading.text.length : elapsed);
}

/** How long the simulator takes to say a sentence: 150 words a minute, in whole seconds (src/simulator/virtualClock.ts). */
function sayingSeconds(text) {
  const words = text.split(/\s+/).filter(Boolean).length;
  return words === 0 ? 0 : Math.ceil(words / 2.5);
}

/**
 * The words of the prompt waiting for a key (its <Say>s: { text, language }), shown beside the keypad; none when
 * nothing waits. Each <Say> is its own element with its language, as in the transcript, so a screen reader reads the
 * welcome's Italian with an Italian voice and its English with an English one (WCAG 3.1.2). During a call the empty
 * box keeps its room and shows a quiet "…" (style.css, .in-call .asked[hidden]): a blank gap there looked broken. That
 * "…" is only a look: screen readers skip the empty box, and so does Tab (nothing in it to scroll).
 */
function showAsked(says) {
  const box = $('asked');
  box.replaceChildren();
  for (const said of says) {
    const part = document.createElement('span');
    part.lang = said.language;
    part.textContent = said.text;
    if (box.firstChild) box.append(' ');
    box.append(part);
  }
  const asking = says.length > 0;
  // Hidden with the focus in it (Tab reaches it to scroll it), the box would drop the focus to the page's start
  // (WCAG 2.4.3): the keys it answers take it, as they do when a call is placed.
  if (!asking && document.activeElement === box) $('keypad').focus({ preventScroll: true });
  box.hidden = !asking;
  if (asking) box.removeAttribute('aria-hidden');
  else box.setAttribute('aria-hidden', 'true'); // "true" spelled out: an empty aria-hidden hides nothing
  box.tabIndex = asking ? 0 : -1;
}

/**
 * A prompt waits for the caller: what it asks, the keypad and Stay silent must be in sight. Below 1200 px the page is
 * one column (or the phone's column is narrow), so the form, the status and a long prompt can leave them below the
 * fold, and nothing would tell the tester the call is waiting on them. The page scrolls just enough to show the status,
 * the prompt box and the keys together; on a short window (a zoomed page: 200 % on a laptop is 640×400) where they do
 * not fit, the prompt box and the keys; where those do not fit either, the prompt box goes to the top, the keys under
 * it: the prompt is what the keys answer, and scrolled above the window it was out of reach of the eye (WCAG 2.4.11).
 * Gently, unless the user asks for reduced motion. It stays put when all that is in sight already, or when the user
 * has scrolled down past the keys (to the transcript or the map): they chose to read there, and the keyboard answers
 * the prompt from anywhere.
 */
function keysIntoView() {
  const keys = $('keys').getBoundingClientRect();
  const asked = $('asked').getBoundingClientRect();
  const status = $('status').getBoundingClientRect();
  const height = window.innerHeight;
  if (keys.top < 0 || (asked.top >= 0 && keys.bottom <= height)) return;
  const top = keys.bottom - status.top <= height ? status.top : asked.top;
  // What fits is shown whole (scrolled down just enough, or up to its top); else the prompt box goes to the top.
  // The window scrolls by whole pixels: rounded the other way, a box 0.2 px down the page slid 0.2 px above the window.
  const by = keys.bottom - top <= height && keys.bottom > height ? Math.ceil(keys.bottom - height) : Math.floor(top);
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  window.scrollBy({ top: by, behavior: reduced ? 'auto' : 'smooth' });
}

async function answer(action) {
  stopTimeout();
  showAsked([]);
  state.waiting = null;
  state.typed = '';
  state.cutAt = undefined;
  silenceOff();
  await send(action);
}

function flash(key) {
  const button = document.querySelector(`.keypad [data-key="${CSS.escape(key)}"]`);
  if (!button) return;
  button.classList.add('pressed');
  setTimeout(() => button.classList.remove('pressed'), 150);
}

function post(url, body) {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

// ---- the timeout ---------------------------------------------------------------------

// A real call does not wait for the caller: once a prompt is said, Twilio waits
// its timeout for a key, as long again after each key, and goes on without one.
// The page keeps that clock, from when the caller would have heard the prompt
// out: as long after it appears as the simulator took to say what the IVR said
// since the caller last acted (the <Gather>'s prompt and any message before it,
// not a transfer's ringing), so the transcript can be read in that time, and
// not before the page's voice has finished reading it, whichever comes later.
// A user who needs more time to hear or read the prompt (a screen reader reads the transcript's new lines, then the
// prompt) turns the time limit off (WCAG 2.2.1): the menu then waits until they press a key or Stay silent, which
// tells the IVR what the timeout would. The page never stays silent in their place.
const TIMEOUT_TICK_MS = 250;
const NO_TIME_LIMIT = 'No time limit: the call waits for your key or Stay silent.';

/** How long the caller may stay silent before the call goes on: a <Gather>'s timeout; a <Record>'s (0: its maxLength). */
function waitSeconds(prompt) {
  // Twilio ends a recording after `timeout` seconds of silence; 0 turns that off, leaving maxLength.
  return prompt.verb === 'Record' ? prompt.timeout || prompt.maxLength : prompt.timeout;
}

/** What the status says while a prompt waits, with or without the time limit. */
function waitingStatus(prompt) {
  const seconds = waitSeconds(prompt);
  const unlimited = $('no-time-limit').checked;
  if (prompt.verb === 'Record') {
    return unlimited
      ? `The IVR is recording: no time limit, so it ends when you press Stay silent (as after ${seconds} s of silence), or hang up.`
      : `The IVR is recording: the page is silent, so it ends in ${seconds} s (Stay silent: at once), or hang up.`;
  }
  return unlimited
    ? `Your turn: press a key. No time limit: the call waits for it (Stay silent: goes on as after the ${seconds} s timeout).`
    : `Your turn: press a key. Without one, the call goes on ${seconds} s after the prompt ends (Stay silent: at once).`;
}

/** What the status says while keys typed wait for the prompt's end key. */
function typedStatus(prompt) {
  return $('no-time-limit').checked
    ? `Typed ${state.typed}; press ${prompt.finishOnKey} to send, or Stay silent and it is sent as it is (as after the ${prompt.timeout} s timeout).`
    : `Typed ${state.typed}; press ${prompt.finishOnKey} to send, or wait ${prompt.timeout} s and it is sent as it is.`;
}

/** The user turned the time limit off or on while a prompt waits: the countdown stops, or starts again from the whole timeout. */
function onTimeLimitChange() {
  remember('no-time-limit', $('no-time-limit').checked);
  const prompt = state.waiting;
  if (!prompt) return;
  setStatus(state.typed ? typedStatus(prompt) : state.appNote + waitingStatus(prompt));
  if ($('no-time-limit').checked) return startTimeout({ prompt });
  stopTimeout();
  state.timeout = { seconds: waitSeconds(prompt), due: performance.now() + waitSeconds(prompt) * 1000, timer: null };
  tickTimeout();
}

function startTimeout(event, seconds = waitSeconds(event.prompt)) {
  stopTimeout();
  if ($('no-time-limit').checked) {
    $('countdown').textContent = NO_TIME_LIMIT;
    return;
  }
  state.timeout = { seconds, due: state.promptBegins + (promptSeconds(event.prompt) + seconds) * 1000, timer: null };
  tickTimeout();
}

/**
 * When a prompt that just arrived begins on the page's clock: the page is told at once all the IVR said since the
 * caller last acted, and hears it in as long as the simulator took to say it, so the prompt begins as long from now
 * as what was said before it (a message, an excuse) lasts.
 */
function promptBegins(prompt) {
  const before = prompt.startedAt !== undefined && state.saidSince !== null ? Math.max(0, prompt.startedAt - state.saidSince) : 0;
  return performance.now() + before * 1000;
}

/**
 * With no voice reading the prompts, where the page's clock says the waiting menu's prompt has got to, told as the
 * voice tells its reading: the part said then, read from the moment the simulator began it. Before the prompt, the
 * sentence of the message said before it (or a moment of that message); once the prompt has been said, none.
 */
function clockReading(prompt) {
  const now = performance.now();
  const into = (now - state.promptBegins) / 1000;
  if (into < 0) {
    // Before the prompt: the message said before it that the clock is in, read from its start; else a moment of it.
    const at = prompt.startedAt + into;
    const said = state.saidBefore.find((s) => s.at <= at && at < s.at + sayingSeconds(s.text));
    return said ? { at: said.at, text: said.text, started: now - (at - said.at) * 1000, chars: 0 } : { at, text: '', started: now, chars: 0 };
  }
  let says = 0;
  for (const part of prompt.timeline) {
    // The i-th <Say> of the timeline is the i-th of `says` (src/devphone/gatherAhead.ts).
    const said = part.verb === 'Say' ? prompt.says[says++] : null;
    const text = part.text ?? (said ? said.text : '');
    if (part.seconds === null || into < part.at + part.seconds) return { at: prompt.startedAt + part.at, text, started: now - (into - part.at) * 1000, chars: 0 };
  }
  return null;
}

/** How long the simulator took to say a <Gather>'s nested prompt (none for a <Record>; a part said for ever counts as none). */
function promptSeconds(prompt) {
  return Math.max(0, ...(prompt.timeline || []).map((part) => (part.seconds === null ? 0 : part.at + part.seconds)));
}

/** A key was pressed: the caller has the whole timeout again for the next one. */
function restartTimeout() {
  if (state.timeout) state.timeout.due = performance.now() + state.timeout.seconds * 1000;
}

function tickTimeout() {
  const timeout = state.timeout;
  if (!timeout) return;
  // The voice still reading: the timeout starts after it, unless the simulator's own time ends later.
  if ('speechSynthesis' in window && window.speechSynthesis.speaking) timeout.due = Math.max(timeout.due, performance.now() + timeout.seconds * 1000);
  const left = Math.ceil((timeout.due - performance.now()) / 1000);
  if (left <= 0) return void silence();
  $('countdown').textContent = `Without a key, the call goes on in ${left} s.`;
  timeout.timer = setTimeout(tickTimeout, TIMEOUT_TICK_MS);
}

function stopTimeout() {
  if (state.timeout) clearTimeout(state.timeout.timer);
  state.timeout = null;
  $('countdown').textContent = '';
}

// ---- speech ----------------------------------------------------------------------

function initSpeech() {
  if (!('speechSynthesis' in window)) {
    $('speak').disabled = true;
    $('voice-note').textContent = 'This browser cannot speak.';
    return;
  }
  // Off until the user turns it on (then remembered): a screen reader, reading the transcript and the prompt box,
  // would talk over a voice that came on by itself.
  $('speak').checked = remembered('speak');
  $('speak').addEventListener('change', () => {
    remember('speak', $('speak').checked);
    if (!$('speak').checked) stopSpeaking();
  });
  const refresh = () => {
    state.voices = window.speechSynthesis.getVoices();
    $('voice-note').textContent = state.voices.length > 0 ? '' : 'No voices in this browser: the transcript only.';
  };
  refresh();
  window.speechSynthesis.addEventListener?.('voiceschanged', refresh);
}

/** Reads one sentence the IVR says; while it is read, `state.reading` says which, so a key knows what it interrupts. */
function speak(said) {
  if (!$('speak').checked || !('speechSynthesis' in window)) return;
  const { text, language } = said;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = language;
  const prefix = language.split('-')[0];
  const voice = state.voices.find((v) => v.lang === language) || state.voices.find((v) => (v.lang || '').split(/[-_]/)[0] === prefix);
  if (voice) utterance.voice = voice;
  utterance.onstart = () => { state.reading = { utterance, at: said.at, text, started: performance.now(), chars: 0 }; };
  utterance.onboundary = (event) => { if (state.reading && state.reading.utterance === utterance) state.reading.chars = event.charIndex; };
  utterance.onend = utterance.onerror = () => {
    if (state.reading && state.reading.utterance === utterance) state.reading = null;
    if (state.lastSpoken !== utterance) return;
    state.lastSpoken = null;
    endReached(); // if the call has ended, the voice has now read all of it
  };
  state.lastSpoken = utterance;
  window.speechSynthesis.speak(utterance);
}

/** True when a voice reads the prompts: turned on, and the browser has one. */
function voiceReads() {
  return $('speak').checked && 'speechSynthesis' in window && state.voices.length > 0;
}

/** True while the voice has sentences of the call still to read (a voice that never says whether it speaks has none). */
function voiceBusy() {
  const voice = window.speechSynthesis;
  return state.lastSpoken !== null && Boolean(voice && (voice.speaking || voice.pending));
}

/** Silences the voice; a call whose end waited for the voice ends now, the caller having heard all they will. */
function stopSpeaking() {
  state.reading = null;
  state.lastSpoken = null;
  if ('speechSynthesis' in window) window.speechSynthesis.cancel();
  endReached();
}

// ---- the options the page remembers -------------------------------------------------------

// A choice the user made for how they use the page (the voice, the time limit, who calls) holds on the next visit too.
// Storage refused (a private window, a policy): the choice lasts as long as the page.
function remembered(option) {
  return rememberedText(option) === 'on';
}

/** A remembered choice as it was stored (a checkbox's "on" or "off", a list's value, a number typed), or null. */
function rememberedText(option) {
  try {
    return window.localStorage.getItem(`devphone.${option}`);
  } catch {
    return null;
  }
}

/** Keeps a checkbox's state (true or false) or a text for the next visit. */
function remember(option, value) {
  try {
    window.localStorage.setItem(`devphone.${option}`, value === true ? 'on' : value === false ? 'off' : value);
  } catch {
    // Not kept past this page; the control still says what holds now.
  }
}

/** Who calls, as chosen on the last visit: one of the list's callers, or a number typed under "another number…". */
function restoreCaller() {
  const chosen = rememberedText('from');
  if ([...$('from').options].some((option) => option.value === chosen)) $('from').value = chosen;
  $('from-number').value = rememberedText('from-number') || '';
  $('from-number-field').hidden = $('from').value !== 'other';
}

// ---- the map -------------------------------------------------------------------------

// Below this size the map's words cannot be read without a magnifier (they are 12 px at natural size).
const MIN_TEXT_PX = 10;

function highlight({ centreStart = false } = {}) {
  const svg = $('diagram').querySelector('svg');
  if (!svg) return;
  svg.querySelectorAll('.visited, .current').forEach((el) => el.classList.remove('visited', 'current'));
  const mark = (selector, cls) => {
    const el = svg.querySelector(selector);
    if (el) el.classList.add(cls);
    return el;
  };
  if (state.path.length > 0 && state.line) mark(`[data-node="${CSS.escape(`line:${state.line}`)}"]`, 'visited');
  let current = null;
  for (const step of state.path) {
    const from = step.from === undefined ? `line:${state.line}` : step.from;
    mark(`.edge[data-from="${CSS.escape(from)}"][data-to="${CSS.escape(step.node)}"]`, 'visited');
    current = mark(`[data-node="${CSS.escape(step.node)}"]`, 'visited');
  }
  // The path of a finished call stays lit; only a call still running is "at" a node.
  const where = state.callId ? current : null;
  if (where) where.classList.add('current');
  // A running call is kept in view; a newly shown map starts where calls start.
  if (where) centre(where);
  else if (centreStart) centre(svg.querySelector(`[data-node="${CSS.escape(`line:${state.line}`)}"]`));
  // Not a live region: each node reached is announced by its line in the transcript, which says why the call went there too.
  $('map-position').textContent = where ? `The call is at ${state.path[state.path.length - 1].node}.` : '';
}

/**
 * Fit to width shrinks a map wider than its box, never enlarges one: a narrow map
 * keeps its natural size. Until the user chooses, a map is fitted only when its
 * words stay readable that way; otherwise it keeps its natural size and scrolls.
 */
function fitMap() {
  const box = $('diagram');
  const svg = box.querySelector('svg');
  if (!svg) return;
  const width = svg.viewBox.baseVal.width || svg.width.baseVal.value;
  const text = svg.querySelector('.node text') || svg;
  const fontSize = parseFloat(getComputedStyle(text).fontSize) || 12;
  const readableFitted = Math.min(1, box.clientWidth / width) * fontSize >= MIN_TEXT_PX;
  $('fit').checked = state.fit === null ? readableFitted : state.fit;
  box.classList.toggle('fitted', $('fit').checked);
}

/**
 * The map scrolls inside its box (sideways at natural size; down too when it is
 * taller than the box, fitted or not): bring this node (the call's, or the
 * line's start) to the middle of it.
 */
function centre(node) {
  const box = $('diagram');
  if (!node) return;
  state.mapMoved = false;
  const where = node.getBoundingClientRect();
  const frame = box.getBoundingClientRect();
  box.scrollTo({
    left: box.scrollLeft + where.left - frame.left + where.width / 2 - box.clientWidth / 2,
    top: box.scrollTop + where.top - frame.top + where.height / 2 - box.clientHeight / 2,
  });
}

// ---- wiring ------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('dial-form').addEventListener('submit', startCall);
  // The browser refuses the form without a word on the page when the instant is not one it takes: say why here.
  $('at').addEventListener('invalid', () => refuse($('at'), `The instant: ${$('at').validationMessage}`));
  // Typed in before the server's first answer: that answer's "now" must not replace it.
  for (const type of ['keydown', 'input']) $('at').addEventListener(type, () => { state.instantSet = true; });
  $('hangup').addEventListener('click', hangUp);
  $('no-time-limit').checked = remembered('no-time-limit');
  $('no-time-limit').addEventListener('change', onTimeLimitChange);
  $('silence').addEventListener('click', silence);
  $('line').addEventListener('change', onLineChange);
  restoreCaller();
  $('from').addEventListener('change', () => {
    $('from-number-field').hidden = $('from').value !== 'other';
    remember('from', $('from').value);
  });
  $('from-number').addEventListener('input', () => remember('from-number', $('from-number').value));
  for (const id of REFUSABLE) $(id).addEventListener('input', clearRefused);
  $('dial').addEventListener('change', () => {
    // A server that is gone is noticed by the call's events; the choice is not worth an error of its own.
    if (state.callId) post(`/devphone/calls/${state.callId}/dial`, { status: $('dial').value }).catch(() => {});
  });
  // Off until the user turns it on (then remembered): the transcript is a live region, and a screen reader would read
  // every request and "Listening for…" line between the prompts; the status says already when a menu waits.
  $('show-requests').checked = remembered('show-requests');
  document.body.classList.toggle('show-requests', $('show-requests').checked);
  $('show-requests').addEventListener('change', () => {
    remember('show-requests', $('show-requests').checked);
    keepFollowing(() => document.body.classList.toggle('show-requests', $('show-requests').checked));
  });
  $('transcript').addEventListener('scroll', () => { if (atEnd($('transcript'))) hideLatest(); });
  $('latest').addEventListener('click', scrollToLatest);
  $('fit').addEventListener('change', () => {
    state.fit = $('fit').checked;
    fitMap();
    highlight({ centreStart: true });
  });
  // A resize moves what the map's box shows (a desktop window narrowed to a phone's kept its scroll, showing blank
  // space): the map is centred again as a fresh load centres it, unless the user has scrolled it where they want it.
  for (const type of ['wheel', 'pointerdown', 'keydown', 'touchstart']) $('diagram').addEventListener(type, () => { state.mapMoved = true; }, { passive: true });
  window.addEventListener('resize', () => {
    fitMap();
    highlight({ centreStart: !state.mapMoved });
  });
  document.querySelectorAll('.keypad [data-key]').forEach((button) => button.addEventListener('click', () => press(button.dataset.key)));
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const field = event.target.closest && event.target.closest('input, select, textarea');
    if (event.key === 'Escape' && state.callId) return void hangUp();
    // Typing a number or a date is not pressing phone keys; but a checkbox or a list takes no digits, so during a call they are the call's.
    const writtenIn = field && (field.tagName === 'TEXTAREA' || (field.tagName === 'INPUT' && !['checkbox', 'radio'].includes(field.type)));
    if (writtenIn || (field && !state.callId)) return;
    if (/^[0-9*#]$/.test(event.key)) {
      event.preventDefault();
      press(event.key);
    }
  });
  initSpeech();
  refreshFlow().catch((err) => setStatus(`Could not reach the server: ${err.message}`));
  watchFlow();
});
