// The call on a conversation, as the console shows it (operator hub event CallState, and `call` in the session's
// snapshot): asked (waiting for the citizen's number), ringing, connected with a running clock, ended with its duration.

import { formatClock } from '../shared/time.js';

const STATES = ['awaitingPhone', 'ringing', 'connected', 'ended'];

/** A CallState payload (or a snapshot's `call`) made safe to keep; null when it is not one. */
export function readCall(call) {
  if (!call || typeof call !== 'object' || !STATES.includes(call.state)) return null;
  const at = (iso) => (typeof iso === 'string' && !Number.isNaN(Date.parse(iso)) ? iso : null);
  return {
    state: call.state,
    connectedAt: at(call.connectedAt),
    endedAt: at(call.endedAt),
    durationSeconds: Number.isInteger(call.durationSeconds) && call.durationSeconds >= 0 ? call.durationSeconds : null,
  };
}

/** Seconds the call has lasted at `now` (ms): live while connected, fixed once ended; null before it connected. */
export function callSeconds(call, now) {
  if (!call) return null;
  if (call.state === 'ended') return call.durationSeconds;
  if (call.state === 'connected' && call.connectedAt) return Math.max(0, Math.floor((now - Date.parse(call.connectedAt)) / 1000));
  return call.state === 'connected' ? call.durationSeconds : null;
}

/** The line's text key and its values. */
export function callText(call, now) {
  if (!call) return null;
  const seconds = callSeconds(call, now);
  const key = `callState_${call.state}`;
  return { key, vars: { time: seconds === null ? '' : formatClock(seconds) } };
}

/** Shows `call` in `el` (hidden without one); `t(key, vars)` translates. */
export function renderCallState(el, call, now, t) {
  const text = callText(call, now);
  el.hidden = !text;
  if (!text) { el.removeAttribute('data-state'); el.textContent = ''; return; }
  el.setAttribute('data-state', call.state);
  el.className = `st-call st-call--${call.state}`;
  const value = t(text.key, text.vars);
  if (el.textContent !== value) el.textContent = value;
}
