// A thin adapter over @microsoft/signalr's HubConnection with the small interface the
// controllers use: start(), invoke(), on(), onState(), connected(), stop().

import { HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';

// Keep trying for as long as the page is open: 0 s, 2 s, 5 s, 10 s, then every 30 s.
const RETRY = [0, 2000, 5000, 10000, 20000, 30000];
const retryPolicy = {
  nextRetryDelayInMilliseconds(ctx) {
    return RETRY[Math.min(ctx.previousRetryCount, RETRY.length - 1)];
  },
};

export function createHub(url, { accessTokenFactory, withCredentials = false } = {}) {
  const options = { withCredentials };
  if (accessTokenFactory) options.accessTokenFactory = accessTokenFactory;
  const connection = new HubConnectionBuilder()
    .withUrl(url, options)
    .withAutomaticReconnect(retryPolicy)
    .configureLogging(LogLevel.Warning)
    .build();
  const stateListeners = new Set();
  const emit = (s, err) => stateListeners.forEach((fn) => fn(s, err));
  connection.onreconnecting((err) => emit('reconnecting', err));
  connection.onreconnected(() => emit('connected'));
  connection.onclose((err) => emit('disconnected', err));

  return {
    connection,
    async start() {
      if (connection.state === HubConnectionState.Connected) return;
      if (connection.state !== HubConnectionState.Disconnected) {
        throw new Error(`connection is ${connection.state}`);
      }
      await connection.start();
      emit('connected');
    },
    stop() { return connection.stop(); },
    invoke(name, ...args) { return connection.invoke(name, ...args); },
    send(name, ...args) { return connection.send(name, ...args); },
    on(name, fn) { connection.on(name, fn); },
    onState(fn) { stateListeners.add(fn); },
    connected() { return connection.state === HubConnectionState.Connected; },
  };
}
