'use strict';
// Replicates the real PouchDB against a running Symmetric node and checks what arrived.
//
//   node interop.js <baseUrl> [runId]
//
// <baseUrl> is where the database API is mounted (e.g. http://127.0.0.1:5984/db); each scenario
// uses its own databases named `<runId>-<scenario>`. Prints one JSON line per scenario on stdout
// ({"scenario":…,"ok":true|false,…}) and exits 1 if any failed. Set INTEROP_TRACE=1 to log
// every request PouchDB sends to the node on stderr.

const PouchDB = require('pouchdb');
PouchDB.plugin(require('pouchdb-adapter-memory'));

const TIMEOUT_MS = 30_000;
const HEARTBEAT_MS = 1_000;
const trace = process.env.INTEROP_TRACE === '1';

/** Requests the node answered with 5xx; any is a failure, whatever the replicator made of it. */
const serverErrors = [];

function tracingFetch(url, opts) {
  const method = (opts && opts.method) || 'GET';
  return PouchDB.fetch(url, opts).then((res) => {
    if (trace) {
      process.stderr.write(`${method} ${url} -> ${res.status}\n`);
    }
    if (res.status >= 500) {
      serverErrors.push(`${method} ${url} -> ${res.status}`);
    }
    return res;
  });
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

function assertEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  assert(a === e, `${what}: expected ${e} but was ${a}`);
}

