// The committed adversarial studies (data/precomputed/transfer-*.json) match a recomputation:
// one attacked network on a few images, every ε and every transfer outcome; and the table's
// cells are the per-image outcomes counted.
import {test} from "node:test";
import assert from "node:assert/strict";
import {existsSync, readFileSync} from "node:fs";
import {initTf} from "../data/node/tf.ts";
import {loadModel} from "../data/node/zoo.ts";
import {requireMirror} from "./helpers/mirror.ts";
import {attackOne, STUDY, studyImages, studyNetworks, type TransferStudy} from "../data/precompute/transfer.ts";
import {committedPath} from "../data/precompute/committed.ts";

const tf = await initTf();

function committed(set: "shapetex" | "imagenet"): TransferStudy {
  const file = committedPath("transfer", set);
  assert.ok(existsSync(file), `${file} is committed (npm run precompute -- transfer)`);
  return JSON.parse(readFileSync(file, "utf8"));
}

function checkCounts(study: TransferStudy): void {
  for (const a of study.networks) {
    const rows = Object.values(study.perImage[a.id]);
    assert.equal(rows.length, study.images.length);
    study.eps.forEach((e, i) => {
      const cell = study.success[a.id][i];
      assert.equal(cell.eps, e);
      assert.equal(cell.n, study.images.length);
      assert.equal(cell.changed, rows.filter((r) => r.byEps[i] !== r.clean).length);
    });
    for (const b of study.networks) if (b.id !== a.id) assert.equal(study.transfer[a.id][b.id].changed, rows.filter((r) => r.transfer[b.id]).length);
  }
}

async function recomputeMatches(set: "shapetex" | "imagenet", attackedId: string, which: number[]): Promise<void> {
  const study = committed(set);
  checkCounts(study);
  assert.deepEqual(study.networks.map((n) => n.id), await studyNetworks(set));
  assert.deepEqual(study.eps, [...STUDY.eps]);
  const models = await Promise.all(study.networks.map((n) => loadModel(n.id)));
  const images = await studyImages(set);
  try {
    const attacked = models.find((m) => m.id === attackedId)!;
    for (const i of which) {
      const r = await attackOne(attacked, models.filter((m) => m !== attacked), images[i].x);
      assert.deepEqual(r, study.perImage[attackedId][images[i].id], `${attackedId} on ${images[i].id}`);
    }
  } finally {
    models.forEach((m) => m.dispose());
    images.forEach((i) => i.x.dispose());
  }
}

test("the ShapeTex study: counts add up and a recomputation of three images matches", async () => {
  const before = tf.memory().numTensors;
  await recomputeMatches("shapetex", "shapetex", [0, 5, 11]);
  assert.equal(tf.memory().numTensors, before);
});

test("the ImageNet study (mirror): counts add up and MobileNet v1 0.25 on Chelsea recomputes the same", async (t) => {
  if (!requireMirror(t, "mit-cml")) return;
  await recomputeMatches("imagenet", "mobilenet-v1-0.25", [0]);
});

test("the chapter's sentence about the study is computed from it (pooled counts, Wilson intervals)", async () => {
  const {pooledSuccess, pooledTransfer, studySentence} = await import("../components/attacks/study-facts.ts");
  const study = committed("shapetex");
  const s = pooledSuccess(study, 0.5);
  const own = study.networks.map((n) => study.success[n.id][0]);
  assert.equal(s.n, own.reduce((a, c) => a + c.n, 0));
  assert.equal(s.p, own.reduce((a, c) => a + c.changed, 0) / s.n);
  assert.ok(s.low <= s.p && s.p <= s.high);
  const t = pooledTransfer(study);
  assert.equal(t.n, study.images.length * study.networks.length * (study.networks.length - 1));
  const text = studySentence(study);
  assert.match(text, new RegExp(`over ${study.images.length} images and ${study.networks.length} networks`));
  assert.match(text, /\(95% CI \d+–\d+%, n = \d+ image × network pairs\)/);
  assert.equal(studySentence({...study, missing: "not here"}), "not here");
  assert.throws(() => pooledSuccess(study, 3), /ε = 3 is not in the study/);
});
