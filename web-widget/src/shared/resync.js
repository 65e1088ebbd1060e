// Catching up after a gap. A client may have missed pushes when the server says so (the Resync event, sent when a
// node's backplane subscription comes back), after its own reconnect, and when a message arrives whose sequence
// number skips one. Then it fetches what it has not shown (GetMessages after its watermark) — one fetch at a time,
// one more if asked again meanwhile, retried with back-off while the server cannot answer.

const SPREAD_MS = 1000; // a Resync reaches every client of a node at once: spread their fetches over a second
const HOLE_WAIT_MS = 1500; // pushes from two nodes may cross: a skipped number may still arrive by itself
const RETRY_MS = [1000, 2000, 4000, 8000, 16000]; // then give up until the next Resync or reconnect

/**
 * fetchMissing: async () => void, throws to be retried.
 * timers: { setTimeout, clearTimeout }; random: () => [0, 1).
 */
export function createGapKeeper({ fetchMissing, timers = globalThis, random = Math.random, spreadMs = SPREAD_MS, holeWaitMs = HOLE_WAIT_MS }) {
  let timer = null;
  let timerDelay = 0;
  let running = false;
  let again = false;
  let failures = 0;

  function schedule(ms) {
    if (running) { again = true; return; }
    if (timer !== null) {
      if (ms >= timerDelay) return; // one is coming no later than this would
      timers.clearTimeout(timer);
    }
    timerDelay = ms;
    timer = timers.setTimeout(run, ms);
  }

  async function run() {
    timer = null;
    running = true;
    again = false;
    let retryIn = null;
    try {
      await fetchMissing();
      failures = 0;
    } catch {
      retryIn = failures < RETRY_MS.length ? RETRY_MS[failures++] : null;
      if (retryIn === null) failures = 0;
    }
    running = false;
    if (again) schedule(0);
    else if (retryIn !== null) schedule(retryIn);
  }

  return {
    /** The server said pushes may have been lost. */
    resync() { schedule(Math.floor(random() * spreadMs)); },
    /** A message skipped a number. */
    hole() { schedule(holeWaitMs); },
    /** Right away (after a reconnect). */
    now() { schedule(0); },
    dispose() { if (timer !== null) timers.clearTimeout(timer); timer = null; again = false; },
  };
}
