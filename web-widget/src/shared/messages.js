// The message list of one conversation, as pure functions over an array.
//
// An item: { key, messageId?, clientMessageId?, from, text, sentAt?, createdAt, delivery, attachment? }
//   delivery: 'sending' | 'sent' | 'failed'   (only our own messages are ever not 'sent')
// `key` never changes once an item exists, so the view can keep its DOM node.
// Merging is by messageId; our own pending messages are matched by clientMessageId when the
// server echoes it, otherwise by text (oldest pending first), so nothing is ever shown twice — also when the
// same message arrives as a push, in a snapshot and from GetMessages after a gap.
// `seq` is the server's sequence number within the session (1, 2, …): the order of a conversation, and what
// `watermark` continues from when a client fetches what it missed.

function toSeq(n) {
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function toTime(iso) {
  const t = Date.parse(iso || '');
  return Number.isNaN(t) ? null : t;
}

export function fromServer(m) {
  return {
    key: `m:${m.messageId}`,
    messageId: m.messageId,
    seq: toSeq(m.seq),
    clientMessageId: m.clientMessageId || undefined,
    from: m.from || 'system',
    text: typeof m.text === 'string' ? m.text : '',
    sentAt: m.sentAt,
    createdAt: toTime(m.sentAt) ?? 0,
    delivery: 'sent',
    attachment: m.attachment && typeof m.attachment === 'object' ? { ...m.attachment } : undefined,
  };
}

/** Adds our own message before the server has acknowledged it. */
export function addPending(list, { clientMessageId, text, from, createdAt, delivery = 'sending' }) {
  if (list.some((m) => m.clientMessageId === clientMessageId)) return list;
  return [...list, { key: `c:${clientMessageId}`, clientMessageId, from, text, createdAt, delivery }];
}

function findPendingMatch(list, incoming, ownFrom) {
  if (incoming.from !== ownFrom) return -1;
  if (incoming.clientMessageId) {
    const i = list.findIndex((m) => m.clientMessageId === incoming.clientMessageId);
    if (i >= 0) return i;
  }
  return list.findIndex((m) => m.clientMessageId && !m.messageId && m.from === ownFrom && m.text === incoming.text);
}

/** Merges one server message (Message event or snapshot entry). */
export function mergeOne(list, raw, ownFrom) {
  if (!raw || !raw.messageId) return list;
  const incoming = fromServer(raw);
  const same = list.findIndex((m) => m.messageId === incoming.messageId);
  if (same >= 0) {
    const cur = list[same];
    const updated = {
      ...cur,
      seq: incoming.seq ?? cur.seq,
      text: incoming.text || cur.text,
      sentAt: incoming.sentAt || cur.sentAt,
      attachment: incoming.attachment || cur.attachment,
      delivery: 'sent',
    };
    const next = list.slice();
    next[same] = updated;
    return next;
  }
  const pending = findPendingMatch(list, incoming, ownFrom);
  if (pending >= 0) {
    const cur = list[pending];
    const next = list.slice();
    next[pending] = {
      ...cur,
      messageId: incoming.messageId,
      seq: incoming.seq ?? cur.seq,
      sentAt: incoming.sentAt,
      createdAt: incoming.createdAt || cur.createdAt,
      attachment: incoming.attachment || cur.attachment,
      delivery: 'sent',
    };
    return next;
  }
  return [...list, incoming];
}

/** Merges a whole history (ResumeSession / AcceptOffer snapshot, GetMessages after a gap), then orders it. */
export function mergeMany(list, raws, ownFrom) {
  let next = list;
  for (const raw of raws || []) next = mergeOne(next, raw, ownFrom);
  return ordered(next);
}

/** The SendMessage result arrived for clientMessageId. */
export function markSent(list, clientMessageId, messageId, sentAt, seq) {
  const i = list.findIndex((m) => m.clientMessageId === clientMessageId);
  if (i < 0) return list;
  const target = list[i];
  const previousId = target.messageId;
  let next = list.slice();
  next[i] = {
    ...target,
    messageId: messageId || target.messageId,
    seq: toSeq(seq) ?? target.seq,
    sentAt: sentAt || target.sentAt,
    createdAt: toTime(sentAt) ?? target.createdAt,
    delivery: 'sent',
  };
  if (messageId) {
    // Someone else may already hold this id: an echo that arrived before this result.
    next = next.flatMap((m, j) => {
      if (j === i || m.messageId !== messageId) return [m];
      if (m.clientMessageId) {
        // Two pending messages with identical text were matched the other way round: swap ids.
        return [{ ...m, messageId: previousId }];
      }
      return [];
    });
  }
  return next;
}

export function markFailed(list, clientMessageId) {
  return list.map((m) => (m.clientMessageId === clientMessageId && m.delivery !== 'sent' ? { ...m, delivery: 'failed' } : m));
}

export function markSending(list, clientMessageId) {
  return list.map((m) => (m.clientMessageId === clientMessageId && m.delivery !== 'sent' ? { ...m, delivery: 'sending' } : m));
}

/**
 * Acknowledged messages in the server's order (by sequence number when every one has it, by time otherwise); our
 * unacknowledged ones stay at the end in the order typed.
 */
export function ordered(list) {
  const sent = [];
  const unsent = [];
  list.forEach((m, i) => (m.delivery === 'sent' ? sent : unsent).push([m, i]));
  const byTime = (a, b) => (a[0].createdAt - b[0].createdAt) || (a[1] - b[1]);
  const bySeq = (a, b) => (a[0].seq - b[0].seq) || (a[1] - b[1]);
  sent.sort(sent.every(([m]) => m.seq) ? bySeq : byTime);
  unsent.sort(byTime);
  return [...sent, ...unsent].map(([m]) => m);
}

/** The highest sequence number up to which every message is here: what GetMessages(afterSeq) continues from. */
export function watermark(list) {
  const seqs = new Set((list || []).map((m) => m.seq).filter(Boolean));
  let w = 0;
  while (seqs.has(w + 1)) w++;
  return w;
}

/** True when a message numbered past the watermark is here: one before it never arrived (yet). */
export function hasHole(list) {
  const w = watermark(list);
  return (list || []).some((m) => m.seq > w);
}
