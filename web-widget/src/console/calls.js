// Chat to voice in the console: the operator asks to call the citizen of a session (operator hub RequestCall); the
// citizen confirms a number in the widget, the telephony platform places the call and it joins this session.

/** Asks for the call; says so through `say(i18nKey)` or hands the hub's refusal to `fail(err)`. Answers whether it was asked. */
export async function requestCall(hub, sessionId, say, fail) {
  try {
    await hub.invoke('RequestCall', sessionId);
    say('callRequested');
    return true;
  } catch (err) { fail(err); return false; }
}
