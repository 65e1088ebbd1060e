// A development stand-in for the GosChat server: serves wwwroot, answers the HTTP endpoints the
// pages call, and speaks the SignalR JSON hub protocol over WebSockets for /hubs/chat and
// /hubs/operator with canned behaviour. Only for trying the pages and the smoke test; it is not
// the server and implements no routing rules.
//   node dev/mock-server.mjs [port]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

const root = fileURLToPath(new URL('../../src/GosChat.Server/wwwroot/', import.meta.url));
const RS = '\u001e';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const XSS = '<img src=x onerror="window.__pwned=1">';

export function startMockServer(port = 0) {
  let seq = 0;
  const sessions = new Map(); // resumeToken -> session
  const operators = new Set();
  const status = () => ({
    now: new Date().toISOString(), timeZone: 'Europe/Moscow',
    queues: ['101', '102', '103', '104'].map((id) => ({ id, name: `Queue ${id}`, state: id === '104' ? 'unavailable' : 'online', open: id !== '104', nextChange: new Date(Date.now() + 3600e3).toISOString(), waiting: 2, estimatedWaitSeconds: 90 })),
  });

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const json = (code, body) => { res.writeHead(code, { 'content-type': code >= 400 ? 'application/problem+json' : 'application/json' }); res.end(JSON.stringify(body)); };
    if (url.pathname === '/api/status') return json(200, status());
    if (url.pathname === '/api/auth/login' && req.method === 'POST') {
      let body = '';
      for await (const c of req) body += c;
      const { login, password } = JSON.parse(body || '{}');
      if (password !== 'secret') return json(401, { title: 'Unauthorized', status: 401 });
      return json(200, { accessToken: `token-${login}`, operator: { id: login, name: login === 'boss' ? 'Руководитель' : 'Анна', roles: login === 'boss' ? ['operator', 'supervisor'] : ['operator'] } });
    }
    if (url.pathname === '/api/supervisor/overview') {
      if (!/^Bearer token-boss$/.test(req.headers.authorization || '')) return json(403, { title: 'Forbidden' });
      const now = Date.now();
      return json(200, {
        now: new Date(now).toISOString(),
        queues: status().queues.map((q) => ({ ...q, longestWaitSeconds: 75, available: 1, busy: 2, away: 0, breachesToday: q.id === '103' ? 2 : 0 })),
        operators: [{ id: 'anna', name: 'Анна', presence: 'available', activeSessions: 1, capacity: 3, queues: ['101', '102'], languages: ['ru', 'en'] }],
        history: Array.from({ length: 24 }, (_, i) => ({ at: new Date(now - (24 - i) * 300e3).toISOString(), queue: '101', waiting: i % 5, answered: 3 + (i % 3), avgFirstReplySeconds: 40 + i * 2, slaAttainment: 0.8 + (i % 3) / 20 })),
      });
    }
    if (url.pathname === '/api/supervisor/jobs') return json(200, { jobs: [{ id: 'j1', type: 'deadline', state: 'dead', dueAt: new Date().toISOString(), attempts: 5, lastError: XSS }] });
    if (/^\/api\/supervisor\/jobs\/[^/]+\/retry$/.test(url.pathname)) { res.writeHead(204); return res.end(); }
    if (url.pathname.startsWith('/api/')) return json(404, { title: 'Not Found', status: 404 });
    if (url.pathname.endsWith('/negotiate')) {
      return json(200, { negotiateVersion: 1, connectionId: `c${++seq}`, connectionToken: `t${seq}`, availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }] });
    }
    let path = url.pathname;
    if (path === '/console' || path === '/supervisor') { res.writeHead(301, { location: `${path}/` }); return res.end(); }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) { res.writeHead(403); return res.end(); }
    try {
      const data = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(data);
    } catch { res.writeHead(404); res.end('not found'); }
  });

  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => {
    const hub = new URL(req.url, 'http://x').pathname;
    let handshaken = false;
    let session = null;
    const send = (m) => ws.send(JSON.stringify(m) + RS);
    const event = (target, ...args) => send({ type: 1, target, arguments: args });
    const reply = (id, result) => send({ type: 3, invocationId: id, result });
    const fail = (id, error) => send({ type: 3, invocationId: id, error });
    if (hub === '/hubs/operator') operators.add(event);
    ws.on('close', () => operators.delete(event));
    ws.on('message', (raw) => {
      for (const frame of raw.toString().split(RS).filter(Boolean)) {
        const msg = JSON.parse(frame);
        if (!handshaken) {
          handshaken = true;
          send({});
          if (hub === '/hubs/operator') {
            setTimeout(() => event('Offer', { offerId: 'o1', sessionId: 'op-s1', channel: 'chat', queue: '101', ticket: '300000001', language: 'ru', preview: XSS, expiresAt: new Date(Date.now() + 20000).toISOString() }), 300);
            setTimeout(() => event('Offer', { offerId: 'o2', sessionId: 'op-s2', channel: 'call', queue: '103', ticket: '300000002', language: 'ru', preview: '+7 (495) 123-45-67', expiresAt: new Date(Date.now() + 20000).toISOString() }), 400);
            setTimeout(() => event('QueueStats', { queues: status().queues.map((q) => ({ ...q, waiting: 7, longestWaitSeconds: 130, available: 1, busy: 1, away: 1, breachesToday: 1 })) }), 500);
          }
          continue;
        }
        if (msg.type === 6) continue;
        if (msg.type !== 1) continue;
        const [a0, a1, a2] = msg.arguments || [];
        const id = msg.invocationId;
        const name = msg.target.toLowerCase();
        if (hub === '/hubs/chat') {
          if (name === 'startsession') {
            const n = ++seq;
            session = { sessionId: `s${n}`, resumeToken: `r${n}`, ticket: `3${String(n).padStart(8, '0')}`, queue: a0.topic || '101', messages: [], sent: new Map() };
            sessions.set(session.resumeToken, session);
            reply(id, { sessionId: session.sessionId, resumeToken: session.resumeToken, ticket: session.ticket, queue: session.queue, state: 'queued', position: 2, estimatedWaitSeconds: 120 });
            setTimeout(() => event('QueueUpdate', { position: 1, estimatedWaitSeconds: 30 }), 300);
            setTimeout(() => {
              event('OperatorJoined', { operatorName: 'Анна' });
              const m = { messageId: `m${++seq}`, sessionId: session.sessionId, from: 'operator', text: `Здравствуйте! ${XSS}`, sentAt: new Date().toISOString() };
              session.messages.push(m);
              event('Message', m);
            }, 700);
          } else if (name === 'resumesession') {
            session = sessions.get(a0);
            if (!session) fail(id, "An unexpected error occurred invoking 'ResumeSession' on the server. HubException: Session not found");
            else reply(id, { sessionId: session.sessionId, ticket: session.ticket, queue: session.queue, state: 'active', position: 0, operatorName: 'Анна', messages: session.messages });
          } else if (name === 'sendmessage') {
            let r = session.sent.get(a1);
            if (!r) {
              r = { messageId: `m${++seq}`, sentAt: new Date().toISOString() };
              session.sent.set(a1, r);
              const m = { messageId: r.messageId, sessionId: session.sessionId, from: 'citizen', text: a0, sentAt: r.sentAt };
              session.messages.push(m);
              event('Message', m);
            }
            reply(id, r);
          } else if (name === 'closesession') {
            reply(id, null);
            event('SessionClosed', { sessionId: session.sessionId, ticket: session.ticket, reason: 'closed by citizen' });
          } else reply(id, null);
        } else if (hub === '/hubs/operator') {
          if (name === 'acceptoffer') {
            reply(id, { sessionId: a0 === 'o1' ? 'op-s1' : 'op-s2', ticket: a0 === 'o1' ? '300000001' : '300000002', queue: '101', state: 'active', position: 0,
              messages: [{ messageId: 'om1', sessionId: 'op-s1', from: 'citizen', text: XSS, sentAt: new Date().toISOString() }],
              deadlines: [{ deadline: 'firstResponse', dueAt: new Date(Date.now() + 120000).toISOString() }] });
          } else if (name === 'sendmessage') {
            const r = { messageId: `om${++seq}`, sentAt: new Date().toISOString() };
            event('Message', { messageId: r.messageId, sessionId: a0, from: 'operator', text: a1, sentAt: r.sentAt });
            reply(id, r);
          } else reply(id, null);
        }
      }
    });
  });

  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ port: server.address().port, close: () => { wss.close(); server.close(); } })));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { port } = await startMockServer(Number(process.argv[2]) || 5099);
  console.log(`mock GosChat on http://127.0.0.1:${port}/`);
}
