// The live render's worker protocol (components/featvis/render-protocol.ts, render-worker.ts),
// run in Node over a MessageChannel on wasm: a render behind messages gives the same pixels and
// objective as the same job on this thread, reports every step, keeps the network for the next
// render, stops between steps on Cancel with the partial image, terminates a worker that does not
// answer Cancel, and says "unavailable" (so the page renders itself) when the network cannot load.
// The browser half (a real Web Worker on GoogLeNet) is test/e2e/feature-visualization-responsive.test.ts.
import {test} from "node:test";
import assert from "node:assert/strict";
import {MessageChannel} from "node:worker_threads";
import {createServer} from "node:http";
import type {AddressInfo} from "node:net";
import {initTf} from "../data/node/tf.ts";
import {packModelById} from "../data/node/zoo.ts";
import {loadPackedModel} from "../components/zoo/packed.ts";
import {runLiveRender, type LiveRenderSpec} from "../components/featvis/live-job.ts";
import {serveRender, type RenderPort, type RenderRequest, type RenderWorkerHooks} from "../components/featvis/render-protocol.ts";
import {fetchBytes} from "../components/zoo/fetch-bytes.ts";
import {CANCEL_GRACE_MS, closeRenderWorker, renderInWorker, WorkerUnavailable, type RenderWorkerLike} from "../components/featvis/render-worker.ts";

const tf = await initTf("wasm");
const bytes = await packModelById("shapetex");
const URL_OK = "mem://shapetex.bin";
const SPEC: LiveRenderSpec = {layer: "conv2_2", channel: 3, steps: 6, recipe: "modern", transforms: true, tv: 0.05, size: 32};

/** A "worker" in this thread: serveRender on one end of a channel, the page's end the other. */
function channelWorker({loads = [] as string[], silent = false, load}: {loads?: string[]; silent?: boolean; load?: RenderWorkerHooks["load"]} = {}): RenderWorkerLike & {terminated: boolean; sent: RenderRequest[]} {
  const {port1, port2} = new MessageChannel();
  serveRender(port2 as unknown as RenderPort, {
    prepare: async () => tf.getBackend(),
    load: load ?? (async (url) => {
      loads.push(url);
      if (url !== URL_OK) throw new Error(`no such file: ${url}`);
      return loadPackedModel(bytes);
    }),
  });
  port2.start();
  port1.start();
  const w = {
    terminated: false,
    sent: [] as RenderRequest[],
    postMessage: (m: RenderRequest) => {
      w.sent.push(m);
      if (silent && m.type === "cancel") return; // a worker stuck in a step: the cancel never arrives
      port1.postMessage(m);
    },
    addEventListener: (type: string, l: (e: Event) => void) => port1.addEventListener(type, l as never),
    terminate: () => {
      w.terminated = true;
      // a terminated worker stops computing: here the held cancel stops the render in this thread
      for (const m of w.sent) if (m.type === "cancel") port1.postMessage(m);
      setTimeout(() => { port1.close(); port2.close(); }, 200);
    },
  };
  return w;
}

test("a render in the worker gives the main thread's pixels and numbers, step by step", async () => {
  const model = await loadPackedModel(bytes);
  const here: number[] = [];
  const expected = await runLiveRender(model, SPEC, {onProgress: (_s, _n, v) => here.push(v)});
  const withModel = tf.memory().numTensors;
  model.dispose();
  const before = tf.memory().numTensors, perModel = withModel - before;
  const loads: string[] = [];
  const worker = channelWorker({loads});
  const there: Array<[number, number, number]> = [];
  let ready = "";
  const out = await renderInWorker(URL_OK, "wasm", SPEC, {onReady: (b) => (ready = b), onProgress: (s, n, v) => there.push([s, n, v])}, () => worker);
  assert.equal(ready, "wasm");
  assert.equal(out.backend, "wasm");
  assert.ok(out.result);
  assert.deepEqual(there.map(([s]) => s), [1, 2, 3, 4, 5, 6]);
  assert.ok(there.every(([, n]) => n === SPEC.steps));
  assert.deepEqual(there.map(([, , v]) => v), here, "the same objective at every step");
  assert.equal(out.result.steps, expected.steps);
  assert.equal(out.result.objectiveBefore, expected.objectiveBefore);
  assert.equal(out.result.objectiveAfter, expected.objectiveAfter);
  assert.deepEqual([out.result.image.width, out.result.image.height], [32, 32]);
  assert.deepEqual(Buffer.from(out.result.image.data), Buffer.from(expected.image.data), "identical RGBA bytes");
  // a second render of the same network reuses the loaded one
  const again = await renderInWorker(URL_OK, "wasm", {...SPEC, channel: 5, steps: 2}, {}, () => worker);
  assert.equal(again.result?.steps, 2);
  assert.deepEqual(loads, [URL_OK]);
  closeRenderWorker();
  assert.ok(worker.terminated);
  // what stays behind is the worker's copy of the network, kept for the next render: its weights, nothing more
  assert.equal(tf.memory().numTensors - before, perModel, "no tensor leaked beyond the cached network");
});

