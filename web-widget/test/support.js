// Test doubles for the widget controller: a scripted hub, manual timers, memory storage.

export class FakeHub {
  constructor() {
    this.handlers = new Map();
    this.stateFns = [];
    this.isConnected = false;
    this.calls = [];
    this.responders = {};
    this.startFails = 0;
  }
  on(name, fn) { this.handlers.set(name, fn); }
  onState(fn) { this.stateFns.push(fn); }
  connected() { return this.isConnected; }
  async start() {
    if (this.startFails > 0) { this.startFails--; throw new Error('Failed to complete negotiation'); }
    this.isConnected = true;
    this.stateFns.forEach((f) => f('connected'));
  }
  drop() { this.isConnected = false; this.stateFns.forEach((f) => f('reconnecting')); }
  reconnect() { this.isConnected = true; this.stateFns.forEach((f) => f('connected')); }
  emit(name, payload) { this.handlers.get(name)(payload); }
  async invoke(name, ...args) {
    this.calls.push([name, ...args]);
    if (!this.isConnected) throw new Error("Cannot send data if the connection is not in the 'Connected' State.");
    const r = this.responders[name];
    if (typeof r === 'function') return r(...args);
    return r;
  }
}

export function manualTimers() {
  let seq = 0;
  const pending = new Map();
  return {
    setTimeout(fn, ms) { const id = ++seq; pending.set(id, { fn, ms }); return id; },
    clearTimeout(id) { pending.delete(id); },
    async runAll() {
      const list = [...pending.entries()];
      pending.clear();
      for (const [, { fn }] of list) await fn();
      await flush();
    },
    get size() { return pending.size; },
  };
}

export function memoryStorage() {
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => m.set(k, String(v)),
    removeItem: (k) => m.delete(k),
    dump: () => Object.fromEntries(m),
  };
}

export const flush = () => new Promise((r) => setImmediate(r));

export function jsonResponse(status, body) {
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: () => 'application/json' },
    json: async () => body,
  };
}