/** Races a promise against a timeout that names what was awaited. */
function within(promise, what, ms = TIMEOUT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The node's HTTP API, used directly to write and to check independently of PouchDB. */
class Node {
  constructor(baseUrl, db) {
    this.url = `${baseUrl}/${db}`;
  }

  static docPath(id) {
    return id.startsWith('_design/')
      ? `_design/${encodeURIComponent(id.slice('_design/'.length))}`
      : encodeURIComponent(id);
  }

  async request(method, path, body) {
    const res = await fetch(`${this.url}/${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json;
    try {
      json = text.length ? JSON.parse(text) : null;
    } catch (e) {
      throw new Error(`${method} ${path}: not JSON (${res.status}): ${text.slice(0, 200)}`);
    }
    return { status: res.status, json };
  }

  async ok(method, path, body) {
    const r = await this.request(method, path, body);
    const ok = r.status >= 200 && r.status < 300;
    assert(ok, `${method} ${path} -> ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  }

  create() {
    return this.ok('PUT', '');
  }

  put(doc) {
    return this.ok('PUT', Node.docPath(doc._id), doc);
  }

  /** The winner with `_conflicts`/`_deleted_conflicts`, or null when missing or deleted. */
  async winner(id) {
    const query = 'conflicts=true&deleted_conflicts=true';
    const r = await this.request('GET', `${Node.docPath(id)}?${query}`);
    if (r.status === 404) {
      return null;
    }
    assert(r.status === 200, `GET ${id} -> ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  }

  /** Every leaf with its history, as `open_revs=all&revs=true` answers. */
  leaves(id) {
    return this.ok('GET', `${Node.docPath(id)}?open_revs=all&revs=true&attachments=true`);
  }

  /** id -> {revs (sorted leaves), deleted} from `_changes?style=all_docs`. */
  async changes() {
    const body = await this.ok('GET', '_changes?style=all_docs');
    return changeMap(body.results);
  }
}

function changeMap(results) {
  const out = {};
  for (const row of results) {
    out[row.id] = { revs: row.changes.map((c) => c.rev).sort(), deleted: !!row.deleted };
  }
  return out;
}

/** Leaves in a canonical order, with the members that must survive replication. */
function canonicalLeaves(openRevs) {
  return openRevs
    .map((r) => {
      assert(r.ok, `open_revs answered ${JSON.stringify(r)}`);
      const d = { ...r.ok };
      if (d._attachments) {
        // Stub or inline is a transport choice; the content and its digest must match.
        const atts = {};
        for (const [name, a] of Object.entries(d._attachments)) {
          atts[name] = { content_type: a.content_type, digest: a.digest, data: a.data };
        }
        d._attachments = atts;
      }
      return d;
    })
    .sort((a, b) => (a._rev < b._rev ? -1 : a._rev > b._rev ? 1 : 0))
    .map((d) => sortKeys(d));
}

function sortKeys(value) {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value && typeof value === 'object') {
    const out = {};
    for (const k of Object.keys(value).sort()) {
      out[k] = sortKeys(value[k]);
    }
    return out;
  }
  return value;
}

/**
 * The winner with `_conflicts` as PouchDB has them, or null when missing or deleted. PouchDB has
 * no `deleted_conflicts`; deleted leaves are compared through `open_revs=all` instead.
 */
async function localWinner(db, id) {
  try {
    return await db.get(id, { conflicts: true });
  } catch (e) {
    if (e.status === 404) {
      return null;
    }
    throw e;
  }
}

function winnerShape(doc) {
  if (doc === null) {
    return null;
  }
  return {
    rev: doc._rev,
    conflicts: (doc._conflicts || []).slice().sort(),
  };
}

/** CouchDB's winner rule over leaves: not deleted first, then deepest, then greatest hash. */
function expectedWinner(leaves) {
  const key = (l) => {
    const dash = l.rev.indexOf('-');
    return [l.deleted ? 0 : 1, Number(l.rev.slice(0, dash)), l.rev.slice(dash + 1)];
  };
  return leaves.slice().sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < 3; i++) {
      if (ka[i] !== kb[i]) {
        return ka[i] < kb[i] ? 1 : -1;
      }
    }
    return 0;
  })[0];
}

function localDb(name) {
  return new PouchDB(name, { adapter: 'memory' });
}

function remoteDb(baseUrl, name) {
  return new PouchDB(`${baseUrl}/${name}`, { fetch: tracingFetch });
}

function base64(bytesOrText) {
  return Buffer.from(bytesOrText).toString('base64');
}

function hex(n) {
  return n.toString(16).padStart(32, '0');
}

/** Ids that exercise path encoding: separators, spaces, plus signs, non-ASCII. */
function awkwardId(i) {
  const shapes = [
    (n) => `doc-${n}`,
    (n) => `a/b/${n}`,
    (n) => `with space ${n}`,
    (n) => `plus+${n}+x`,
    (n) => `ünïcødé-${n}-日本`,
    (n) => `mixed/ +%?#&=${n}`,
    (n) => `emoji-${n}-\u{1F600}`,
  ];
  return shapes[i % shapes.length](i);
}

/** Compares every document of `local` with the node: leaves, histories, deleted states. */
async function compareAll(local, node) {
  const localChanges = changeMap((await local.changes({ style: 'all_docs' })).results);
  const nodeChanges = await node.changes();
  assertEqual(Object.keys(nodeChanges).sort(), Object.keys(localChanges).sort(), 'document ids');
  for (const id of Object.keys(localChanges)) {
    assertEqual(nodeChanges[id], localChanges[id], `leaves of ${id}`);
    const localLeaves = canonicalLeaves(
      await local.get(id, { open_revs: 'all', revs: true, attachments: true }),
    );
    const nodeLeaves = canonicalLeaves(await node.leaves(id));
    assertEqual(nodeLeaves, localLeaves, `leaf bodies and histories of ${id}`);
    assertEqual(
      winnerShape(await node.winner(id)),
      winnerShape(await localWinner(local, id)),
      `winner of ${id}`,
    );
  }
  return Object.keys(localChanges).length;
}

// ---------------------------------------------------------------------------------------------

async function push(ctx) {
  const local = localDb(`${ctx.run}-push-local`);
  const node = new Node(ctx.baseUrl, `${ctx.run}-push`);
  const missing = await node.request('GET', '');
  assertEqual(missing.status, 404, 'status of the push target before replication');

  const ids = [];
  for (let i = 0; i < 199; i++) {
    ids.push(awkwardId(i));
  }
  ids.push('_design/x');
  const revs = {};
  const docs = ids.map((id, i) =>
    id === '_design/x'
      ? { _id: id, views: { byN: { map: 'function (doc) { emit(doc.n); }' } } }
      : { _id: id, n: i, tags: ['t', String(i % 3)], nested: { deep: { v: i * 1.5 } } },
  );
  for (const r of await local.bulkDocs(docs)) {
    assert(r.ok, `local write failed: ${JSON.stringify(r)}`);
    revs[r.id] = r.rev;
  }
  let attachments = 0;
  for (let i = 1; i < ids.length - 1; i += 10) {
    const bytes = Buffer.alloc(256 + i, 0);
    for (let b = 0; b < bytes.length; b++) {
      bytes[b] = (b * 7 + i) & 0xff;
    }
    const r = await local.put({
      _id: ids[i],
      _rev: revs[ids[i]],
      n: i,
      _attachments: {
        'note.txt': { content_type: 'text/plain', data: base64(`note ${i} ✓`) },
        'dir/blob.bin': { content_type: 'application/octet-stream', data: base64(bytes) },
      },
    });
    // An edit that keeps the attachments as stubs.
    const withStubs = await local.get(ids[i]);
    assert(withStubs._attachments['note.txt'].stub, 'local read returns attachment stubs');
    revs[ids[i]] = (await local.put({ ...withStubs, _rev: r.rev, touched: true })).rev;
    attachments += 2;
  }
  let updates = 0;
  let deletes = 0;
  for (let i = 0; i < ids.length; i += 5) {
    for (let k = 0; k < 1 + (i % 4); k++) {
      const r = await local.put({ _id: ids[i], _rev: revs[ids[i]], n: i, edit: k });
      revs[ids[i]] = r.rev;
      updates++;
    }
  }
  for (let i = 3; i < ids.length - 1; i += 9) {
    await local.remove(ids[i], revs[ids[i]]);
    deletes++;
  }

  const result = await within(local.replicate.to(remoteDb(ctx.baseUrl, `${ctx.run}-push`)), 'push');
  assert(result.ok, `replication failed: ${JSON.stringify(result)}`);
  assertEqual(result.docs_written, ids.length, 'docs_written');
  const compared = await compareAll(local, node);
  const info = await node.ok('GET', '');
  assertEqual(info.doc_count, ids.length - deletes, 'doc_count on the node');
  assertEqual(info.doc_del_count, deletes, 'doc_del_count on the node');
  ctx.push = { local };
  return {
    db: `${ctx.run}-push`,
    docs: compared,
    updates,
    deletes,
    attachments,
    docs_written: result.docs_written,
    doc_count: info.doc_count,
  };
}

async function pull(ctx) {
  const name = `${ctx.run}-pull`;
  const node = new Node(ctx.baseUrl, name);
  await node.create();
  let expectedDocs = 0;
  for (let i = 0; i < 60; i++) {
    const id = awkwardId(1000 + i);
    let rev = (await node.put({ _id: id, n: i })).rev;
    expectedDocs++;
    if (i % 4 === 0) {
      rev = (await node.put({ _id: id, _rev: rev, n: i, updated: true })).rev;
    }
    if (i % 7 === 0) {
      await node.ok('DELETE', `${Node.docPath(id)}?rev=${rev}`);
    }
  }
  for (let i = 0; i < 4; i++) {
    const id = `att/${i} ü`;
    const data = base64(`attached on the node ${i}`);
    const first = await node.put({
      _id: id,
      _attachments: { 'a b.txt': { content_type: 'text/plain', data } },
    });
    // An edit that keeps the attachment as a stub, as clients do.
    await node.put({ _id: id, _rev: first.rev, i, _attachments: { 'a b.txt': { stub: true } } });
    expectedDocs++;
  }
  // Conflicts as a replicator would deliver them: the same root, branches the node never saw.
  const conflicted = [];
  const root = hex(0xa);
  const branches = [];
  for (let c = 0; c < 6; c++) {
    const id = c % 2 === 0 ? `conflict/${c}` : `conflict ${c} ü`;
    conflicted.push(id);
    const docs = [];
    for (let b = 0; b < 2 + (c % 3); b++) {
      const depth = 2 + ((b + c) % 3);
      const ids = [];
      for (let d = depth; d >= 2; d--) {
        ids.push(hex(0x100 * (c + 1) + 0x10 * b + d));
      }
      ids.push(root);
      const leaf = `${depth}-${ids[0]}`;
      const deleted = c === 5 && b === 0;
      docs.push({
        _id: id,
        _rev: leaf,
        _revisions: { start: depth, ids },
        ...(deleted ? { _deleted: true } : { branch: b }),
      });
      branches.push({ id, rev: leaf, deleted });
    }
    const res = await node.ok('POST', '_bulk_docs', { new_edits: false, docs });
    assertEqual(res, [], `_bulk_docs new_edits=false answer for ${id}`);
    expectedDocs += docs.length; // docs_written counts revisions, one per leaf here
  }

  const local = localDb(`${ctx.run}-pull-local`);
  const result = await within(PouchDB.replicate(remoteDb(ctx.baseUrl, name), local), 'pull');
  assert(result.ok, `replication failed: ${JSON.stringify(result)}`);
  assertEqual(result.docs_written, expectedDocs, 'docs_written');
  await compareAll(local, node);
  const winners = {};
  for (const id of conflicted) {
    const nodeDoc = await node.winner(id);
    const localDoc = await localWinner(local, id);
    const what = `_conflicts of ${id} (order too)`;
    assertEqual(localDoc._conflicts || [], nodeDoc._conflicts || [], what);
    const leaves = branches.filter((b) => b.id === id);
    assertEqual(nodeDoc._rev, expectedWinner(leaves).rev, `winner of ${id} by CouchDB's rule`);
    winners[id] = { rev: nodeDoc._rev, conflicts: nodeDoc._conflicts || [] };
  }
  ctx.pull = { local, name };
  return { db: name, docs_written: result.docs_written, winners };
}

async function liveSync(ctx) {
  const name = `${ctx.run}-live`;
  const local = localDb(`${ctx.run}-live-local`);
  const node = new Node(ctx.baseUrl, name);
  const remote = remoteDb(ctx.baseUrl, name);
  await remote.info(); // creates the database
  const seen = { push: new Map(), pull: new Map() };
  const waiters = [];
  const errors = [];
  // A short heartbeat so the idle wait below spans several of them.
  const sync = local.sync(remote, { live: true, retry: true, heartbeat: HEARTBEAT_MS });
  sync.on('change', (info) => {
    for (const d of info.change.docs) {
      seen[info.direction].set(d._id, d._rev);
    }
    for (const w of waiters.slice()) {
      w();
    }
  });
  sync.on('error', (e) => errors.push(`error: ${e && (e.message || e.reason || e)}`));
  sync.on('denied', (e) => errors.push(`denied: ${JSON.stringify(e)}`));
  const done = new Promise((resolve) => sync.on('complete', resolve));

  /** Resolves once `direction` carried `id` at `rev`; checked on each 'change' event. */
  const arrival = (direction, id, rev) =>
    within(
      new Promise((resolve, reject) => {
        const check = () => {
          if (errors.length) {
            reject(new Error(errors.join('; ')));
          } else if (seen[direction].get(id) === rev) {
            waiters.splice(waiters.indexOf(check), 1);
            resolve();
          }
        };
        waiters.push(check);
        check();
      }),
      `${direction} of ${id}@${rev}`,
    );

  try {
    const rounds = [];
    for (let i = 0; i < 5; i++) {
      const a = await local.put({ _id: `from-local/${i}`, i });
      await arrival('push', a.id, a.rev);
      const onNode = await node.winner(a.id);
      assertEqual(onNode && onNode._rev, a.rev, `node copy of ${a.id}`);

      const b = await node.put({ _id: `from node ${i} ✓`, i });
      await arrival('pull', b.id, b.rev);
      assertEqual((await local.get(b.id))._rev, b.rev, `local copy of ${b.id}`);
      rounds.push([a.id, b.id]);
    }
    // An update and a delete on the node travel too.
    const first = await node.winner('from node 0 ✓');
    const upd = await node.put({ ...first, edited: true });
    await arrival('pull', 'from node 0 ✓', upd.rev);
    const gone = 'from node 1 ✓';
    const goneRev = (await node.winner(gone))._rev;
    const del = await node.ok('DELETE', `${Node.docPath(gone)}?rev=${goneRev}`);
    await arrival('pull', gone, del.rev);
    assertEqual(await localWinner(local, gone), null, 'deleted on the node, read locally');

    // A burst larger than a batch, then a write after the pull feed sat idle through heartbeats.
    const burst = [];
    for (let i = 0; i < 250; i++) {
      burst.push({ _id: `burst/${i}`, i });
    }
    const written = await node.ok('POST', '_bulk_docs', { docs: burst });
    await Promise.all(written.map((w) => arrival('pull', w.id, w.rev)));
    await new Promise((resolve) => setTimeout(resolve, HEARTBEAT_MS * 2.5));
    const late = await node.put({ _id: 'after idle heartbeats' });
    await arrival('pull', late.id, late.rev);
    assert(errors.length === 0, errors.join('; '));
  } finally {
    sync.cancel();
    await within(done, 'live sync to stop after cancel');
  }
  await compareAll(local, node);
  return { db: name, pushed: seen.push.size, pulled: seen.pull.size };
}

async function conflictBothWays(ctx) {
  const name = `${ctx.run}-conflict`;
  const local = localDb(`${ctx.run}-conflict-local`);
  const node = new Node(ctx.baseUrl, name);
  const remote = remoteDb(ctx.baseUrl, name);
  const ids = ['shared/resolved-locally', 'shared resolved on node'];
  for (const id of ids) {
    await local.put({ _id: id, v: 'base' });
  }
  await within(local.sync(remote), 'initial sync');

  const edits = {};
  for (const id of ids) {
    const base = await local.get(id);
    const l = await local.put({ ...base, v: 'local' });
    const onNode = await node.winner(id);
    assertEqual(onNode._rev, base._rev, `node's copy of ${id} before the edits`);
    const n = await node.put({ ...onNode, v: 'node' });
    edits[id] = [
      { rev: l.rev, deleted: false },
      { rev: n.rev, deleted: false },
    ];
  }
  const first = await within(local.sync(remote), 'sync after concurrent edits');
  assert(first.push.ok && first.pull.ok, `sync failed: ${JSON.stringify(first)}`);

  const outcome = {};
  for (const id of ids) {
    const nodeDoc = await node.winner(id);
    const localDoc = await localWinner(local, id);
    assertEqual(winnerShape(localDoc), winnerShape(nodeDoc), `winner and conflicts of ${id}`);
    const winner = expectedWinner(edits[id]).rev;
    assertEqual(nodeDoc._rev, winner, `winner of ${id} by CouchDB's rule`);
    assertEqual(nodeDoc._conflicts.length, 1, `conflicts of ${id}`);
    assertEqual(nodeDoc.v, winner === edits[id][0].rev ? 'local' : 'node', `winning body of ${id}`);
    outcome[id] = { winner, loser: nodeDoc._conflicts[0] };
  }

  // Resolve: delete the losing branch, one document on each side, then converge.
  const [onLocal, onNodeSide] = ids;
  await local.remove(onLocal, outcome[onLocal].loser);
  await node.ok('DELETE', `${Node.docPath(onNodeSide)}?rev=${outcome[onNodeSide].loser}`);
  const second = await within(local.sync(remote), 'sync after resolving');
  assert(second.push.ok && second.pull.ok, `sync failed: ${JSON.stringify(second)}`);
  for (const id of ids) {
    const nodeDoc = await node.winner(id);
    const localDoc = await localWinner(local, id);
    assertEqual(winnerShape(localDoc), winnerShape(nodeDoc), `resolved ${id}`);
    assertEqual(nodeDoc._rev, outcome[id].winner, `winner of ${id} after resolving`);
    assertEqual(nodeDoc._conflicts || [], [], `conflicts of ${id} after resolving`);
    assertEqual(nodeDoc._deleted_conflicts.length, 1, `deleted conflicts of ${id} after resolving`);
  }
  await compareAll(local, node);
  return { db: name, docs: outcome };
}

async function checkpoints(ctx) {
  assert(ctx.push && ctx.pull, 'needs the push and pull scenarios to have run');
  const pushAgain = await within(
    ctx.push.local.replicate.to(remoteDb(ctx.baseUrl, `${ctx.run}-push`)),
    'second push',
  );
  const pullAgain = await within(
    PouchDB.replicate(remoteDb(ctx.baseUrl, ctx.pull.name), ctx.pull.local),
    'second pull',
  );
  for (const [what, r] of [
    ['push', pushAgain],
    ['pull', pullAgain],
  ]) {
    assert(r.ok, `second ${what} failed: ${JSON.stringify(r)}`);
    assertEqual(r.docs_read, 0, `docs_read of the second ${what}`);
    assertEqual(r.docs_written, 0, `docs_written of the second ${what}`);
  }
  return {
    push: { docs_read: pushAgain.docs_read, docs_written: pushAgain.docs_written },
    pull: { docs_read: pullAgain.docs_read, docs_written: pullAgain.docs_written },
  };
}

const SCENARIOS = [
  ['push', push],
  ['pull', pull],
  ['live_sync', liveSync],
  ['conflict_both_ways', conflictBothWays],
  ['checkpoints', checkpoints],
];

async function main() {
  const [baseUrl, runArg] = process.argv.slice(2);
  if (!baseUrl || !/^https?:\/\//.test(baseUrl)) {
    process.stderr.write('usage: node interop.js <baseUrl> [runId], e.g. http://host:5984/db\n');
    process.exit(2);
  }
  const ctx = {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    run: runArg || `interop${Date.now().toString(36)}`,
  };
  const failed = [];
  for (const [scenario, fn] of SCENARIOS) {
    const started = Date.now();
    serverErrors.length = 0;
    let line;
    try {
      const details = await fn(ctx);
      assert(serverErrors.length === 0, `the node answered 5xx: ${serverErrors.join(', ')}`);
      line = { scenario, ok: true, ms: Date.now() - started, ...details };
    } catch (e) {
      failed.push(scenario);
      line = { scenario, ok: false, ms: Date.now() - started, error: String((e && e.stack) || e) };
    }
    process.stdout.write(JSON.stringify(line) + '\n');
  }
  if (failed.length) {
    process.stderr.write(`interop failed: ${failed.join(', ')} (see each line's error above)\n`);
    process.exit(1);
  }
  // Idle keep-alive sockets would hold the process open for a while; the work is done.
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`interop crashed: ${(e && e.stack) || e}\n`);
  process.exit(1);
});