test("Cancel stops the worker's render between steps and returns the partial image", async () => {
  const worker = channelWorker();
  const abort = new AbortController();
  const steps: number[] = [];
  const out = await renderInWorker(URL_OK, "wasm", {...SPEC, steps: 200}, {
    signal: abort.signal,
    onProgress: (s) => { steps.push(s); if (s === 3) abort.abort(); },
  }, () => worker);
  assert.ok(out.result, "the worker answered with its image");
  assert.equal(out.result.cancelled, true);
  assert.ok(out.result.steps >= 3 && out.result.steps < 10, `stopped after ${out.result.steps} steps`);
  assert.equal(out.result.image.data.length, 32 * 32 * 4);
  assert.ok(worker.sent.some((m) => m.type === "cancel"));
  assert.equal(worker.terminated, false, "a worker that answers is kept for the next render");
  closeRenderWorker();
});

test("a worker that does not answer Cancel is terminated after the grace period", async () => {
  const worker = channelWorker({silent: true});
  const abort = new AbortController();
  const t0 = performance.now();
  let cancelledAt = 0;
  const out = await renderInWorker(URL_OK, "wasm", {...SPEC, steps: 1000}, {
    signal: abort.signal,
    onProgress: (s) => { if (s === 2 && !abort.signal.aborted) { cancelledAt = performance.now(); abort.abort(); } },
  }, () => worker);
  assert.equal(out.result, null);
  assert.ok(worker.terminated);
  const waited = performance.now() - cancelledAt;
  assert.ok(waited >= CANCEL_GRACE_MS - 50 && waited < CANCEL_GRACE_MS + 2000, `terminated ${waited.toFixed(0)} ms after Cancel (total ${(performance.now() - t0).toFixed(0)} ms)`);
  closeRenderWorker();
});

test("a network the worker cannot load is 'unavailable' (the page renders it itself), and a bad layer is an error", async () => {
  const worker = channelWorker();
  await assert.rejects(renderInWorker("mem://missing.bin", "wasm", SPEC, {}, () => worker), (e) => e instanceof WorkerUnavailable && /no such file: mem:\/\/missing\.bin/.test(e.message));
  await assert.rejects(renderInWorker(URL_OK, "wasm", {...SPEC, layer: "nope"}, {}, () => worker), (e) => !(e instanceof WorkerUnavailable) && /unknown layer "nope"/.test((e as Error).message));
  closeRenderWorker();
});

test("Cancel while the worker still loads the network returns at once, and the network is kept", async () => {
  const loads: string[] = [];
  const worker = channelWorker({loads});
  const abort = new AbortController();
  const pending = renderInWorker(URL_OK, "wasm", SPEC, {signal: abort.signal, onReady: () => assert.fail("no step after a Cancel during the load")}, () => worker);
  abort.abort();
  const out = await pending;
  assert.equal(out.result, null);
  assert.equal(worker.terminated, false);
  const next = await renderInWorker(URL_OK, "wasm", {...SPEC, steps: 1}, {}, () => worker);
  assert.equal(next.result?.steps, 1);
  assert.deepEqual(loads, [URL_OK], "loaded once");
  closeRenderWorker();
});

test("the worker reports the network's download, byte by byte, before the first step", async () => {
  closeRenderWorker();
  // a server that sends the packed file in 64 KB pieces with its length, and 404 for anything else
  const server = createServer((req, res) => {
    if (req.url !== "/shapetex.bin") return res.writeHead(404).end();
    res.writeHead(200, {"content-length": String(bytes.byteLength)});
    const all = new Uint8Array(bytes);
    for (let at = 0; at < all.length; at += 65536) res.write(all.subarray(at, at + 65536));
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const worker = channelWorker({load: async (url, onBytes) => loadPackedModel(await fetchBytes(url, {onBytes}))});
    const events: string[] = [], loading: Array<[number, number]> = [];
    const out = await renderInWorker(`${base}/shapetex.bin`, "wasm", {...SPEC, steps: 2}, {
      onLoading: (loaded, total) => (events.push("loading"), loading.push([loaded, total])),
      onReady: () => events.push("ready"),
      onProgress: () => events.push("step"),
    }, () => worker);
    assert.equal(out.result?.steps, 2);
    assert.ok(loading.length >= 2, `progress messages: ${loading.length}`);
    assert.deepEqual(loading[0], [0, bytes.byteLength], "announced with its length");
    assert.deepEqual(loading.at(-1), [bytes.byteLength, bytes.byteLength], "ends complete");
    assert.ok(loading.every(([l], i) => i === 0 || l >= loading[i - 1][0]), "never goes back");
    assert.ok(loading.length <= 102, `throttled to whole percents: ${loading.length} messages`);
    assert.equal(events.lastIndexOf("loading") < events.indexOf("ready") && events.indexOf("ready") < events.indexOf("step"), true, events.join(" "));
    await assert.rejects(fetchBytes(`${base}/missing.bin`, {what: "GoogLeNet"}), /GoogLeNet: download failed \(HTTP 404\)/);
    worker.terminate();
  } finally {
    server.close();
  }
});
