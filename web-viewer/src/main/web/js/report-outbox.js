// What the report page records without a network waits here: an outbox in IndexedDB (it survives a
// reload and a closed tab) whose items are sent in the order they were made, once the network is
// back. Every item carries the phone's own ids (patrol id, point ids, the report's clientId), and
// the server stores each once, so an item whose answer was lost is simply sent again.
// The page's own state (the signed-in user, the patrol under way and its track) is kept here too.

const DB_NAME = 'gridscape-report';
const OUTBOX = 'outbox';
const STATE = 'state';

let opened;

function open() {
  opened ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: 'seq', autoIncrement: true });
      if (!db.objectStoreNames.contains(STATE)) db.createObjectStore(STATE);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opened;
}

async function run(store, mode, action) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    let result;
    Promise.resolve(action(tx.objectStore(store))).then((r) => { result = r; });
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function wrap(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Reads a value of the page's state (undefined when none). */
export function getState(key) {
  return run(STATE, 'readonly', (s) => wrap(s.get(key)));
}

/** Stores (or with undefined, removes) a value of the page's state. */
export function setState(key, value) {
  return run(STATE, 'readwrite', (s) => (value === undefined ? s.delete(key) : s.put(value, key)));
}

/** Adds an item to the end of the outbox: {kind, path, body, label}. */
export function enqueue(item) {
  return run(OUTBOX, 'readwrite', (s) => wrap(s.add({ ...item, queuedAt: new Date().toISOString() })));
}

/** The items waiting, oldest first. */
export function pending() {
  return run(OUTBOX, 'readonly', (s) => wrap(s.getAll()));
}

function remove(seq) {
  return run(OUTBOX, 'readwrite', (s) => s.delete(seq));
}

let flushing = null;

/**
 * Sends the waiting items in order with {@code send(item)}, which resolves with the answer or throws
 * an error with {@code status} (0 without a network). Stops at the first item that cannot go now
 * (no network, 5xx, 401 until signed in again) and keeps it; drops an item the server refused for
 * good (another 4xx), telling {@code onRefused}. Returns how many are still waiting.
 */
export function flush(send, { onSent = () => {}, onRefused = () => {} } = {}) {
  flushing ??= (async () => {
    try {
      // items added while sending are sent in the same pass
      for (let items = await pending(); items.length; items = await pending()) {
        for (const item of items) {
          try {
            const answer = await send(item);
            await remove(item.seq);
            await onSent(item, answer);
          } catch (err) {
            const status = err?.status ?? 0;
            if (status === 0 || status >= 500 || status === 401 || status === 408 || status === 429) {
              return (await pending()).length;
            }
            await remove(item.seq);
            await onRefused(item, err);
          }
        }
      }
      return 0;
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}
